"""Where a class's school holidays and public holidays come from (issue 10).

A class file says its calendar in one of four ways, read here into the spans that
``SchoolCalendar`` counts on:

- ``zone: A|B|C``: the official metropolitan data shipped with
  ``vacances-scolaires-france`` (published until summer 2028);
- ``holidays:``: an explicit list (La Réunion, Corsica, any overseas académie);
- ``holidays_file: FILE``: the same list in its own file, as written by
  ``stageplan calendar import FILE.ics``, validated like any input;
- ``provisional: true`` (with a zone): school years whose calendar is not published
  yet are projected from the same zone's published years (see ``project``), and every
  output says « calendrier provisoire ».

``subdivision:`` (a département such as 57, 67, 68, 971-976, or an overseas code)
is passed to ``holidays`` so that the place's own public holidays (Good Friday and
St Stephen's day in Alsace-Moselle, the abolition days overseas) are known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from solver.core.aliases import normalise
from solver.core.calendar import DateSpan, split_bridges, zone_data_range, zone_holidays
from solver.core.errors import InputError, msg
from solver.core.fields import Fields
from solver.core.yamlload import load_file

CALENDAR_SOURCE_FIELDS = ("holidays", "holidays_file", "subdivision", "provisional")

# département numbers and names -> the subdivision codes of ``holidays.France``
SUBDIVISION_ALIASES: dict[str, str] = {
    "57": "57", "MOSELLE": "57",
    "67": "6AE", "68": "6AE", "6AE": "6AE", "ALSACE": "6AE", "BAS-RHIN": "6AE",
    "HAUT-RHIN": "6AE", "ALSACE-MOSELLE": "6AE",
    "971": "971", "GP": "971", "GUADELOUPE": "971",
    "972": "972", "MQ": "972", "MARTINIQUE": "972",
    "973": "973", "GF": "973", "GY": "973", "GUYANE": "973",
    "974": "974", "RE": "974", "REUNION": "974", "LA REUNION": "974", "LA RÉUNION": "974",
    "RÉUNION": "974",
    "975": "PM", "PM": "PM",
    "976": "976", "YT": "976", "MAYOTTE": "976",
    "977": "BL", "BL": "BL", "978": "MF", "MF": "MF",
    "984": "TF", "TF": "TF", "986": "WF", "WF": "WF", "987": "PF", "PF": "PF",
    "988": "NC", "NC": "NC",
}
NO_ZONE_DATA = ("CORSE", "CORSICA", "REUNION", "RÉUNION", "LA REUNION", "LA RÉUNION",
                "GUADELOUPE", "MARTINIQUE", "GUYANE", "MAYOTTE")
PROVISIONAL_NOTICE = "calendar.provisional"


@dataclass
class HolidaySource:
    """The school holidays of a class, its bridges, and how they were obtained."""

    holidays: list[DateSpan]
    bridges: list[DateSpan] = field(default_factory=list)
    provisional: bool = False
    projected: list[DateSpan] = field(default_factory=list)   # the projected spans
    subdivision: str | None = None


def subdivision_code(f: Fields) -> str | None:
    raw = f.str("subdivision", None)
    if raw is None:
        return None
    code = SUBDIVISION_ALIASES.get(raw.strip().upper())
    if code is None:
        known = "57, 67, 68, 971, 972, 973, 974, 975, 976, BL, MF, NC, PF, TF, WF"
        raise f.error("subdivision", msg("unknown subdivision '{}'", raw), raw,
                      msg("a département with its own public holidays: {}", known))
    return code


# The metropolitan académies and their holiday zone (arrêté of 16 November 2015 on the
# zones, Caen and Rouen merged as Normandie in 2020; both old names still accepted).
# Corsica and overseas set their own calendars: no zone.
ACADEMIE_ZONES = {
    **dict.fromkeys(("besancon", "bordeaux", "clermont-ferrand", "dijon", "grenoble",
                     "limoges", "lyon", "poitiers"), "A"),
    **dict.fromkeys(("aix-marseille", "amiens", "lille", "nancy-metz", "nantes", "nice",
                     "normandie", "caen", "rouen", "orleans-tours", "reims", "rennes",
                     "strasbourg"), "B"),
    **dict.fromkeys(("creteil", "montpellier", "paris", "toulouse", "versailles"), "C"),
}


def zone_of_academie(name: str) -> str | None:
    """The holiday zone of a metropolitan académie (« Lille », « académie de Lille »,
    « Orléans Tours »), or None for one the table does not know."""
    key = normalise(name).removeprefix("academie ").removeprefix("de ").removeprefix("d'")
    return ACADEMIE_ZONES.get(key.replace(" ", "-"))


def unknown_zone_hint(zone: str) -> str:
    if zone.upper() in ("CORSE", "CORSICA"):
        return msg("Corsica's calendar is set by the académie de Corse and is not in the "
                   "built-in data: import it (stageplan calendar import corse.ics -o "
                   "vacances.yaml, then 'holidays_file: vacances.yaml') or list 'holidays:'")
    if zone.upper() in NO_ZONE_DATA:
        return msg("overseas académies set their own calendar: import the rectorat's ICS "
                   "(stageplan calendar import FILE.ics) or list 'holidays:'")
    return msg("zones are A, B or C; for other schools import the ministry's ICS "
               "(stageplan calendar import FILE.ics) or list 'holidays:'")


def read_holiday_list(f: Fields, key: str = "holidays") -> list[DateSpan]:
    """The ``holidays:`` list of a calendar (or of a holidays file), validated."""
    holidays: list[DateSpan] = []
    for i, item, line in f.items(key):
        g = f.item_fields(key, i, item, line)
        g.reject_unknown(["name", "from", "to"])
        h_start, h_end = g.date("from"), g.date("to")
        if h_end < h_start:
            raise g.error("to", msg("'to' ({}) is before 'from' ({})", h_end, h_start), h_end)
        holidays.append(DateSpan(h_start, h_end, g.str("name", "holidays"), line))
    return holidays


def load_holidays_file(f: Fields, base: Path | None) -> list[DateSpan]:
    """``holidays_file: FILE`` (relative to the class file's folder ``base``): a YAML
    mapping with a ``holidays:`` list, as ``stageplan calendar import`` writes it. Without
    ``base`` (a web upload) no file is read: no path from a user reaches the filesystem."""
    ref = f.str("holidays_file")
    if base is None:
        raise f.error("holidays_file",
                      msg("a holidays file is read only for a class file on disk (the "
                                           "command line)"), ref,
                      msg("here, list the school holidays under 'holidays:' (the web "
                          "page's calendar import gives that list)"))
    path = Path(ref)
    if not path.is_absolute():
        path = base / path
    if not path.is_file():
        raise f.error("holidays_file", msg("holidays file '{}' not found", ref), ref,
                      msg("write it with 'stageplan calendar import FILE.ics -o "
                          "FILE.yaml'"))
    data = load_file(path)
    g = Fields(data, "", str(path))
    g.reject_unknown(["holidays", "source", "label", "zone"])
    if not g.has("holidays"):
        raise g.error("holidays", msg("is required"), hint=msg("a list of {name, from, to}"))
    return read_holiday_list(g)


def read_holidays(f: Fields, start: dt.date, end: dt.date,
                  zone: str | None, base: Path | None = None) -> HolidaySource:
    """The school holidays of the calendar ``f`` (see the module's docstring)."""
    provisional = f.bool("provisional", False)
    subdivision = subdivision_code(f)
    if f.has("holidays") and f.has("holidays_file"):
        raise f.error("holidays_file",
                      msg("give either 'holidays:' or 'holidays_file:', not both"))
    if f.has("holidays") or f.has("holidays_file"):
        spans = read_holiday_list(f) if f.has("holidays") else load_holidays_file(f, base)
        if provisional:
            raise f.error("provisional", msg("only projects the built-in zone data"),
                          True, msg("with an explicit holiday list, drop 'provisional:'"))
        holidays, bridges = split_bridges(spans)
        return HolidaySource(holidays, bridges, subdivision=subdivision)
    if zone is None:
        raise f.error("zone", msg("is required"),
                      hint=msg("give 'zone: A|B|C', list 'holidays:' or point to a "
                               "'holidays_file:' (stageplan calendar import FILE.ics)"))
    lo, hi = zone_data_range()
    # the data run to the end of a summer: a training ending before the next rentrée
    # is covered (its own end-of-training summer needs no data)
    if start < lo:
        raise f.error("start", msg("the built-in holiday data starts on {}", lo), start,
                      msg("list this calendar's school holidays under 'holidays:'"))
    if end > hi and not provisional:
        raise f.error(
            "zone",
            msg("the built-in holiday data of zone {} ends on {}; the school "
                "calendar after that is not published yet", zone, hi), zone,
            msg("either import the ministry's calendar when it is published "
                "(stageplan calendar import FILE.ics -o vacances.yaml, then "
                "'holidays_file: vacances.yaml'), or list the holidays under "
                "'holidays:', or add 'provisional: true' to project them from "
                "the usual national pattern (every output is then marked « "
                "calendrier provisoire »)"))
    spans = zone_holidays(zone, start, min(end, hi))
    projected: list[DateSpan] = []
    if end > hi:
        projected = project(zone, hi, end)
        spans = [s for s in spans if s.end <= hi] + projected
    holidays, bridges = split_bridges(spans)
    return HolidaySource(holidays, bridges, provisional=bool(projected),
                         projected=projected, subdivision=subdivision)


def _shift_weeks(day: dt.date, years: int) -> dt.date:
    """``day`` moved ``years`` years on, by whole weeks (it keeps its weekday), to the
    date nearest the same day of the month."""
    try:
        same = day.replace(year=day.year + years)
    except ValueError:
        same = day.replace(year=day.year + years, day=28)
    weeks = round((same - day).days / 7)
    return day + dt.timedelta(days=7 * weeks)


def project(zone: str, published_end: dt.date, end: dt.date) -> list[DateSpan]:
    """School holidays of ``zone`` after ``published_end`` up to ``end``, projected.

    Reading (issue 10): the national pattern repeats with the three-year rotation of
    the zones' winter and spring breaks (the arrêté fixing each calendar keeps
    Toussaint, Noël and summer national, and rotates the zones' February and April
    breaks). So school year Y is the published school year Y - 3k (smallest k), each
    break moved by whole weeks to the nearest same dates: breaks keep their weekdays
    (Saturday to Monday), their names and their lengths. Bridges are not projected.
    """
    lo, _ = zone_data_range()
    out: list[DateSpan] = []
    # school years start on 1 September; the first missing one starts after the data
    year = published_end.year if published_end.month < 9 else published_end.year + 1
    while dt.date(year, 9, 1) <= end:
        k = 1
        while dt.date(year - 3 * k + 1, 8, 31) > published_end:
            k += 1
        src_from, src_to = dt.date(year - 3 * k, 9, 1), dt.date(year - 3 * k + 1, 8, 31)
        if src_from < lo:
            break
        for span in zone_holidays(zone, src_from, src_to):
            if span.start < src_from or span.is_bridge:
                continue
            new = DateSpan(_shift_weeks(span.start, 3 * k),
                           _shift_weeks(span.start, 3 * k) + (span.end - span.start),
                           span.label)
            if new.start > published_end and new.start <= end:
                out.append(new)
        year += 1
    return out


def public_holidays_of(years: tuple[int, ...], subdivision: str | None) -> dict[dt.date, str]:
    """The public holidays of France, or of a subdivision (``holidays`` codes)."""
    from solver.core.calendar import public_holidays

    if subdivision is None:
        return public_holidays(years)
    return _public_subdiv(years, subdivision)


def _public_subdiv(years: tuple[int, ...], subdivision: str) -> dict[dt.date, str]:
    import holidays

    try:
        found = holidays.France(years=list(years), subdiv=subdivision, language="fr")
    except NotImplementedError as exc:   # pragma: no cover - codes are checked above
        raise InputError(msg("subdivision '{}' is not known to holidays: {}", subdivision, exc),
                         field="calendar.subdivision") from None
    return {d: str(n) for d, n in found.items()}
