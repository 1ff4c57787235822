"""Scenario, student, period and programme data, and the strict reading of their parts.

``solver.load.scenario.load_scenario`` turns a YAML/JSON file into a validated
``Scenario`` (with its ``SchoolCalendar`` and its ``Programme``) from the readers here
(calendar, student, period); ``solver.load.programme`` reads a model of ``models/``.
Every problem is an ``InputError`` with file, line and field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from solver.core.aliases import ADJUSTMENT_ALIASES, PLACE_ALIASES, ROUTE_ALIASES
from solver.core.calendar import DateSpan, SchoolCalendar, default_year2_start
from solver.core.calendar_source import (
    CALENDAR_SOURCE_FIELDS,
    public_holidays_of,
    read_holidays,
    unknown_zone_hint,
)
from solver.core.errors import msg
from solver.core.fields import Fields
from solver.core.plan import StudentPlan, normalise, period_end
from solver.core.yamlload import plain

if TYPE_CHECKING:
    from solver.rules.base import Rule

ROUTES = ("initial", "apprentice", "continuing", "continuing-improvement", "distance",
          "experience")
STATUS_ROUTES = ("initial", "apprentice", "continuing", "continuing-improvement")
ADJUSTMENTS = ("none", "reduced", "exempt-one-unit", "exempt")
PLACES = ("france", "abroad")
ZONES = ("A", "B", "C")
# French overseas territories with their own ISO 3166 alpha-2 codes
OVERSEAS = {"GP": "Guadeloupe", "MQ": "Martinique", "GF": "Guyane", "RE": "La Réunion",
            "YT": "Mayotte", "PM": "Saint-Pierre-et-Miquelon", "BL": "Saint-Barthélemy",
            "MF": "Saint-Martin", "WF": "Wallis-et-Futuna", "PF": "Polynésie française",
            "NC": "Nouvelle-Calédonie", "TF": "Terres australes et antarctiques françaises"}
# where a placement is in France whatever its 'place' says (issue 21: a student's fault,
# reported with the others, not a refusal of the whole file)
FRANCE_CODES = {"FR": "France", **OVERSEAS}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    place: str = "france"
    country: str | None = None
    locked: bool = False
    label: str | None = None
    line: int | None = None
    # the convention's details (contract extension): host company, tutor there, city,
    # and whether the convention is signed; carried as they are through every job
    company: str | None = None
    tutor: str | None = None
    city: str | None = None
    signed: bool = False

    @property
    def abroad(self) -> bool:
        """Days abroad: declared abroad, and not in France or its overseas territories."""
        return self.place == "abroad" and self.country not in FRANCE_CODES

    @property
    def france_declared_abroad(self) -> bool:
        return self.place == "abroad" and self.country in FRANCE_CODES

    @property
    def details(self) -> dict[str, Any]:
        """The convention's details that are set, in file order."""
        out: dict[str, Any] = {}
        for key in PERIOD_DETAILS:
            value = getattr(self, key)
            if value:
                out[key] = value
        return out

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"from": self.start, "to": self.end, "place": self.place}
        if self.country:
            out["country"] = self.country
        if self.locked:
            out["locked"] = True
        if self.label:
            out["label"] = self.label
        out.update(self.details)
        return out


PERIOD_DETAILS = ("company", "tutor", "city", "signed")


@dataclass(frozen=True)
class Employment:
    months: int
    full_time: bool
    within_months: int

    def to_dict(self) -> dict[str, Any]:
        return {"months": self.months, "full_time": self.full_time,
                "within_months": self.within_months}


@dataclass
class Student:
    id: str
    name: str | None = None
    route: str = "initial"
    adjustment: str = "none"
    status: str | None = None
    employment: Employment | None = None
    periods: list[Period] = field(default_factory=list)
    line: int | None = None
    # the student's own unavailable dates (hard, like blocked dates; rule kind unavailable)
    unavailable: tuple[DateSpan, ...] = ()
    # issue 10: 2 for a student who joins in year 2 (positionnement): no year-1 block
    entry_year: int = 1

    @property
    def odd(self) -> bool:
        """Not on the class's common path: another route, an adjustment (reduced,
        exempt...) or a year-2 entrant. Generate lets them follow a class wave."""
        return self.route != "initial" or self.adjustment != "none" or self.entry_year == 2

    @property
    def effective_route(self) -> str:
        """Distance learners follow the rules of their status (texts: 'selon leur statut')."""
        if self.route == "distance":
            return self.status or "initial"
        return self.route

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        if self.name:
            out["name"] = self.name
        out["route"] = self.route
        if self.status:
            out["status"] = self.status
        out["adjustment"] = self.adjustment
        if self.entry_year != 1:
            out["entry_year"] = self.entry_year
        if self.employment:
            out["employment"] = self.employment.to_dict()
        out["periods"] = [p.to_dict() for p in self.periods]
        if self.unavailable:
            out["unavailable"] = [
                {"from": u.start, "to": u.end, **({"reason": u.label} if u.label else {})}
                for u in self.unavailable]
        return out


