"""``stageplan print``: the pages a coordinator prints, from a plan file (no solving).

``--what class`` (the default) is the whole-class page: the weeks x students grid over
the two years (fits one A4 landscape sheet in print), the periods with their
companies and tutors, the verification. ``--what students`` is one A4 page per
student: their periods, companies, tutors, the rules that apply to them with their
verdict and citation, and room for signatures, the annex stapled to a convention.
Both are self-contained HTML with print CSS; open them in a browser and print.
"""

from __future__ import annotations

import sys

import click

from ..cli_common import EXIT_OK, emit, handle_errors, lang_option, output_option, resolve_lang
from ..errors import InputError
from ..model import load_scenario
from ..render.html import render_html, render_student_html
from ..verify import verify


@click.command("print")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--what", type=click.Choice(["class", "students"]), default="class",
              show_default=True,
              help="class: the whole-class page (A4 landscape); students: one page per "
              "student, the annex of a convention.")
@click.option("--student", "only", multiple=True,
              help="Only this student (id; repeatable), with --what students.")
@output_option
@lang_option
@handle_errors
def print_cmd(file: str, what: str, only: tuple[str, ...], output: str | None,
              lang: str | None) -> None:
    """Printable HTML pages of the plan in FILE: the class calendar or one page per
    student; exit 0, or 2 on bad input."""
    lang = resolve_lang(lang)
    scenario = load_scenario(file)
    if only:
        ids = [s.id for s in scenario.students]
        missing = [sid for sid in only if sid not in ids]
        if missing:
            raise InputError(f"no student '{missing[0]}' in this class", file, None,
                             "--student", missing[0], "known: " + ", ".join(ids[:12]))
        scenario = scenario.with_students([s for s in scenario.students if s.id in only])
    result = verify(scenario)
    page = render_html(scenario, lang, result) if what == "class" \
        else render_student_html(scenario, lang, result)
    emit(page, output)
    sys.exit(EXIT_OK)


COMMAND = print_cmd
