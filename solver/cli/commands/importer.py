"""``stageplan import``: a class list exported by the school (CSV or XLSX) -> a class file.

``stageplan import eleves.csv --programme bts-ci --zone A --start 01/09/2025
--end 30/06/2027 -o classe.yaml`` reads the list (``solver/importer.py``), says on
stderr every guess it made (encoding, separator, columns, ids), and writes the class
file atomically; a bad row anywhere means every bad row is listed (row, column, what
is wrong) and nothing is written: exit 2.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

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
from solver.core.errors import InputError
from solver.core.yamlload import parse_date
from solver.i18n.catalog import colon, ui
from solver.io.importer import ClassListError, class_file_yaml, import_class_list, parse_columns


def _date(value: str, option: str) -> dt.date:
    day = parse_date(value)
    if day is None:
        raise InputError(f"'{value[:20]}' is not a date", None, None, option, value,
                         "write dates as YYYY-MM-DD")
    return day


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--programme", required=True, help="Programme id (see `stageplan models`).")
@click.option("--zone", type=click.Choice(["A", "B", "C"], case_sensitive=False), required=True,
              help="School-holiday zone of the school.")
@click.option("--start", required=True, help="First day of year 1 (YYYY-MM-DD or DD/MM/YYYY).")
@click.option("--end", required=True, help="Last day of training (YYYY-MM-DD or DD/MM/YYYY).")
@click.option("--columns", default=None,
              help="Which column is which: nom=Nom,prenom=Prénom,id=INE,statut=Voie,"
              "amenagement=Aménagement (the others are guessed).")
@click.option("--label", default=None, help="Name of the class (label: in the file).")
@output_option
@lang_option
@handle_errors
def import_cmd(file: str, programme: str, zone: str, start: str, end: str,
               columns: str | None, label: str | None, output: str | None,
               lang: str | None) -> None:
    """Turn the class list FILE (CSV or XLSX) into a class file; exit 0, or 2 on bad rows
    (all listed, nothing written)."""
    lang = resolve_lang(lang)
    path = Path(file)
    if path.is_dir():
        raise InputError("this is a folder, not a file", file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", file) from None
    err = console(stderr=True)
    try:
        result = import_class_list(data, file, programme=programme, zone=zone,
                                   start=_date(start, "--start"), end=_date(end, "--end"),
                                   columns=parse_columns(columns), label=label, lang=lang)
    except ClassListError as exc:
        err.print(f"[bold red]{ui('bad_input', lang)}{colon(lang).rstrip()}[/] "
                  + ui("imp_bad_rows", lang, n=exc.rows), highlight=False)
        for line in exc.lines(lang):
            err.print(f"  {line}", highlight=False, markup=False)
        sys.exit(EXIT_INPUT)
    for note in result.notes:
        err.print(f"[dim]{note}[/]", highlight=False)
    emit(class_file_yaml(result, path.name), output)
    n = len(result.scenario.students)
    err.print(ui("imp_done", lang, n=n, path=output or "-"), highlight=False)
    sys.exit(EXIT_OK)


COMMAND = import_cmd