@dataclass
class Programme:
    id: str
    title: str
    short: str
    source: str
    routes: dict[str, str]
    adjustments: dict[str, str]
    rules: list[Rule]
    file: str | None = None
    notes: list[str] = field(default_factory=list)
    # the programme's default school policy (shape of a class calendar, solver/rules/
    # shape.py): a class file's ``policy:`` overrides an entry by its id
    policy: list[Rule] = field(default_factory=list)
    # the id of the programme that replaced this one (issue 21: NRC, replaced by NDRC)
    replaced_by: str | None = None


@dataclass
class Scenario:
    programme: Programme
    calendar: SchoolCalendar
    students: list[Student]
    policy: list[Rule]
    label: str | None = None
    file: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    disabled: tuple[str, ...] = ()   # rule ids switched off (what-if overlays)
    # the rule a student's 'unavailable:' dates call for, given by the loader (the data
    # model names no rule kind); added to ``rules`` when a student lists such dates
    unavailable_rule: Rule | None = None
    # a class in progress, as a job plans it (solver/jobs/history.py): the working days
    # before this date are history; never read from nor written to the file
    from_date: dt.date | None = None

    @property
    def rules(self) -> list[Rule]:
        """Programme rules, the programme's default policy, then the class's school
        policy; a class policy rule with the same id overrides; disabled rule ids are
        left out."""
        policy_ids = {r.id for r in self.policy}
        out = [r for r in (*self.programme.rules, *self.programme.policy)
               if r.id not in policy_ids] + self.policy
        extra = self.unavailable_rule
        if (extra is not None and extra.id not in policy_ids
                and any(s.unavailable for s in self.students)):
            out.append(extra)
        out = [r for r in out if r.id not in self.disabled] if self.disabled else out
        # certificates that « peut être remplacé(e)s » know the placement rules they may
        # be met by instead (issue 10, EmploymentEvidence.or_route)
        return [r.bind(out) for r in out]

    def student_plan(self, student: Student) -> StudentPlan:
        return normalise([(p.start, p.end, p.abroad, p.country) for p in student.periods],
                         self.calendar)

    def plans(self) -> dict[str, StudentPlan]:
        return {s.id: self.student_plan(s) for s in self.students}

    def with_students(self, students: list[Student]) -> Scenario:
        """The same class (programme, calendar, policy) with other students."""
        return dataclasses.replace(self, students=students)

    def to_dict(self) -> dict[str, Any]:
        """The scenario as a plan file (contract section 1), for writing back."""
        cal = self.calendar
        out: dict[str, Any] = {"programme": self.raw.get("programme", self.programme.id)}
        label = self.label
        if label and self.calendar.provisional:   # the mark is not written back
            label = label.removesuffix(PROVISIONAL_SUFFIX)
            label = None if label == self.programme.title and "label" not in self.raw \
                else label
        if label:
            out["label"] = label
        for key, value in self.raw.items():
            # every other top-level key the loader accepted (school:, academie:...) is
            # the user's and is written back as it was (issue 20); overlays' own keys are
            # not part of a plan
            if key not in WRITTEN_KEYS and isinstance(key, str):
                out[key] = plain(value)
        c: dict[str, Any] = {}
        if cal.zone:
            c["zone"] = cal.zone
        c["start"] = cal.start
        c["year2_start"] = cal.year2_start
        c["end"] = cal.end
        if cal.blocked:
            c["blocked"] = [
                {"from": b.start, "to": b.end, **({"reason": b.label} if b.label else {}),
                 **({"final": True} if b.final else {})}
                for b in cal.blocked]
        raw_cal = self.raw.get("calendar", {})
        raw_cal = raw_cal if isinstance(raw_cal, dict) else {}
        if "holidays" in raw_cal or "holidays_file" in raw_cal:
            # a holidays file is written inline: the output plan may live elsewhere
            c["holidays"] = [{"name": h.label, "from": h.start, "to": h.end}
                             for h in sorted(cal.holidays + cal.bridges,
                                             key=lambda h: h.start)]
        if cal.subdivision and raw_cal.get("subdivision") is not None:
            c["subdivision"] = str(raw_cal["subdivision"])
        if raw_cal.get("provisional") is True:
            c["provisional"] = True
        out["calendar"] = c
        if "policy" in self.raw:
            out["policy"] = plain(self.raw["policy"])
        if self.disabled:
            out["disabled_rules"] = list(self.disabled)
        out["students"] = [s.to_dict() for s in self.students]
        return out


