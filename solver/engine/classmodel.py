"""The CP-SAT model of a whole class, built from the same rule kinds as ``verify``.

``build_class_model`` is shared by ``generate`` (fill in a calendar) and ``explain``
(find the rules in conflict). It cuts time into units (whole Monday-Friday weeks by
default, or single working days), gives every student the variables ``on``/``ab``
per unit, asks every rule of the scenario to compile itself, and collects the rule
literals: the *hard* ones (severity ``error``), which a caller either requires or
passes as assumptions, and the *soft* ones (severity ``warning``), priced
``weight * (1 - lit)`` in the objective together with the penalties of the
preference kinds (``solver/preferences.py``).

Shape of the model (it matters: see issue 3's benchmark):

- **Shared class windows.** With ``share_windows`` the students of one
  (effective route, adjustment, employment evidence) group share one ``on`` vector:
  a class leaves and comes back together. Each student keeps their own ``ab``
  vector (abroad blocks may differ), with ``ab => on``. Students with locked periods
  always get their own ``on`` vector.
- **Week grid with exact exceptions.** In ``week`` mode a unit is a whole week; a
  week that a locked period covers only in part, or a week cut by the training's
  start/end that holds a locked day, is split into single days, so locked periods
  are represented exactly. Every rule kind compiles conservatively on coarser units
  (a unit counts as inside a window only if all its days are), so a solution of the
  week model always passes the plain checker.
- **Locked periods** (``locked: true``) fix their days: ``on`` and ``ab`` as the
  period says; nothing else about them changes.
- **Abroad waves.** Within a shared group, students are split into as few equal
  waves as the class's abroad capacity allows; a wave shares one abroad vector, so
  a class of 35 is a handful of vectors, not 35 (``abroad_waves=False``: one per
  student). ``generate`` falls back to per-student vectors when waves are too stiff.
- **Symmetry.** Interchangeable waves (same group, same size) are ordered by the
  weighted position of their abroad weeks.
- **Parts.** ``generate`` solves each shared group (with its waves) alone on the
  class's ``grid``, then each around the ones already planned (``fixed``: their units
  are given and only the class rules are compiled for them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from solver.core.calendar import SchoolCalendar
from solver.core.errors import InputError, msg
from solver.core.model import Period, Scenario, Student
from solver.core.plan import StudentPlan, normalise
from solver.engine.clock import stop_if_out_of_time
from solver.engine.preferences import PREFERENCE_KINDS
from solver.engine.sat import LeanCpModel
from solver.rules.base import Rule
from solver.rules.capacity import (
    MaxAbroadPerWeek,
    MaxOnPlacementPerWeek,
    WindowNeed,
)
from solver.rules.context import (
    CompileContext,
    Demand,
    Grid,
    LiteralInfo,
    StudentVars,
    Unit,
    compile_rules,
)

GRID_MODES = ("week", "part", "day")
# the price of one working day changed in a coordinator's draft: above the sum of every
# preference a calendar can pay, so that drafts change on the fewest days first
DRAFT_WEIGHT = 100_000

#: students x time units one model may hold (``STAGEPLAN_MAX_MODEL_CELLS`` overrides):
#: about 1,000 students on the week grid of a two-year course, 200 on its day grid; a
#: class of 300 students already took 430 MB to generate, one of 2,000 took 2.2 GB
MAX_MODEL_CELLS = 100_000


def max_model_cells() -> int:
    import os

    try:
        return max(1, int(os.environ.get("STAGEPLAN_MAX_MODEL_CELLS", "")))
    except ValueError:
        return MAX_MODEL_CELLS


def check_model_size(scenario: Scenario, units: int) -> None:
    """Refuse, before building anything, a model too large to solve on one machine."""
    cells = len(scenario.students) * units
    limit = max_model_cells()
    if cells > limit:
        raise InputError(
            msg("this class is too large to solve at once: {} students x {} "
                "time units = {} (at most {})", len(scenario.students), units, cells, limit),
            scenario.file,
            field="students", hint=msg("split the class into smaller classes (one file a class; "
                                       "`stageplan batch` runs many)"))

# Per student: the (on, abroad) value of every unit of the grid, 0 or 1.
Values = Mapping[str, tuple[Sequence[int], Sequence[int]]]


# the class capacities a week (``capacity._WeeklyCap``), which the counts read
WEEKLY_CAPS = (MaxAbroadPerWeek, MaxOnPlacementPerWeek)

@dataclass
class ClassModel:
    """A compiled class: the CP-SAT model, its context and what a job needs to read it."""

    scenario: Scenario
    model: cp_model.CpModel
    ctx: CompileContext
    grid: Grid
    student_vars: dict[str, StudentVars]   # student id -> the variables they follow
    share_windows: bool
    locked_plans: dict[str, StudentPlan] = field(default_factory=dict)
    locked_periods: dict[str, list[Period]] = field(default_factory=dict)
    objective_terms: list[Any] = field(default_factory=list)
    objective_expr: Any = 0
    # generate's model: the school-policy shape rules are required like the texts' rules
    policy: bool = False
    drafts: dict[str, StudentPlan] = field(default_factory=dict)

    def own(self, student_id: str) -> bool:
        """Whether the student has variables of their own (a lock or a draft)."""
        return student_id in self.locked_plans or student_id in self.drafts

    @property
    def literals(self) -> list[LiteralInfo]:
        return self.ctx.literals

    def is_hard(self, rule: Rule) -> bool:
        return rule.required_in_generate if self.policy else rule.hard

    @property
    def hard(self) -> list[LiteralInfo]:
        """Literals of hard rules (severity error, and with ``policy`` the shape rules
        generate requires): require them, or assume them."""
        return [info for info in self.ctx.literals if self.is_hard(info.rule)]

    @property
    def soft(self) -> list[LiteralInfo]:
        return [info for info in self.ctx.literals if not self.is_hard(info.rule)
                and getattr(info.rule, "in_generate", "soft") != "off"]

    def hard_demand(self) -> Callable[[Demand], bool]:
        """Whether a registered demand is one of a hard rule (required or assumed)."""
        hard = {info.literal.index for info in self.hard}
        return lambda d: d.lit.index in hard

    def counted_conflict(self) -> WindowNeed | None:
        """A hard capacity rule that the counts alone prove too small for the hard
        rules' demands (``_WeeklyCap.counted_conflict``): the smallest such set, or None.
        The counts are implied by the model with its hard literals true, so this is a
        proof that no calendar of this model exists (on this grid)."""
        compiled = {id(info.rule) for info in self.hard if info.group is None}
        hard = self.hard_demand()
        best: WindowNeed | None = None
        for rule in self.scenario.rules:
            if isinstance(rule, WEEKLY_CAPS) and \
                    id(rule) in compiled:
                found = rule.counted_conflict(self.ctx, hard)
                if found is not None and (best is None
                                          or len(found.members) < len(best.members)):
                    best = found
        return best

    def required_caps(self) -> list[MaxAbroadPerWeek | MaxOnPlacementPerWeek] | None:
        """The weekly caps this model requires (``_WeeklyCap.compile``; a cap the class
        keeps however it is planned is not compiled), or None when the class has
        another class rule (its students then meet through more than counts)."""
        rules = [r for r in self.ctx.rules if r.scope == "class"]
        caps = [r for r in rules if isinstance(r, WEEKLY_CAPS)]
        if len(caps) != len(rules):
            return None
        required = {id(info.rule) for info in self.hard if info.group is None}
        return [r for r in caps if id(r) in required]

    def _counted_weeks(self) -> list[tuple[int, list[int]]]:
        """The calendar weeks a cap counts, each with its units: from ``from_index`` on, a
        unit touching the week (``CompileContext.week_flag``)."""
        grid, first = self.grid, self.ctx.from_index
        out = []
        for week in self.scenario.calendar.weeks:
            if week.n_days == 0 or week.hi < first:
                continue
            units = [u for u in grid.units_touching(week.lo, week.hi)
                     if grid.units[u].lo >= first]
            if units:
                out.append((week.index, units))
        return out

    def cap_counts(self, values: Values) -> list[tuple[MaxAbroadPerWeek | MaxOnPlacementPerWeek,
                                                       list[int]]] | None:
        """Per required cap (``required_caps``), per counted week (``_counted_weeks``),
        how many students of ``values`` it counts there; None as ``required_caps``."""
        caps = self.required_caps()
        if caps is None:
            return None
        weeks = self._counted_weeks()
        by_id = {s.id: s for s in self.scenario.students}
        out = []
        for rule in caps:
            side = 1 if rule.abroad else 0
            rows = [values[sid][side] for sid in values if rule.applies(by_id[sid])]
            out.append((rule, [sum(1 for row in rows if any(row[u] for u in units))
                               for _, units in weeks]))
        return out

    def caps_hold(self, values: Values) -> bool | None:
        """Whether the students of ``values`` alone (the rest of the class absent) keep
        the required weekly caps, counted as the model counts them
        (``_WeeklyCap.compile``: a student counts in a week from ``from_index`` on if a
        unit touching it is on placement, or abroad); None when the class has another
        class rule (only a solve can tell). With every student of ``values`` satisfying
        their own rules, this is whether their calendars fit together in this model."""
        counts = self.cap_counts(values)
        if counts is None:
            return None
        return all(n <= rule.max for rule, ns in counts for n in ns)

    def leave_room(self, part: ClassModel, values: Values) -> bool:
        """Require in ``part`` (a model of some other students of this class, on its grid
        and with its ``from_index``) this class's caps less the places the students of
        ``values`` take (their calendars given): ``part``'s calendars are then those that
        fit around them, as in a model of both with ``values`` fixed. False (nothing
        added) when the class has another class rule (``required_caps``)."""
        counts = self.cap_counts(values)
        if counts is None:
            return False
        weeks = self._counted_weeks()
        ctx = part.ctx
        for rule, ns in counts:
            groups = [g for g in ctx.groups if rule.applies(g.students[0])]
            for (w, _), n in zip(weeks, ns, strict=True):
                terms = [g.size * flag for g in groups
                         if (flag := ctx.week_flag(g, w, rule.abroad, ctx.from_index))
                         is not None]
                if n > rule.max or sum(g.size for g in groups) > rule.max - n:
                    part.model.add(sum(terms) <= rule.max - n)
        return True

    def require_hard(self) -> None:
        for info in self.hard:
            self.model.add(info.literal == 1)

    def set_objective(self, soft_scale: int = 1, relax_priced: bool = False) -> None:
        """Minimise the soft rules' prices and the preference penalties.

        A warning rule of the scenario costs ``rule.weight * soft_scale`` when broken;
        a preference kind (``solver/preferences.py``) costs its own penalty terms, or
        its weight when broken if it says ``priced_literal``. ``relax_priced`` leaves
        those priced literals out: a relaxation whose optimum, if it happens to satisfy
        them, is an optimum of the whole objective."""
        terms: list[Any] = []
        for info in self.soft:
            size = info.group.size if info.group is not None else 1
            if info.rule.kind not in PREFERENCE_KINDS:
                terms.append(info.rule.weight * soft_scale * size * (1 - info.literal))
            elif getattr(info.rule, "priced_literal", False) and not relax_priced:
                terms.append(info.rule.weight * size * (1 - info.literal))
        terms.extend(w * expr for w, expr in self.ctx.penalties if w)
        terms.extend(self.objective_terms)
        self.objective_expr = sum(terms) if terms else 0
        self.model.minimize(self.objective_expr)

    def priced_rules(self) -> list[Rule]:
        """The preference rules priced by their literal (left out by ``relax_priced``)."""
        out: dict[str, Rule] = {}
        for info in self.soft:
            if info.rule.kind in PREFERENCE_KINDS and getattr(info.rule, "priced_literal",
                                                               False):
                out.setdefault(info.rule.id, info.rule)
        return list(out.values())

    def hint_from(self, solver: cp_model.CpSolver) -> None:
        """Use ``solver``'s solution as the hint of the next solve."""
        self.hint(self.values(solver))

    def values(self, solver: cp_model.CpSolver) -> dict[str, tuple[tuple[int, ...],
                                                                   tuple[int, ...]]]:
        """Per student, the solved (on, abroad) value of every unit."""
        by_group: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        out = {}
        for sid, sv in self.student_vars.items():
            if id(sv) not in by_group:
                by_group[id(sv)] = (tuple(int(solver.boolean_value(x)) for x in sv.on),
                                    tuple(int(solver.boolean_value(x)) for x in sv.ab))
            out[sid] = by_group[id(sv)]
        return out

    def _pairs(self, values: Values) -> list[tuple[cp_model.IntVar, int]]:
        seen: set[int] = set()
        out = []
        for sid, (on, ab) in values.items():
            sv = self.student_vars.get(sid)
            if sv is None:
                continue
            for x, v in (*zip(sv.on, on, strict=True), *zip(sv.ab, ab, strict=True)):
                if x.index not in seen:
                    seen.add(x.index)
                    out.append((x, v))
        return out

    def hint(self, values: Values) -> None:
        """Use ``values`` (see ``values()``) as the hint of the next solve."""
        self.model.clear_hints()
        pairs = self._pairs(values)
        # in bulk (one call a list, not a call a variable): a class has thousands
        hint = self.model.proto.solution_hint
        hint.vars.extend([x.index for x, _ in pairs])   # Booleans: non-negative indices
        hint.values.extend([int(v) for _, v in pairs])

    def fixed_copy(self, values: Values) -> cp_model.CpModel:
        """A copy of the model with the units of the students in ``values`` fixed."""
        copy = self.model.clone()
        for x, v in self._pairs(values):
            copy.add(copy.get_bool_var_from_proto_index(x.index) == v)
        return copy

    def day_status_of(self, values: Values, student_id: str) -> list[int]:
        """``day_status`` read from ``values`` instead of a solver."""
        on, ab = values[student_id]
        status = [0] * self.scenario.calendar.n
        for u, unit in enumerate(self.grid.units):
            if on[u]:
                value = 2 if ab[u] else 1
                for i in range(unit.lo, unit.hi + 1):
                    status[i] = value
        return status

    def students_of(self, info: LiteralInfo) -> list[Student]:
        return list(info.group.students) if info.group is not None else []

    def day_status(self, solver: cp_model.CpSolver, student_id: str) -> list[int]:
        """Per working day of the calendar: 0 free, 1 France, 2 abroad."""
        sv = self.student_vars[student_id]
        status = [0] * self.scenario.calendar.n
        for u, unit in enumerate(self.grid.units):
            if solver.boolean_value(sv.on[u]):
                value = 2 if solver.boolean_value(sv.ab[u]) else 1
                for i in range(unit.lo, unit.hi + 1):
                    status[i] = value
        return status


