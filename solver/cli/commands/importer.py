"""``stageplan import``: a class list exported by the school (CSV or XLSX) -> a class file.

``stageplan import eleves.csv --programme bts-ci --academie Lille --start 01/09/2027
--end 30/06/2029 --final-exams 10/05/2029..21/05/2029 -o classe.yaml`` reads the list
(``solver/io/importer.py``), says on stderr every guess it made (encoding, separator,
columns taken, footer rows skipped) and every warning (ids given for a missing INE, a
provisional calendar, a column that looks like a status but was not used), and writes
the class file atomically; a bad row anywhere means every bad row is listed (row, column, what
is wrong) and nothing is written: exit 2.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.markup import escape

from solver.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    console,
    emit,
    handle_errors,
    lang_option,
    output_option,
    resolve_lang,
)
from solver.core.errors import InputError, msg
from solver.core.yamlload import parse_date
from solver.i18n.catalog import colon, ui, ui_n
from solver.io.importer import (
    CalendarChoice,
    ClassListError,
    class_file_yaml,
    import_class_list,
    parse_columns,
    parse_span,
)


def _date(value: str, option: str) -> dt.date:
    day = parse_date(value)
    if day is None:
        raise InputError(msg("'{}' is not a date", value[:20]), None, None, option, value,
                         msg("write dates as YYYY-MM-DD"))
    return day


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--programme", required=True, help="Programme id (see `stageplan models`).")
@click.option("--zone", type=click.Choice(["A", "B", "C"], case_sensitive=False), default=None,
              help="School-holiday zone of the school (or --academie).")
@click.option("--academie", default=None,
              help="Académie of the school (Lille, Lyon...): gives the zone, kept in the file.")
@click.option("--start", required=True, help="First day of year 1 (YYYY-MM-DD or DD/MM/YYYY).")
@click.option("--end", required=True, help="Last day of training (YYYY-MM-DD or DD/MM/YYYY).")
@click.option("--final-exams", default=None, metavar="FROM..TO",
              help="The final exams (no placement on or after their first day), "
              "e.g. 10/05/2029..21/05/2029.")
@click.option("--blocked", multiple=True, metavar="FROM..TO[:REASON]",
              help="Weeks with no placement (CCF, events); repeat the option for each.")
@click.option("--max-on-placement", type=click.IntRange(min=1), default=None, metavar="N",
              help="Tutor cap: at most N students on placement in the same week "
              "(a school-policy rule).")
@click.option("--columns", default=None,
              help="Which column is which: nom=Nom,prenom=Prénom,id=INE,statut=Voie,"
              "amenagement=Aménagement (the others are guessed).")
@click.option("--label", default=None, help="Name of the class (label: in the file).")
@output_option
@lang_option
@handle_errors
def import_cmd(file: str, programme: str, zone: str | None, academie: str | None, start: str,
               end: str, final_exams: str | None, blocked: tuple[str, ...],
               max_on_placement: int | None, columns: str | None, label: str | None,
               output: str | None, lang: str | None) -> None:
    """Turn the class list FILE (CSV or XLSX) into a class file; exit 0, or 2 on bad rows
    (all listed, nothing written). A class past the published school holidays gets a
    provisional calendar (said)."""
    lang = resolve_lang(lang)
    path = Path(file)
    if path.is_dir():
        raise InputError(msg("this is a folder, not a file"), file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(msg("file not found"), file) from None
    except OSError as exc:
        raise InputError(msg("cannot read the file: {}", exc.strerror), file) from None
    exams = parse_span(final_exams, "--final-exams") if final_exams else None
    choice = CalendarChoice(
        _date(start, "--start"), _date(end, "--end"), zone=zone, academie=academie,
        final_exams=exams[:2] if exams else None,
        blocked=[parse_span(b, "--blocked") for b in blocked],
        max_on_placement=max_on_placement)
    err = console(stderr=True)
    try:
        result = import_class_list(data, file, programme=programme, start=choice.start,
                                   end=choice.end, columns=parse_columns(columns),
                                   label=label, lang=lang, settings=choice)
    except ClassListError as exc:
        err.print(f"[bold red]{ui('bad_input', lang)}{colon(lang).rstrip()}[/] "
                  + ui_n("imp_rows_refused", exc.rows, lang, n=exc.rows), highlight=False)
        for line in exc.lines(lang):
            err.print(f"  {line}", highlight=False, markup=False)
        sys.exit(EXIT_INPUT)
    for note in result.notes:
        err.print(f"[dim]{escape(note)}[/]", highlight=False)
    for warning in result.warnings:
        err.print(f"[yellow]{ui('warning', lang)}{colon(lang)}[/]{escape(warning)}",
                  highlight=False)
    emit(class_file_yaml(result, path.name), output)
    n = len(result.scenario.students)
    err.print(ui("imp_done", lang, n=n, path=output or "-"), highlight=False)
    sys.exit(EXIT_OK)


COMMAND = import_cmd
