"""The what-if job: run variants of a scenario and compare them with the first (the base).

``run_variant`` loads one variant (a class file or an overlay, plus ``--set`` changes),
verifies its existing plan when it has one, generates a calendar, and sums it up as
plain JSON-ready data (so a process pool or a Dask cluster can carry it).
``compare`` lines the summaries up against the base: feasibility, students newly
compliant or not, class windows and how far they moved, placement weeks in school
holidays, weeks abroad, objective and solve time. Renderers live in
``io/render/whatif_out.py``; the jobs run through ``jobs/batch/runner.py``.

Class windows are the union of every student's generated placement days (working-day
runs, weekends bridged): with the class model's shared windows they are the windows
the class leaves for; their shift is the difference of the start dates, in weeks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from solver.core.errors import InputError
from solver.core.files import versioned
from solver.core.model import Scenario
from solver.core.plan import Interval, merge
from solver.jobs.history import resolve_from
from solver.load.overlay import Change
from solver.load.scenario import overlay_changes, scenario_with_changes

DEFAULT_TIME_LIMIT = 20.0


@dataclass(frozen=True)
class Variant:
    """One column of the comparison: a file (class or overlay) and changes on top."""

    name: str
    file: str
    changes: tuple[Change, ...] = ()
    # --from as the command carries it (None: none; history.TODAY: its default per class)
    from_text: str | None = None


def has_plan(scenario: Scenario) -> bool:
    """A plan to verify: some period that is not only a locked booking."""
    return any(not p.locked for s in scenario.students for p in s.periods)


def windows(scenario: Scenario) -> list[Interval]:
    cal = scenario.calendar
    spans: list[Interval] = []
    for s in scenario.students:
        for p in s.periods:
            lo, hi = cal.span_indices(p.start, p.end)
            if hi >= lo:
                spans.append((lo, hi))
    return merge(sorted(spans))


def plan_facts(scenario: Scenario) -> dict[str, Any]:
    """Windows, placement weeks in school holidays, weeks abroad, of a scenario's plans."""
    cal = scenario.calendar
    holiday = abroad = total = 0
    for plan in scenario.plans().values():
        for lo, hi in plan.on:
            holiday += cal.holiday_days(lo, hi)
            total += hi - lo + 1
        abroad += sum(hi - lo + 1 for lo, hi in plan.abroad)
    periods = [[s.id, [[p.start.isoformat(), p.end.isoformat(), p.place] for p in s.periods]]
               for s in scenario.students]
    digest = hashlib.sha256(json.dumps(periods).encode()).hexdigest()[:16]
    return {"windows": [{"from": cal.days[lo].isoformat(), "to": cal.days[hi].isoformat(),
                         "weeks": round((hi - lo + 1) / 5, 1)} for lo, hi in windows(scenario)],
            "placement_weeks": round(total / 5, 1),
            "holiday_weeks": round(holiday / 5, 1),
            "abroad_weeks": round(abroad / 5, 1),
            "plan_digest": digest}


def _verify_summary(scenario: Scenario, from_date: dt.date | None = None) -> dict[str, Any]:
    from solver.jobs.verify import verify

    result = verify(scenario, "plain", from_date=from_date)
    broken = {s.student.id: sorted({v.rule.id for v in s.violations if v.severity == "error"})
              for s in result.students if not s.compliant}
    return {"compliant": result.compliant,
            "students": len(result.students),
            "non_compliant": sorted(broken),
            "broken": broken,
            "class_broken": sorted({v.rule.id for v in result.class_violations
                                    if v.severity == "error"})}


def _generate_summary(scenario: Scenario, time_limit: float,
                      from_date: dt.date | None = None) -> dict[str, Any]:
    from solver.jobs.generate import generate

    result = generate(scenario, time_limit=time_limit, from_date=from_date)
    out: dict[str, Any] = {"status": result.status, "feasible": result.ok,
                           "objective": _number(result.objective) if result.ok else None,
                           "solve_time": round(result.solve_time, 2),
                           # the wall clock cut the search: not the deterministic answer
                           "time_limit_reached": result.cut,
                           "conflict": [c.to_json() for c in result.conflict]}
    if result.ok:
        out.update(plan_facts(result.scenario))
        out.update(abroad_load(result.scenario))
    return out


def _number(value: float | None) -> float | int | None:
    """An objective as one JSON number whatever the solving path (420, not 420.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def abroad_load(scenario: Scenario) -> dict[str, Any]:
    """Students abroad per calendar week (weeks with someone abroad, by Monday), the peak
    and the class's tightest ``max_abroad_per_week`` (None when it has none)."""
    cal = scenario.calendar
    count = [0] * len(cal.weeks)
    for plan in scenario.plans().values():
        weeks: set[int] = set()
        for lo, hi in plan.abroad:
            if hi >= lo:
                weeks.update(range(cal.week_of_day[lo], cal.week_of_day[hi] + 1))
        for w in weeks:
            count[w] += 1
    caps = [int(getattr(r, "max", 0)) for r in scenario.rules
            if r.kind == "max_abroad_per_week"]
    peak = max(range(len(count)), key=lambda w: (count[w], -w)) if count else None
    return {"abroad_by_week": {cal.weeks[w].monday.isoformat(): n
                               for w, n in enumerate(count) if n},
            "abroad_peak": count[peak] if peak is not None else 0,
            "abroad_peak_week": (cal.weeks[peak].monday.isoformat()
                                 if peak is not None and count[peak] else None),
            "abroad_capacity": min(caps) if caps else None}