def _given_plans(scenario: Scenario) -> dict[str, StudentPlan]:
    """Each student's periods as the file gives them, locked or not (see
    ``CompileContext.given``)."""
    cal = scenario.calendar
    return {s.id: normalise([(p.start, p.end, p.abroad, p.country) for p in s.periods], cal)
            for s in scenario.students if s.periods}


def _from_index_of(scenario: Scenario) -> int:
    """The first working day of ``scenario.from_date`` (0: a class planned from its start)."""
    if scenario.from_date is None:
        return 0
    return scenario.calendar.first_index_on_or_after(scenario.from_date)


def _past_of(sv: StudentVars, cal: SchoolCalendar) -> StudentPlan | None:
    """The locked days of a one-student group (history and locks), whether or not the
    model fixes them."""
    periods = _locked_of(sv.students[0])
    if not periods:
        return None
    return normalise([(p.start, p.end, p.abroad, p.country) for p in periods], cal)


def _locked_of(student: Student) -> list[Period]:
    return [p for p in student.periods if p.locked]


def make_grid(scenario: Scenario, mode: str, locked: Mapping[str, StudentPlan],
              from_index: int = 0) -> Grid:
    """Week units, split into days where a locked period (or a draft, see
    ``build_class_model``) covers a week only in part, and in the week of ``from_index``.

    ``part``: the weeks cut where ``whole_weeks`` cuts them (blocked days, a holiday
    boundary; weeks cut by the training's start or end kept): under that rule, a
    calendar on days is a calendar on these units, so this grid is exact wherever
    ``whole_weeks`` is required, and far smaller than the day grid."""
    cal = scenario.calendar
    if mode == "day":
        return Grid.days(cal)
    if mode not in GRID_MODES:
        raise ValueError(f"unknown grid mode {mode!r} (known: {', '.join(GRID_MODES)})")
    split: set[int] = set()
    if 0 < from_index < cal.n and cal.weeks[cal.week_of_day[from_index]].lo < from_index:
        split.add(cal.week_of_day[from_index])
    for plan in locked.values():
        for runs in (plan.on, plan.abroad, plan.france):
            for lo, hi in runs:
                for w in {cal.week_of_day[lo], cal.week_of_day[hi]}:
                    week = cal.weeks[w]
                    if week.n_days < 5 or lo > week.lo or hi < week.hi:
                        split.add(w)
    units: list[Unit] = []
    for week in cal.weeks:
        if week.index in split:
            units.extend(Unit(i, i) for i in range(week.lo, week.hi + 1))
        elif mode == "part":
            units.extend(_week_parts(cal, week.lo, week.hi))
        elif week.n_days == 5:
            units.append(Unit(week.lo, week.hi))
    return Grid(mode, units)