# ---- programmes -------------------------------------------------------------------

def data_dir(name: str) -> Path:
    """A folder of built-in YAML data (models, overlays): package data (solver/NAME)
    when installed, the top-level NAME/ folder in a checkout."""
    here = Path(__file__).resolve().parent.parent   # the solver package
    installed = here / name
    if installed.is_dir() and any(installed.glob("*.yaml")):
        return installed
    return here.parent / name


def models_dir() -> Path:
    return data_dir("models")


def builtin_models() -> list[str]:
    return sorted(p.stem for p in models_dir().glob("*.yaml"))


PROVISIONAL_SUFFIX = " — calendrier provisoire"
# the top-level keys Scenario.to_dict writes itself (or, for an overlay's, drops)
WRITTEN_KEYS = frozenset({"programme", "label", "calendar", "policy", "disabled_rules",
                          "students", "base", "changes"})


def provisional_label(label: str) -> str:
    return label if label.endswith(PROVISIONAL_SUFFIX) else label + PROVISIONAL_SUFFIX


def parse_calendar(f: Fields, base: Path | None = None) -> SchoolCalendar:
    f.reject_unknown(["zone", "start", "year2_start", "end", "blocked",
                      *CALENDAR_SOURCE_FIELDS])
    start = f.date("start")
    end = f.date("end")
    if end <= start:
        raise f.error("end", msg("'end' ({}) must be after 'start' ({})", end, start), end)
    if (end - start).days > 4 * 366:
        raise f.error("end", msg("a training longer than four years is not a BTS"), end)
    zone = f.str("zone", None)
    if zone is not None:
        zone = zone.upper()
        if zone not in ZONES:
            raise f.error("zone", msg("unknown zone '{}'", zone), zone, unknown_zone_hint(zone))
    source = read_holidays(f, start, end, zone, base)
    holidays = source.holidays
    blocked = []
    for i, item, line in f.items("blocked"):
        g = f.item_fields("blocked", i, item, line)
        g.reject_unknown(["from", "to", "reason", "final"])
        b_start = g.date("from")
        b_end = g.date("to", b_start)
        if b_end < b_start:
            raise g.error("to", msg("'to' ({}) is before 'from' ({})", b_end, b_start), b_end)
        blocked.append(DateSpan(b_start, b_end, g.str("reason", ""), line,
                                g.bool("final", False)))
    year2 = f.date("year2_start", None)
    if year2 is None:
        year2 = default_year2_start(holidays, start, end)
        if year2 is None:
            raise f.error("year2_start", msg("no summer holidays found to start year 2"),
                          hint=msg("give 'year2_start:' or a summer entry in 'holidays:'"))
    if not start < year2 <= end:
        raise f.error("year2_start", msg("'year2_start' ({}) must lie between start and end",
                                         year2),
                      year2)
    public = public_holidays_of(tuple(range(start.year, end.year + 1)), source.subdivision)
    return SchoolCalendar(start=start, end=end, year2_start=year2, holidays=holidays,
                          blocked=blocked, zone=zone, public=public, bridges=source.bridges,
                          subdivision=source.subdivision, provisional=source.provisional)


