"""Edits a coordinator makes on the page, as pure functions on a class file's data.

Each edit takes the plain data of a saved version (``yamlload.plain`` of the loaded
YAML: dicts, lists, dates) and returns new data; the caller writes it back as YAML,
validates it with the command line's own loader and saves it as the next version, so
an edit that would make the file invalid is refused with the loader's message. Editing
the data rather than the validated ``Scenario`` keeps every field this module does not
know about (policy, holidays, notes, period details added by other features) as the
user wrote it. No rule logic here: nothing is decided, only written.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from typing import Any

import yaml

from solver.core.model import Period
from solver.io.importer import tutor_cap

# period details the loader may accept (company, tutor, city, signed: a contract
# extension landing separately); the page writes only those the loader knows
DETAIL_FIELDS = ("company", "tutor", "city", "signed")


class EditError(Exception):
    """An edit that does not fit the data (a student or period that is not there): a
    catalogue key and its arguments, said in the user's language by the page."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


def supported_details() -> tuple[str, ...]:
    names = {f.name for f in dataclasses.fields(Period)}
    return tuple(d for d in DETAIL_FIELDS if d in names)


def dump(data: dict[str, Any], header: str = "") -> str:
    """The class data as YAML text (block style, keys in the order written)."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return header + str(text)


def _students(data: dict[str, Any]) -> list[dict[str, Any]]:
    students = data.get("students")
    if not isinstance(students, list):
        students = []
        data["students"] = students
    return students


def find_student(data: dict[str, Any], sid: str) -> dict[str, Any]:
    for s in _students(data):
        if isinstance(s, dict) and str(s.get("id")) == sid:
            return s
    raise EditError("web_edit_no_student", id=sid[:40])


def _periods(student: dict[str, Any]) -> list[dict[str, Any]]:
    periods = student.get("periods")
    if not isinstance(periods, list):
        periods = []
        student["periods"] = periods
    return periods


def _period(student: dict[str, Any], index: int) -> dict[str, Any]:
    periods = _periods(student)
    if not 0 <= index < len(periods) or not isinstance(periods[index], dict):
        raise EditError("web_edit_no_period", id=str(student.get("id"))[:40], n=index + 1)
    return periods[index]


@dataclasses.dataclass(frozen=True)
class PeriodForm:
    """A period as the page's form gives it (already typed; the loader checks the rest)."""

    start: dt.date
    end: dt.date
    place: str = "france"
    country: str | None = None
    locked: bool = False
    details: tuple[tuple[str, str | bool], ...] = ()

    def write(self, into: dict[str, Any]) -> dict[str, Any]:
        """``into`` with these values; fields the form does not own are kept."""
        out = dict(into)
        out.pop("weeks", None)  # the form always gives both dates
        out["from"] = self.start
        out["to"] = self.end
        out["place"] = self.place
        if self.country:
            out["country"] = self.country
        else:
            out.pop("country", None)
        if self.locked:
            out["locked"] = True
        else:
            out.pop("locked", None)
        for key, value in self.details:
            if value in ("", False):
                out.pop(key, None)
            else:
                out[key] = value
        return out