def _week_parts(cal: SchoolCalendar, lo: int, hi: int) -> list[Unit]:
    """The days of a week as the parts ``whole_weeks`` keeps whole: runs of days that are
    not blocked, with the same holiday flag; a blocked day is a unit of its own."""
    out: list[Unit] = []
    start = lo
    for i in range(lo, hi + 1):
        if cal.blocked_flags[i]:
            if start < i:
                out.append(Unit(start, i - 1))
            out.append(Unit(i, i))
            start = i + 1
        elif i > start and cal.holiday_flags[i] != cal.holiday_flags[i - 1]:
            out.append(Unit(start, i - 1))
            start = i
    if start <= hi:
        out.append(Unit(start, hi))
    return out


def exact_grid_mode(scenario: Scenario, policy: bool = True) -> str:
    """The smallest exact grid for generate's question: ``part`` when every student must
    have whole weeks (see ``make_grid``), else ``day``."""
    from solver.rules.shape import WholeWeeks

    whole = [r for r in scenario.rules if isinstance(r, WholeWeeks) and r.required_in_generate]
    if policy and all(any(r.applies(s) for r in whole) for s in scenario.students):
        return "part"
    return "day"


def counting_rule(rule: Rule) -> bool:
    """The rules the capacity counts read (``ClassModel.counted_conflict``): the caps and
    the student rules that register a ``Demand``. A model built with this ``keep`` counts
    exactly as the whole model does (the same demands, windows and caps), at a fraction
    of its cost; and with only some of its literals assumed it has a calendar exactly
    when the whole model has one under the same assumptions (a rule not compiled is a
    rule not assumed: every other constraint holds with its literal false)."""
    return rule.registers_demand or isinstance(rule, WEEKLY_CAPS)


