"""Reading a class file: the programme, the calendar, the students, and the what-if
overlays a class file may be (``base:`` + ``changes:``), applied then validated."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from solver.core.errors import InputError, msg
from solver.core.fields import Fields
from solver.core.model import (
    ADJUSTMENTS,
    ROUTES,
    Scenario,
    parse_calendar,
    parse_student,
    provisional_label,
)
from solver.core.yamlload import load_file
from solver.load.overlay import OVERLAY_FIELDS, Change, apply_changes, parse_changes
from solver.load.programme import load_programme
from solver.rules.base import Rule, parse_rule, with_changes
from solver.rules.unavailable import student_rule

# ---- scenarios --------------------------------------------------------------------

SCENARIO_FIELDS = ("programme", "label", "calendar", "policy", "students", "base", "changes",
                   "generated", "disabled_rules",
                   "school", "academie",   # optional metadata for batch reports (issue 11)
                   "$schema")   # the file's JSON Schema, for editors (stageplan schema)


def load_scenario(path: str | Path) -> Scenario:
    data = load_file(path)
    return parse_scenario(data, str(path), Path(path).resolve().parent)


def parse_scenario(data: Any, file: str | None, base: Path | None = None) -> Scenario:
    f = Fields(data, "", file)
    if f.has("base") or f.has("changes"):   # what-if overlays: base + changes
        return load_overlay(data, file, base)
    f.reject_unknown(SCENARIO_FIELDS)
    for meta in ("school", "academie"):   # checked here, read by batch reports
        f.str(meta, None)
    programme = load_programme(f.str("programme"), base, file, f.line_of("programme"))
    calendar = parse_calendar(f.sub("calendar"), base)
    students = []
    ids: dict[str, int | None] = {}
    for i, item, line in f.items("students"):
        s = parse_student(f.item_fields("students", i, item, line), programme, calendar, line)
        if s.id in ids:
            raise InputError(msg("student id '{}' is used twice (first at line {})", s.id,
                                 ids[s.id]),
                             file, line, f"students[{i}].id", s.id,
                             msg("give each student its own id"))
        ids[s.id] = line
        students.append(s)
    policy: list[Rule] = []
    text_ids = {r.id for r in programme.rules}
    for i, item, line in f.items("policy"):
        rule = parse_rule(item, f"policy[{i}]", file, line, "policy", ROUTES, ADJUSTMENTS)
        # a class policy entry that overrides a rule of the text (a what-if's changed
        # total-weeks) stays the text's rule; any other entry is the school's own
        policy.append(rule if rule.id in text_ids else with_changes(rule, school_policy=True))
    known = [r.id for r in (*programme.rules, *programme.policy, *policy)]
    disabled = tuple(f.str_list("disabled_rules", [], choices=known))
    label = f.str("label", None)
    if calendar.provisional:   # issue 10: every output says so (titles, grids, files)
        label = provisional_label(label or programme.title)
    return Scenario(programme, calendar, students, policy, label, file,
                    dict(data), disabled, student_rule())


# ---- overlays: a class file that is a base and changes ------------------------------


def _absolute_programme(data: dict[str, Any], base_dir: Path | None) -> None:
    """A programme given as a model path stays right when the data moves to another folder."""
    ref = data.get("programme")
    if (isinstance(ref, str) and ref.endswith((".yaml", ".yml", ".json"))
            and base_dir is not None and not Path(ref).is_absolute()):
        data["programme"] = str((base_dir / ref).resolve())
    cal = data.get("calendar")   # and so does a holidays file (issue 10)
    if isinstance(cal, dict):
        hol = cal.get("holidays_file")
        if isinstance(hol, str) and base_dir is not None and not Path(hol).is_absolute():
            cal["holidays_file"] = str((base_dir / hol).resolve())


def _validate(data: dict[str, Any], file: str | None, base_dir: Path | None) -> Any:

    return parse_scenario(data, file, base_dir)


def resolve(data: Any, file: str | None, base_dir: Path | None,
            stack: tuple[str, ...] = ()) -> tuple[dict[str, Any], list[Change]]:
    """The base's merged raw data and this file's changes (overlays of overlays too)."""
    f = Fields(data, "", file)
    f.reject_unknown(OVERLAY_FIELDS)
    if not f.has("base"):
        raise f.error("base", msg("an overlay with 'changes:' needs 'base:'"),
                      hint=msg("base: the class file these changes apply to"))
    ref = f.str("base")
    path = Path(ref)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    key = str(path.resolve())
    chain = (*stack, *([str(Path(file).resolve())] if file else []))
    if key in chain:
        names = " -> ".join(Path(p).name for p in (*chain, key))
        raise f.error("base", msg("overlays form a cycle ({})", names), ref)
    if not path.exists():
        raise f.error("base", msg("base file '{}' not found", ref), ref,
                      msg("the path is relative to the overlay's folder"))
    base_data = load_file(path)
    base_file = str(path)
    if isinstance(base_data, dict) and ("base" in base_data or "changes" in base_data):
        inner, inner_changes = resolve(base_data, base_file, path.parent, chain)
        merged, _ = _attributed(inner, inner_changes, base_file, path.parent)
    else:
        merged = copy.deepcopy(base_data)
        _validate(merged, base_file, path.parent)   # errors name the base file
        if isinstance(merged, dict):
            _absolute_programme(merged, path.parent)
    changes = parse_changes(f) if f.has("changes") else []
    if f.has("label"):
        changes.append(Change("set", "label", f.str("label"), file, f.line_of("label"),
                              "label"))
    return merged, changes


def _attributed(base: dict[str, Any], changes: list[Change], file: str | None,
                base_dir: Path | None) -> tuple[dict[str, Any], Any]:
    """``base`` with ``changes`` applied, and its validated scenario; a validation error
    names the first change after which the data no longer validates."""
    merged = apply_changes(base, changes, base_dir)
    try:
        return merged, _validate(merged, file, base_dir)
    except InputError as exc:
        failing = _first_failing(base, changes, base_dir, file)
        if failing is None:
            raise
        raise InputError(exc.message, failing.file, failing.line,
                         f"{failing.field}: {exc.field}" if exc.field else failing.field,
                         exc.value, exc.hint) from None


def _first_failing(base: dict[str, Any], changes: list[Change], base_dir: Path | None,
                   file: str | None) -> Change | None:
    for k in range(1, len(changes) + 1):
        try:
            _validate(apply_changes(base, changes[:k], base_dir), file, base_dir)
        except InputError:
            return changes[k - 1]
    return None


def load_overlay(data: Any, file: str | None, base_dir: Path | None) -> Any:
    """The scenario an overlay file describes (called by ``model.parse_scenario``)."""
    base, changes = resolve(data, file, base_dir)
    return _attributed(base, changes, file, base_dir)[1]


def scenario_with_changes(path: str | Path, changes: list[Change]) -> Any:
    """The scenario of ``path`` (a class file or an overlay) with ``changes`` applied."""

    p = Path(path)
    if not changes:
        return load_scenario(p)
    data = load_file(p)
    if isinstance(data, dict) and ("base" in data or "changes" in data):
        base, own = resolve(data, str(p), p.resolve().parent)
        data = _attributed(base, own, str(p), p.resolve().parent)[0]
    else:
        data = copy.deepcopy(data)
        _validate(data, str(p), p.resolve().parent)
        if isinstance(data, dict):
            _absolute_programme(data, p.resolve().parent)
    return _attributed(data, changes, str(p), p.resolve().parent)[1]


def overlay_changes(path: str | Path) -> list[Change]:
    """The changes an overlay file makes to its base (an overlay of an overlay: its
    own changes, after its base's), for reports; [] for a plain class file."""
    p = Path(path)
    data = load_file(p)
    if not (isinstance(data, dict) and ("base" in data or "changes" in data)):
        return []
    return resolve(data, str(p), p.resolve().parent)[1]
