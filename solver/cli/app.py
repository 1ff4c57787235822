"""The ``stageplan`` command line's jobs: one command per job, no rule logic here.

Commands live in small modules (``verify`` here; ``generate``, ``repair``, ... in
``solver/cli/commands/``) and share options and error handling from ``cli.common``. The
web's commands (``serve``, ``user``, ``token``) join this group in ``solver.stageplan``;
the page's child processes run the jobs of this group.
"""

from __future__ import annotations

import sys

import click

from solver import __version__
from solver.cli.commands import (
    batch,
    calendar,
    compare,
    explain,
    generate,
    importer,
    printing,
    repair,
    schema,
    whatif,
)
from solver.cli.common import (
    EXIT_BROKEN,
    EXIT_OK,
    console,
    emit,
    format_option,
    handle_errors,
    lang_option,
    output_option,
    parse_from,
    render_to_text,
    resolve_lang,
)
from solver.cli.help import LocalizedGroup
from solver.core.files import dumps_json
from solver.core.model import builtin_models
from solver.i18n.catalog import LANGS
from solver.io.render.verify_out import (
    models_table,
    rules_json,
    rules_text,
    verify_json,
    verify_text,
)
from solver.jobs.verify import ENGINES, verify
from solver.load.programme import load_programme
from solver.load.scenario import load_scenario


@click.group(cls=LocalizedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stageplan")
@click.option("--lang", "group_lang", type=click.Choice(LANGS), default=None,
              help="Language of messages (default: from the locale, else en).")
@click.pass_context
def main(ctx: click.Context, group_lang: str | None) -> None:
    """Plan and check BTS internship placements (stages en milieu professionnel)."""
    if group_lang:   # `stageplan --lang fr verify ...`: the command's own --lang wins
        ctx.meta["stageplan.lang"] = group_lang


@main.command("verify")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--engine", type=click.Choice(ENGINES), default="plain", show_default=True,
              help="plain: the Python checker; cp-sat: the compiled model with the plan fixed.")
@format_option("text", "json")
@output_option
@click.option("--from", "from_text", default=None, metavar="DATE",
              help="A class in progress: class caps and same dates count from DATE on, a "
              "week before it over a cap is a warning (default: the whole training).")
@lang_option
@handle_errors
def verify_cmd(file: str, engine: str, fmt: str, output: str | None, from_text: str | None,
               lang: str | None) -> None:
    """Check every student's plan in FILE; exit 0 compliant, 1 a rule broken, 2 bad input."""
    lang = resolve_lang(lang)
    scenario = load_scenario(file)
    # verify checks what is there: the whole training unless --from is given
    from_date = parse_from(from_text, scenario, lang) if from_text is not None else None
    result = verify(scenario, engine, from_date=from_date)
    if fmt == "json":
        emit(dumps_json(verify_json(result, lang)), output)
    elif output:
        emit(render_to_text(verify_text, result, lang), output)
    else:
        verify_text(result, lang, console())
    sys.exit(EXIT_OK if result.compliant else EXIT_BROKEN)


@main.command("models")
@format_option("text", "json")
@lang_option
@handle_errors
def models_cmd(fmt: str, lang: str | None) -> None:
    """List the built-in programme models."""
    lang = resolve_lang(lang)
    programmes = [load_programme(m) for m in builtin_models()]
    if fmt == "json":
        emit(dumps_json([{"id": p.id, "title": p.title, "routes": list(p.routes),
                          "adjustments": list(p.adjustments),
                          **({"replaced_by": p.replaced_by} if p.replaced_by else {})}
                         for p in programmes]), None)
    else:
        models_table(programmes, lang, console())


@main.command("rules")
@click.argument("programme")
@format_option("text", "json")
@lang_option
@handle_errors
def rules_cmd(programme: str, fmt: str, lang: str | None) -> None:
    """Show a programme's rules with the sentences of the texts they come from."""
    lang = resolve_lang(lang)
    p = load_programme(programme)
    if fmt == "json":
        emit(dumps_json(rules_json(p, lang)), None)
    else:
        rules_text(p, lang, console())


# modules under solver/cli/commands/ that each define one click command named COMMAND
for _mod in (generate, repair, explain, whatif, compare, batch, calendar, importer, printing,
             schema):
    main.add_command(_mod.COMMAND)