def parse_student(f: Fields, programme: Programme, cal: SchoolCalendar,
                  line: int | None) -> Student:
    f.reject_unknown(["id", "name", "route", "adjustment", "status", "employment", "periods",
                      "note", "entry_year", "unavailable"])
    sid = f.str("id")
    route = f.str("route", "initial", choices=ROUTES, aliases=ROUTE_ALIASES)
    status = f.str("status", None, choices=STATUS_ROUTES, aliases=ROUTE_ALIASES)
    if route == "distance" and status is None:
        raise f.error("status", msg("a distance learner needs 'status:'"),
                      hint=msg("one of: {}", ", ".join(STATUS_ROUTES)))
    if status is not None and route != "distance":
        raise f.error("status", msg("'status' is only for route: distance"), status)
    effective = status if route == "distance" else route
    for r in {route, effective}:
        if r not in programme.routes:
            raise f.error("route", msg("{} does not know route '{}'", programme.short, r), r,
                          msg("accepted: {}", ", ".join(programme.routes)))
    adjustment = f.str("adjustment", "none", choices=ADJUSTMENTS, aliases=ADJUSTMENT_ALIASES)
    if adjustment not in programme.adjustments:
        raise f.error("adjustment", msg("{} does not provide '{}'", programme.short, adjustment),
                      adjustment, msg("accepted: {}", ", ".join(programme.adjustments)))
    entry_year = f.int("entry_year", 1, minimum=1, maximum=2)
    if entry_year == 2 and adjustment == "none":
        # Reading (issue 10): joining in year 2 is a « décision de positionnement », which
        # the texts give as a reason for a reduced duration
        raise f.error("entry_year",
                      msg("a student joining in year 2 (positionnement) has a reduced "
                                        "duration"), entry_year, msg("add 'adjustment: reduced'"))
    employment = None
    if f.has("employment"):
        e = f.sub("employment")
        e.reject_unknown(["months", "full_time", "within_months"])
        employment = Employment(e.int("months", minimum=0), e.bool("full_time", True),
                                e.int("within_months", 12, minimum=1))
    periods = []
    for i, item, pline in f.items("periods"):
        periods.append(parse_period(f.item_fields("periods", i, item, pline), pline))
    unavailable = []
    for i, item, uline in f.items("unavailable"):
        g = f.item_fields("unavailable", i, item, uline)
        g.reject_unknown(["from", "to", "reason"])
        u_start = g.date("from")
        u_end = g.date("to", u_start)
        if u_end < u_start:
            raise g.error("to", msg("'to' ({}) is before 'from' ({})", u_end, u_start), u_end,
                          msg("swap the dates"))
        unavailable.append(DateSpan(u_start, u_end, g.str("reason", ""), uline))
    return Student(id=sid, name=f.str("name", None), route=route, adjustment=adjustment,
                   status=status, employment=employment, periods=periods, line=line,
                   entry_year=entry_year, unavailable=tuple(unavailable))


def parse_period(f: Fields, line: int | None) -> Period:
    f.reject_unknown(["from", "to", "weeks", "place", "country", "locked", "label",
                      *PERIOD_DETAILS])
    start = f.date("from")
    if f.has("to") and f.has("weeks"):
        raise f.error("weeks", msg("give either 'to' or 'weeks', not both"))
    if f.has("weeks"):
        end = period_end(start, f.int("weeks", minimum=1, maximum=104))
    else:
        end = f.date("to")
        if end < start:
            raise f.error("to", msg("'to' ({}) is before 'from' ({})", end, start), end,
                          msg("swap the dates"))
    country = f.str("country", None)
    if country is not None:
        country = country.upper()
        if len(country) != 2 or not country.isalpha():
            raise f.error("country", msg("'{}' is not an ISO 3166 alpha-2 code", country), country,
                          msg("e.g. DE, ES, GB"))
    place = f.str("place", "france", choices=PLACES, aliases=PLACE_ALIASES)
    # Reading (issue 10): the overseas départements, regions and collectivities are
    # France, not « l'étranger » (BTS CI B.1: « 4 semaines consécutives à l'étranger »).
    # A period there declared abroad is kept as written but its days count in France
    # (Period.abroad): the student's abroad block is then not met, reported with the
    # other students' verdicts (issue 21), not a refusal of the whole class file.
    details = {key: _detail_text(f, key) for key in ("company", "tutor", "city")}
    signed = f.bool("signed", False)
    # a signed convention's dates cannot move without an amendment: it is locked
    locked = f.bool("locked", False) or signed
    return Period(start, end, place, country, locked, f.str("label", None),
                  line, signed=signed, **details)


def _detail_text(f: Fields, key: str) -> str | None:
    """A convention detail: one line of text, at most 200 characters (it is printed)."""
    value = f.str(key, None)
    if value is None or value == "":
        return None
    if "\n" in value or len(value) > 200:
        raise f.error(key, msg("must be one line of at most 200 characters"), value)
    return str(value)
