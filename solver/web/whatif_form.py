"""The What-if form of the page, turned into ``stageplan whatif --set PATH=VALUE`` changes.

Only the form's own fields are read, each validated (zone letter, ISO dates, known
route/adjustment, simple identifiers): nothing typed here is evaluated or used as a
path. The meaning of each change is the what-if job's; this module only spells it.
"""

from __future__ import annotations

import datetime as dt
import re

from solver.core.errors import InputError, msg
from solver.core.model import ADJUSTMENTS, ROUTES, ZONES

IDENT = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
VALUE = re.compile(r"^[A-Za-z0-9_.,:+ -]{1,80}$")


def _date(fields: dict[str, str], key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(fields[key])
    except ValueError:
        raise InputError(msg("'{}' is not a date", fields[key][:20]), "what-if", field=key,
                         hint=msg("YYYY-MM-DD")) from None


def changes_from_form(fields: dict[str, str]) -> list[str]:
    out: list[str] = []
    zone = fields.get("zone", "")
    if zone:
        if zone not in ZONES:
            raise InputError(msg("unknown zone '{}'", zone[:10]), "what-if", field="zone")
        out.append(f"calendar.zone={zone}")
    if fields.get("blocked_from"):
        start = _date(fields, "blocked_from")
        end = _date(fields, "blocked_to") if fields.get("blocked_to") else start
        if end < start:
            raise InputError(msg("the end is before the start"), "what-if", field="blocked_to")
        reason = re.sub(r"[^\w .'-]", "", fields.get("blocked_reason", ""))[:60]
        item = f"{{from: {start}, to: {end}" + (f", reason: '{reason}'" if reason else "") + "}"
        out.append(f"calendar.blocked+={item}")
    student = fields.get("student", "")
    route, adjustment = fields.get("route", ""), fields.get("adjustment", "")
    if (route or adjustment) and not student:
        raise InputError(msg("choose the student to change"), "what-if", field="student")
    if student:
        if not IDENT.match(student):
            raise InputError(msg("not a student id"), "what-if", field="student")
        if route:
            if route not in ROUTES:
                raise InputError(msg("unknown route '{}'", route[:30]), "what-if", field="route")
            out.append(f"students[{student}].route={route}")
        if adjustment:
            if adjustment not in ADJUSTMENTS:
                raise InputError(msg("unknown adjustment '{}'", adjustment[:30]), "what-if",
                                 field="adjustment")
            out.append(f"students[{student}].adjustment={adjustment}")
    rule, param, value = fields.get("rule", ""), fields.get("param", ""), fields.get("value", "")
    if rule or param or value:
        if not (rule and param and value):
            raise InputError(msg("a rule change needs the rule, the parameter and the value"),
                             "what-if", field="rule")
        if not IDENT.match(rule) or not IDENT.match(param) or not VALUE.match(value):
            raise InputError(msg("letters, digits and - _ . only"), "what-if", field="rule")
        out.append(f"rules[{rule}].{param}={value}")
    return out
