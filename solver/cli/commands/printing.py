"""``stageplan print``: the pages a coordinator prints, from a plan file (no solving).

``--what class`` (the default) is the whole-class page: the weeks x students grid over
the two years (fits one A4 landscape sheet in print), the periods with their
companies and tutors, the verification. ``--what students`` is each student's annex
on A4 pages of its own (two for a BTS CI student): their periods, companies, tutors,
the rules that apply to them with their verdict and citation, and room for signatures,
the annex stapled to a convention.
Both are self-contained HTML with print CSS; open them in a browser and print, or
ask for ``--format pdf`` (WeasyPrint, the optional ``pdf`` extra: no browser needed).
"""

from __future__ import annotations

import sys

import click

from solver.cli.common import (
    EXIT_OK,
    emit,
    handle_errors,
    lang_option,
    output_option,
    resolve_lang,
)
from solver.core.errors import InputError, msg
from solver.core.yamlload import parse_date
from solver.i18n.catalog import ui
from solver.io.render.html import render_html, render_student_html
from solver.jobs.history import default_from
from solver.jobs.verify import verify
from solver.load.scenario import load_scenario


@click.command("print")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--what", type=click.Choice(["class", "students"]), default="class",
              show_default=True,
              help="class: the whole-class page (A4 landscape); students: each student's "
              "pages, the annex of a convention.")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), default="html",
              show_default=True,
              help="html: a page to open and print; pdf: the printed pages (needs the "
              "optional WeasyPrint: pip install 'stageplan[pdf]').")
@click.option("--date", "day", default=None,
              help="Date printed as the day of the check on the student pages "
              "(YYYY-MM-DD or DD/MM/YYYY; none by default).")
@click.option("--student", "only", multiple=True,
              help="Only this student (id; repeatable), with --what students.")
@output_option
@lang_option
@handle_errors
def print_cmd(file: str, what: str, fmt: str, day: str | None, only: tuple[str, ...],
              output: str | None, lang: str | None) -> None:
    """Printable HTML pages of the plan in FILE: the class calendar or each student's
    pages; exit 0, or 2 on bad input."""
    lang = resolve_lang(lang)
    scenario = load_scenario(file)
    if only:
        ids = [s.id for s in scenario.students]
        missing = [sid for sid in only if sid not in ids]
        if missing:
            raise InputError(msg("no student '{}' in this class", missing[0]), file, None,
                             "--student", missing[0], msg("known: {}", ", ".join(ids[:12])))
        scenario = scenario.with_students([s for s in scenario.students if s.id in only])
    today = None
    if day is not None:
        today = parse_date(day)
        if today is None:
            raise InputError(msg("'{}' is not a date", day[:20]), None, None, "--date", day,
                             msg("write dates as YYYY-MM-DD"))
    result = verify(scenario)
    # a class in progress: the placements before the --date (today) are drawn as history
    # the PDF draws the same pages compact (runs of weeks as one cell, fixed columns)
    compact = fmt == "pdf"
    page = render_html(scenario, lang, result, from_date=default_from(scenario, today),
                       compact=compact) if what == "class" \
        else render_student_html(scenario, lang, result, today, compact=compact)
    if fmt == "pdf":
        if not output:
            raise InputError(ui("print_pdf_needs_output", lang), None, None, "--output")
        emit(html_to_pdf(page, lang), output)
    else:
        emit(page, output)
    sys.exit(EXIT_OK)


def html_to_pdf(page: str, lang: str) -> bytes:
    """The printed pages of ``page`` as PDF, by WeasyPrint (optional dependency)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:   # OSError: its system libraries (Pango) missing
        raise InputError(ui("print_pdf_missing", lang), None, None, "--format", "pdf",
                         msg("WeasyPrint: {}", str(exc)[:80])) from None
    return bytes(weasyprint.HTML(string=page).write_pdf())


COMMAND = print_cmd