def _copy(data: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(data)


def add_period(data: dict[str, Any], sid: str, form: PeriodForm) -> dict[str, Any]:
    out = _copy(data)
    periods = _periods(find_student(out, sid))
    periods.append(form.write({}))
    periods.sort(key=_period_start)
    return out


def _period_start(p: Any) -> str:
    value = p.get("from") if isinstance(p, dict) else None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def update_period(data: dict[str, Any], sid: str, index: int,
                  form: PeriodForm) -> dict[str, Any]:
    out = _copy(data)
    student = find_student(out, sid)
    periods = _periods(student)
    periods[index] = form.write(_period(student, index))
    periods.sort(key=_period_start)
    return out


def set_locked(data: dict[str, Any], sid: str, index: int, locked: bool) -> dict[str, Any]:
    out = _copy(data)
    period = _period(find_student(out, sid), index)
    if locked:
        period["locked"] = True
    else:
        period.pop("locked", None)
    return out


def delete_period(data: dict[str, Any], sid: str, index: int) -> dict[str, Any]:
    out = _copy(data)
    student = find_student(out, sid)
    _period(student, index)
    del _periods(student)[index]
    return out


def update_student(data: dict[str, Any], sid: str, *, name: str | None, route: str,
                   adjustment: str, status: str | None) -> dict[str, Any]:
    out = _copy(data)
    student = find_student(out, sid)
    _set_or_drop(student, "name", name)
    student["route"] = route
    _set_or_drop(student, "status", status if route == "distance" else None)
    student["adjustment"] = adjustment
    return out


def _set_or_drop(into: dict[str, Any], key: str, value: Any) -> None:
    if value in (None, ""):
        into.pop(key, None)
    else:
        into[key] = value


def add_student(data: dict[str, Any], sid: str, *, name: str | None, route: str,
                adjustment: str) -> dict[str, Any]:
    out = _copy(data)
    if any(isinstance(s, dict) and str(s.get("id")) == sid for s in _students(out)):
        raise EditError("web_edit_id_used", id=sid[:40])
    student: dict[str, Any] = {"id": sid}
    _set_or_drop(student, "name", name)
    student["route"] = route
    student["adjustment"] = adjustment
    student["periods"] = []
    _students(out).append(student)
    return out


def delete_student(data: dict[str, Any], sid: str) -> dict[str, Any]:
    out = _copy(data)
    student = find_student(out, sid)
    out["students"] = [s for s in _students(out) if s is not student]
    return out


def rename(data: dict[str, Any], label: str) -> dict[str, Any]:
    out = _copy(data)
    _set_or_drop(out, "label", label.strip())
    return out


def week_days(monday: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Friday of the week starting ``monday`` (a one-week period)."""
    return monday, monday + dt.timedelta(days=4)


def force_week(data: dict[str, Any], sid: str, monday: dt.date,
               place: str = "france") -> dict[str, Any]:
    """A locked one-week period on that week: the solver must place the student there."""
    start, end = week_days(monday)
    out = clear_week(data, sid, monday)
    student = find_student(out, sid)
    periods = _periods(student)
    periods.append({"from": start, "to": end, "place": place, "locked": True})
    periods.sort(key=_period_start)
    return out


def forbid_week(data: dict[str, Any], sid: str, monday: dt.date) -> dict[str, Any]:
    """The week in the student's ``unavailable:`` list: no placement day there."""
    out = clear_week(data, sid, monday)
    student = find_student(out, sid)
    spans = student.get("unavailable")
    if not isinstance(spans, list):
        spans = []
        student["unavailable"] = spans
    spans.append({"from": monday, "to": monday + dt.timedelta(days=6)})
    spans.sort(key=_period_start)
    return out


def clear_week(data: dict[str, Any], sid: str, monday: dt.date) -> dict[str, Any]:
    """Undo ``force_week`` and ``forbid_week`` on that week (other periods untouched)."""
    out = _copy(data)
    student = find_student(out, sid)
    start, end = week_days(monday)
    sunday = monday + dt.timedelta(days=6)
    periods = _periods(student)
    student["periods"] = [p for p in periods if not (
        isinstance(p, dict) and p.get("locked") is True and p.get("from") == start
        and p.get("to") == end)]
    spans = student.get("unavailable")
    if isinstance(spans, list):
        kept = [u for u in spans if not (isinstance(u, dict) and u.get("from") == monday
                                         and u.get("to") in (sunday, end))]
        if kept:
            student["unavailable"] = kept
        else:
            student.pop("unavailable", None)
    return out


def apply_settings(data: dict[str, Any], calendar: dict[str, Any], cap: int | None,
                   disabled: list[str], academie: str | None,
                   holidays: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The class's settings (issue 20): ``calendar`` (from ``importer.class_calendar``:
    dates, zone, final exams and CCF weeks, provisional) over the file's calendar, whose
    own holiday source (``holidays:``, ``holidays_file:``, ``subdivision:``) is kept
    unless ``holidays`` (an uploaded ICS calendar's breaks) replaces it; the tutor cap
    as the policy rule ``tutor-visits`` (dropped when empty); the school-policy rules
    switched off; the académie. The loader validates the result before it is saved."""
    out = _copy(data)
    cal = dict(out.get("calendar") or {})
    if holidays is not None:
        cal.pop("holidays_file", None)
        cal["holidays"] = holidays
    explicit = "holidays" in cal or "holidays_file" in cal
    for key in ("start", "end", "blocked"):
        cal.pop(key, None)
    cal["start"], cal["end"] = calendar["start"], calendar["end"]
    if calendar.get("blocked"):
        cal["blocked"] = calendar["blocked"]
    if explicit:   # the class's own holiday list: no zone data, nothing to project
        cal.pop("provisional", None)
        _set_or_drop(cal, "zone", calendar.get("zone"))
    else:
        cal["zone"] = calendar["zone"]
        _set_or_drop(cal, "provisional", calendar.get("provisional"))
    out["calendar"] = cal
    policy = [r for r in out.get("policy") or [] if not (isinstance(r, dict)
                                                        and r.get("id") == "tutor-visits")]
    if cap is not None:
        policy.append(tutor_cap(cap))
    _set_or_drop(out, "policy", policy or None)
    _set_or_drop(out, "disabled_rules", disabled or None)
    _set_or_drop(out, "academie", academie)
    return out
