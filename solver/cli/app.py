"""The ``stageplan`` command line's jobs: one command per job, no rule logic here.

Commands live in small modules (``verify`` here; ``generate``, ``repair``, ... in
``solver/cli/commands/``) and share options and error handling from ``cli.common``. The
web's commands (``serve``, ``user``, ``token``) join this group in ``solver.stageplan``;
the page's child processes run the jobs of this group.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
from pathlib import Path
from typing import Any

import click

from solver import __version__
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

# commands under solver/cli/commands/ (each module defines one click command named
# COMMAND), imported only when they run: OR-Tools, the renderers, Dask... cost a second
# of start-up that --help, models, rules and verify do not need
LAZY_COMMANDS = {"generate": "generate", "repair": "repair", "explain": "explain",
                 "whatif": "whatif", "compare": "compare", "batch": "batch",
                 "calendar": "calendar", "import": "importer", "print": "printing",
                 "schema": "schema"}


def _module_of(name: str) -> str:
    return f"solver.cli.commands.{LAZY_COMMANDS[name]}"


def _help_of(name: str) -> str:
    """The help text of a command not imported yet: its function's docstring, read from
    the module's source (what click would take from it, so --help lists it the same)."""
    spec = importlib.util.find_spec(_module_of(name))
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    target = next(node.value.id for node in tree.body if isinstance(node, ast.Assign)
                  and any(isinstance(t, ast.Name) and t.id == "COMMAND" for t in node.targets)
                  and isinstance(node.value, ast.Name))
    func = next(node for node in tree.body
                if isinstance(node, ast.FunctionDef) and node.name == target)
    return ast.get_docstring(func) or ""


class StageplanGroup(LocalizedGroup):
    """The group, its commands under ``solver/cli/commands/`` imported on first use; its
    --help lists them from their docstrings without importing them."""

    listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context | None, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            if self.listing:
                return click.Command(cmd_name, help=_help_of(cmd_name))
            self.add_command(importlib.import_module(_module_of(cmd_name)).COMMAND)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self.listing = False


def command(name: str) -> click.Command | None:
    """The command ``name`` of the group (imported if it is not yet), None if none."""
    return main.get_command(None, name)


@click.group(cls=StageplanGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
              "week before it over a cap is a warning (default: the whole training; 'today' "
              "for today).")
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

