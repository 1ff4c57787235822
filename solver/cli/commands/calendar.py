"""``stageplan calendar``: import the ministry's ICS school calendar; show a class's calendar.

``stageplan calendar import FILE.ics [--from D --to D] [-o holidays.yaml]`` prints the
``holidays:`` block to paste under ``calendar:`` of a class file, or writes a holidays
file that ``calendar: {holidays_file: holidays.yaml}`` points to (validated like any
input). ``stageplan calendar show CLASS.yaml`` prints what the class's calendar is made
of: years 1 and 2, the summer break between them, the school holidays, bridges, the
public holidays of its place and whether it is provisional. Exit 0, or 2 on bad input.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from solver.cli.common import (
    console,
    emit,
    format_option,
    group_lang_option,
    handle_errors,
    lang_option,
    resolve_lang,
    set_group_lang,
)
from solver.cli.help import FrenchCommandsGroup
from solver.core.calendar import DateSpan
from solver.core.errors import InputError, msg
from solver.core.files import SCHEMA_VERSION, dumps_json
from solver.i18n.catalog import fmt_date, ui
from solver.io.ics_import import between, holidays_data, read_ics
from solver.load.scenario import load_scenario


def _date_option(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(msg("'{}' is not a date", value), None, None, name, value,
                         msg("write dates as YYYY-MM-DD")) from None


def holidays_yaml(spans: list[DateSpan], indent: int, source: str | None) -> str:
    """The ``holidays:`` list as YAML, one flow mapping a line (names in JSON quotes,
    which YAML reads as they are)."""
    pad = " " * indent
    lines = []
    if source is not None:
        lines.append(f"{pad}source: {json.dumps(source, ensure_ascii=False)}")
    lines.append(f"{pad}holidays:")
    for s in spans:
        lines.append(f"{pad}  - {{name: {json.dumps(s.label, ensure_ascii=False)}, "
                     f"from: {s.start.isoformat()}, to: {s.end.isoformat()}}}")
    return "\n".join(lines) + "\n"


@click.group("calendar", cls=FrenchCommandsGroup)
@group_lang_option
def calendar_group(group_lang: str | None) -> None:
    """School calendars: import the ministry's ICS file, show a class's calendar."""
    set_group_lang(group_lang)


@calendar_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--from", "date_from", default=None, metavar="YYYY-MM-DD",
              help="Keep the breaks that end on or after this day.")
@click.option("--to", "date_to", default=None, metavar="YYYY-MM-DD",
              help="Keep the breaks that begin on or before this day.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="Write a holidays file (for 'holidays_file:') atomically instead of "
                   "printing the block to paste.")
@click.option("--tz", "tz", default=None, metavar="ZONE",
              help="The académie's time zone for times in UTC or another zone (default: "
                   "the file's X-WR-TIMEZONE, an overseas académie it names, else "
                   "Europe/Paris).")
@lang_option
@handle_errors
def import_cmd(file: str, date_from: str | None, date_to: str | None, output: str | None,
               tz: str | None, lang: str | None) -> None:
    """Read the ministry's school calendar FILE.ics (one per zone, Corsica or overseas
    académie) and print the 'holidays:' block of a class file (or write it with -o)."""
    lo = _date_option(date_from, "--from")
    hi = _date_option(date_to, "--to")
    if lo is not None and hi is not None and hi < lo:
        raise InputError(msg("--to ({}) is before --from ({})", hi, lo), None, None, "--to", hi)
    notes: list[str] = []
    spans = between(read_ics(file, tz=tz, notes=notes, lang=resolve_lang(lang)), lo, hi)
    if not spans:
        raise InputError(msg("no school holidays between --from and --to"), file, None,
                         "--from", hint=msg("widen the dates"))
    said = "".join(f"# {note}\n" for note in notes)
    if output:
        data = holidays_data(spans, file)
        emit(f"# {ui('cal_import_header', resolve_lang(lang), file=file)}\n" + said
             + holidays_yaml(spans, 0, str(data["source"])), output)
    else:
        emit(f"# {ui('cal_paste_header', resolve_lang(lang))}\n" + said
             + holidays_yaml(spans, 2, None), None)


def calendar_json(path: str) -> dict[str, Any]:
    sc = load_scenario(path)
    cal = sc.calendar
    return {
        "schema_version": SCHEMA_VERSION, "file": path, "zone": cal.zone,
        "subdivision": cal.subdivision,
        "provisional": cal.provisional,
        "start": cal.start, "year2_start": cal.year2_start, "end": cal.end,
        "summer": None if cal.summer is None else
        {"name": cal.summer.label, "from": cal.summer.start, "to": cal.summer.end},
        "holidays": [{"name": h.label, "from": h.start, "to": h.end} for h in cal.holidays],
        "bridges": [{"name": h.label, "from": h.start, "to": h.end} for h in cal.bridges],
        "public_holidays": [{"date": d, "name": n} for d, n in sorted(cal.public.items())
                            if cal.start <= d <= cal.end],
    }


@calendar_group.command("show")
@click.argument("file", type=click.Path(dir_okay=False))
@format_option("text", "json")
@lang_option
@handle_errors
def show_cmd(file: str, fmt: str, lang: str | None) -> None:
    """What the calendar of the class FILE is made of: years, summer break, holidays,
    bridges, public holidays of the place, provisional or not."""
    lang = resolve_lang(lang)
    data = calendar_json(file)
    if fmt == "json":
        emit(dumps_json(data), None)
        return
    con = console()
    d = lambda v: fmt_date(v, lang)  # noqa: E731
    if data["provisional"]:
        con.print(f"[bold yellow]{ui('cal_provisional', lang)}[/]")
    con.print(ui("cal_years", lang, start=d(data["start"]), y2=d(data["year2_start"]),
                 end=d(data["end"])))
    summer = data["summer"]
    if summer:
        con.print(ui("cal_summer", lang, name=summer["name"], start=d(summer["from"]),
                     end=d(summer["to"])))
    con.print(f"[bold]{ui('cal_holidays', lang)}[/]")
    for h in data["holidays"]:
        con.print(f"  {d(h['from'])} – {d(h['to'])}  {h['name']}")
    if data["bridges"]:
        con.print(f"[bold]{ui('cal_bridges', lang)}[/]")
        for h in data["bridges"]:
            con.print(f"  {d(h['from'])} – {d(h['to'])}  {h['name']}")
    con.print(f"[bold]{ui('cal_public', lang, place=data['subdivision'] or 'France')}[/]")
    for p in data["public_holidays"]:
        con.print(f"  {d(p['date'])}  {p['name']}")


COMMAND = calendar_group