def caps_bind(scenario: Scenario, policy: bool = True) -> bool:
    """Whether some hard capacity of ``scenario`` concerns more students than it allows
    (only then can the counts prove a conflict)."""
    for rule in scenario.rules:
        if isinstance(rule, WEEKLY_CAPS) and \
                (rule.required_in_generate if policy else rule.hard) and \
                sum(rule.applies(s) for s in scenario.students) > rule.max:
            return True
    return False


def abroad_capacity(rules: Sequence[Rule], student: Student) -> int | None:
    """The smallest class capacity abroad per week that concerns ``student``."""
    caps = [r.max for r in rules if isinstance(r, MaxAbroadPerWeek) and r.hard
            and r.applies(student)]
    return max(1, min(caps)) if caps else None


def placement_capacity(rules: Sequence[Rule], student: Student) -> int | None:
    """The smallest class capacity on placement per week that concerns ``student``."""
    caps = [r.max for r in rules if isinstance(r, MaxOnPlacementPerWeek) and r.hard
            and r.applies(student)]
    return max(1, min(caps)) if caps else None


def _chunks(students: list[Student], cap: int | None) -> list[list[Student]]:
    """``students`` in as few equal chunks of at most ``cap`` as possible (in order)."""
    k = max(1, -(-len(students) // cap)) if cap else 1
    sizes = [len(students) // k + (1 if i < len(students) % k else 0) for i in range(k)]
    out, at = [], 0
    for size in sizes:
        out.append(students[at:at + size])
        at += size
    return out


def group_key(student: Student) -> str:
    emp = student.employment
    ev = f"{emp.months}/{int(emp.full_time)}/{emp.within_months}" if emp else "-"
    year2 = "|y2" if student.entry_year == 2 else ""   # issue 10: joins in year 2
    key = f"{student.effective_route}|{student.adjustment}|{ev}{year2}"
    if student.unavailable:  # own unavailable dates: shared only with the same dates
        key += "|" + ",".join(f"{u.start}..{u.end}" for u in student.unavailable)
    return key


def build_class_model(scenario: Scenario, grid_mode: str = "week", share_windows: bool = True,
                      locked: bool = True, preferences: Sequence[Rule] = (),
                      symmetry: bool = True, keep: Callable[[Rule], bool] | None = None,
                      abroad_waves: bool = True, stay_in_france: bool = True,
                      grid: Grid | None = None, fixed: Values | None = None,
                      policy: bool = False, drafts: Mapping[str, StudentPlan] | None = None,
                      from_index: int | None = None, stop_at_deadline: bool = False,
                      count_only: bool = False) -> ClassModel:
    """Compile ``scenario``'s rules (and ``preferences``) into one CP-SAT model.

    ``grid_mode``: ``week`` (whole weeks, the default for generate) or ``day`` (exact).
    ``share_windows``: students of one group share their ``on`` vector.
    ``abroad_waves``: with shared windows, the students of a group are split into as
    few equal *waves* as the abroad capacity allows (one wave without capacity rule);
    a wave shares one abroad vector. Without it, every student has their own.
    ``locked``: fix the days of ``locked: true`` periods (otherwise they are ignored).
    ``keep``: compile only the rules it accepts (explain switches rules off this way).
    ``stay_in_france``: a student whom no rule sends abroad gets no abroad day (generate);
    repair and explain pass False, since a plan may already hold abroad periods.
    ``grid``: use these units instead of making them (a part of a class solved alone
    must use the class's grid, so that its optimum bounds the class's).
    ``fixed``: students whose units are given (per student, see ``ClassModel.values``):
    their variables are fixed, and only the class rules (capacities, same dates) are
    compiled for them, so the others are planned around them.
    ``drafts``: per student, a plan to change as little as possible (generate keeps a
    coordinator's draft): each working day whose status differs costs ``DRAFT_WEIGHT``
    in the objective, far above any preference, so the fewest changed days come first.
    ``from_index``: working days before it are history: nothing new is placed there
    (what was placed there must come in as locked periods); by default the first working
    day of ``scenario.from_date``. Class rules count from it on (``CompileContext``).
    ``policy``: the school-policy shape rules (``rules/shape.py``) count as hard, as
    generate requires them (``ClassModel.hard``).
    ``count_only``: only what the capacity counts read (``counting_rule``): the rules'
    literals and demands, without their constraints, for ``counted_conflict`` and
    ``_WeeklyCap.needed`` alone (the same answers as the whole model's, far sooner);
    such a model is not to be solved.
    ``stop_at_deadline``: raise ``clock.OutOfTime`` as soon as the job's wall-clock
    deadline passes while building (the caller answers "unknown"; it is marked cut).
    Hard literals are neither required nor assumed here: call ``require_hard()`` or
    pass ``[i.literal for i in cm.hard]`` to ``model.add_assumptions``.
    """
    stop = stop_if_out_of_time if stop_at_deadline else None
    if stop is not None:
        stop()
    if count_only:
        chosen = keep
        keep = counting_rule if chosen is None else \
            (lambda r: counting_rule(r) and chosen(r))
    cal = scenario.calendar
    if from_index is None:
        from_index = _from_index_of(scenario)
    model = LeanCpModel()
    locked_periods: dict[str, list[Period]] = {}
    locked_plans: dict[str, StudentPlan] = {}
    if locked:
        for s in scenario.students:
            periods = _locked_of(s)
            if periods:
                locked_periods[s.id] = periods
                locked_plans[s.id] = normalise(
                    [(p.start, p.end, p.abroad, p.country) for p in periods], cal)
    drafts = dict(drafts or {})
    if grid is None:
        grid = make_grid(scenario, grid_mode, {**drafts, **locked_plans}, from_index)
    n = len(grid.units)
    check_model_size(scenario, n)

    def new_vars(key: str, students: list[Student], on: list[cp_model.IntVar] | None,
                 facts: StudentPlan | None) -> StudentVars:
        if on is None:
            on = [model.new_bool_var(f"on[{key}][{u}]") for u in range(n)]
        ab = [model.new_bool_var(f"ab[{key}][{u}]") for u in range(n)]
        for o, a in zip(on, ab, strict=True):
            model.add_implication(a, o)
        return StudentVars(key, students, on, ab, facts)

    groups: list[StudentVars] = []
    by_student: dict[str, StudentVars] = {}
    interchangeable: list[list[StudentVars]] = []
    shared: dict[str, list[Student]] = {}
    for s in scenario.students:
        if s.id in locked_plans or s.id in drafts or not share_windows:
            sv = new_vars(s.id, [s], None, locked_plans.get(s.id))
            groups.append(sv)
            by_student[s.id] = sv
        else:
            shared.setdefault(group_key(s), []).append(s)
    for key, everyone in shared.items():
        # tutors who can visit at most N a week: the group leaves in as few equal
        # waves of at most N as that allows, each wave with its own windows
        leaving = _chunks(everyone, placement_capacity(scenario.rules, everyone[0]))
        for j, students in enumerate(leaving):
            wkey = key if len(leaving) == 1 else f"{key}~{j + 1}"
            on = [model.new_bool_var(f"on[{wkey}][{u}]") for u in range(n)]
            if abroad_waves:
                chunks = _chunks(students, abroad_capacity(scenario.rules, students[0]))
            else:
                chunks = [[st] for st in students]
            svs = []
            for i, chunk in enumerate(chunks):
                sv = new_vars(f"{chunk[0].id}" if len(chunk) == 1 else f"{wkey}#{i + 1}",
                              chunk, on, None)
                svs.append(sv)
                groups.append(sv)
                for st in chunk:
                    by_student[st.id] = sv
            interchangeable.append(svs)

    # locked days: units are aligned with locked periods, so each is fully in or out
    for sid, plan in locked_plans.items():
        sv = by_student[sid]
        for u, unit in enumerate(grid.units):
            if any(lo <= unit.lo and unit.hi <= hi for lo, hi in plan.on):
                model.add(sv.on[u] == 1)
                is_ab = any(lo <= unit.lo and unit.hi <= hi for lo, hi in plan.abroad)
                model.add(sv.ab[u] == int(is_ab))

    # history: before from_index only what is locked there (the past) is placed; with
    # ``locked=False`` (explain: each lock a literal of its own) the past stays allowed
    if from_index > 0:
        for sv in groups:
            past = _past_of(sv, cal) if sv.size == 1 else None
            for u, unit in enumerate(grid.units):
                if unit.hi >= from_index:
                    break
                if past is None or not any(lo <= unit.lo and unit.hi <= hi
                                           for lo, hi in past.on):
                    model.add(sv.on[u] == 0)

    # a student who joins in year 2 (positionnement) is placed in year 2 only
    year2 = cal.first_index_on_or_after(cal.year2_start)
    for sv in groups:
        if sv.students[0].entry_year == 2 and sv.key not in locked_plans:
            for u, unit in enumerate(grid.units):
                if unit.lo < year2:
                    model.add(sv.on[u] == 0)

    # drafts: every working day whose status changes costs DRAFT_WEIGHT
    draft_terms: list[Any] = []
    for sid, draft in drafts.items():
        sv = by_student[sid]
        for u, unit in enumerate(grid.units):
            was_on = any(lo <= unit.lo and unit.hi <= hi for lo, hi in draft.on)
            was_ab = any(lo <= unit.lo and unit.hi <= hi for lo, hi in draft.abroad)
            changed: Any
            if not was_on:
                changed = sv.on[u]
            elif was_ab:
                changed = 1 - sv.ab[u]
            else:
                changed = (1 - sv.on[u]) + sv.ab[u]
            draft_terms.append(DRAFT_WEIGHT * unit.n_days * changed)

    # nobody is sent abroad for nothing: a student no rule asks abroad stays in France
    abroad_rules = [r for r in (*scenario.rules, *preferences) if getattr(r, "abroad", False)]
    for sv in (groups if stay_in_france else []):
        if sv.key in locked_plans and locked_plans[sv.key].abroad:
            continue
        if not any(r.applies(sv.students[0]) for r in abroad_rules):
            for x in sv.ab:
                model.add(x == 0)

    fixed = fixed or {}
    given = {id(sv) for sv in groups if all(st.id in fixed for st in sv.students)}
    for sv in (sv for sv in groups if id(sv) in given):
        on_values, ab_values = fixed[sv.students[0].id]
        for x, v in (*zip(sv.on, on_values, strict=True), *zip(sv.ab, ab_values, strict=True)):
            model.add(x == v)

    if symmetry:   # same-size abroad vectors over the same windows are interchangeable
        for svs in interchangeable:
            if any(id(sv) in given for sv in svs):
                continue
            for first, second in zip(svs, svs[1:], strict=False):
                if first.size == second.size:
                    model.add(sum(u * x for u, x in enumerate(first.ab))
                              <= sum(u * x for u, x in enumerate(second.ab)))

    rules = [*scenario.rules, *preferences]
    as_given = _given_plans(scenario)
    if given:   # student rules only for the students still to plan
        ctx = CompileContext(model, cal, grid, [sv for sv in groups if id(sv) not in given],
                             rules=rules, from_index=from_index, given=as_given, stop=stop,
                             count_only=count_only)
        compile_rules(ctx, [r for r in rules if r.scope != "class"], keep)
        ctx.groups = groups
        compile_rules(ctx, [r for r in rules if r.scope == "class"], keep)
    else:
        ctx = CompileContext(model, cal, grid, groups, rules=rules, from_index=from_index,
                             given=as_given, stop=stop, count_only=count_only)
        compile_rules(ctx, rules, keep)
    ctx.stop = None   # built: whatever is compiled into it later is not stopped
    cm = ClassModel(scenario, model, ctx, grid, by_student, share_windows,
                    locked_plans, locked_periods, policy=policy, drafts=drafts)
    cm.objective_terms.extend(draft_terms)
    return cm