def error_json(exc: InputError) -> dict[str, Any]:
    return {**exc.to_json(), "message": str(exc)}


def run_variant(variant: Variant, time_limit: float = DEFAULT_TIME_LIMIT,
                do_generate: bool = True) -> dict[str, Any]:
    """One variant's summary (JSON-ready); bad input becomes an ``error`` entry."""
    out: dict[str, Any] = {"name": variant.name, "file": variant.file,
                           "changes": [c.text() for c in variant.changes]}
    try:
        # an overlay file's own changes are this variant's changes too (compare a.yaml
        # overlay.yaml showed an empty « Changements »; issue 20)
        own = overlay_changes(variant.file) if variant.file else []
        out["changes"] = [c.text() for c in own] + out["changes"]
        scenario = scenario_with_changes(variant.file, list(variant.changes))
    except InputError as exc:
        out["error"] = error_json(exc)
        return out
    return summarise(out, scenario, time_limit, do_generate,
                     resolve_from(variant.from_text, scenario))


def summarise(out: dict[str, Any], scenario: Scenario, time_limit: float,
              do_generate: bool, from_date: dt.date | None = None) -> dict[str, Any]:
    """``out`` completed with a loaded scenario's facts (shared by ``run_variant`` and
    the runner's jobs that carry their class data, see ``jobs.batch.cache``)."""
    out["label"] = scenario.label
    for meta in ("school", "academie"):   # optional metadata of the class file
        if isinstance(scenario.raw.get(meta), str):
            out[meta] = scenario.raw[meta]
    out["zone"] = scenario.calendar.zone
    out["programme"] = scenario.programme.id
    out["students"] = len(scenario.students)
    out["disabled_rules"] = list(scenario.disabled)
    out["from"] = from_date.isoformat() if from_date is not None else None
    out["verify"] = _verify_summary(scenario, from_date) if has_plan(scenario) else None
    out["generate"] = _generate_summary(scenario, time_limit, from_date) \
        if do_generate else None
    return out


# ---- comparison ---------------------------------------------------------------------------

def _shift_weeks(a: str, b: str) -> float:
    return round((dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days / 7, 1)


def _window_moves(base: list[dict[str, Any]], other: list[dict[str, Any]]
                  ) -> list[dict[str, Any]]:
    """Each window of ``other`` with the base window whose start is nearest (index order
    when both have as many windows) and the shift of its start, in weeks."""
    moves = []
    for i, w in enumerate(other):
        if len(base) == len(other):
            match = base[i]
        elif base:
            match = min(base, key=lambda b: abs(_shift_weeks(b["from"], w["from"])))
        else:
            match = None
        moves.append({"base": match, "variant": w,
                      "shift_weeks": _shift_weeks(match["from"], w["from"]) if match else None})
    return moves


def diff(base: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """What changes from ``base`` to ``other`` (both ``run_variant`` summaries)."""
    out: dict[str, Any] = {"differences": []}
    if "error" in base or "error" in other:
        out["differences"].append("error")
        return out
    bv, ov = base.get("verify"), other.get("verify")
    if bv and ov:
        bad_b, bad_o = set(bv["non_compliant"]), set(ov["non_compliant"])
        common = set(bv["broken"]) | set(ov["broken"])
        out["newly_compliant"] = sorted(bad_b - bad_o)
        out["newly_non_compliant"] = sorted(bad_o - bad_b)
        out["rules_changed"] = sorted(
            s for s in common if bv["broken"].get(s) != ov["broken"].get(s))
        if (out["newly_compliant"] or out["newly_non_compliant"] or out["rules_changed"]
                or bv["class_broken"] != ov["class_broken"]):
            out["differences"].append("verify")
    bg, og = base.get("generate"), other.get("generate")
    if bg and og:
        if bg["status"] != og["status"] or bg["feasible"] != og["feasible"]:
            out["differences"].append("feasibility")
        if bg["feasible"] and og["feasible"]:
            out["windows"] = _window_moves(bg["windows"], og["windows"])
            for key in ("objective", "holiday_weeks", "abroad_weeks", "placement_weeks"):
                a, b = bg.get(key), og.get(key)
                out[f"{key}_delta"] = (round(b - a, 2) if a is not None and b is not None
                                       else None)
            if bg["plan_digest"] != og["plan_digest"]:
                out["differences"].append("calendar")
            if bg["objective"] != og["objective"]:
                out["differences"].append("objective")
    out["same"] = not out["differences"]
    return out


def compare(summaries: list[dict[str, Any]], time_limit: float) -> dict[str, Any]:
    """The report: every variant's summary with its differences from the first."""
    if not summaries:
        raise ValueError("nothing to compare")
    base = summaries[0]
    variants = []
    for i, s in enumerate(summaries):
        item = dict(s)
        item["base"] = i == 0
        item["diff"] = None if i == 0 else diff(base, s)
        variants.append(item)
    return versioned({"base": base["name"], "time_limit": time_limit, "variants": variants})


def variant_name(path: str, used: set[str]) -> str:
    """A short unique column name for a file."""
    name = Path(path).stem
    candidate, n = name, 2
    while candidate in used:
        candidate = f"{name}-{n}"
        n += 1
    used.add(candidate)
    return candidate
