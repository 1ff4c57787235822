"""The building blocks of programme models: rule kinds, citations, violations.

A rule kind is a frozen dataclass with typed parameters, registered under its
``kind`` name. Each kind has, side by side, ``check`` (plain Python: a concrete plan
in, violations with evidence out) and ``compile`` (CP-SAT constraints enforced by
the rule's own literal). Student rules implement ``check_student`` and
``compile_group``; class rules (cohort, capacity) override ``check`` and ``compile``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from solver.core.errors import InputError, msg
from solver.core.fields import Fields, suggest, with_known

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.core.calendar import SchoolCalendar
    from solver.core.model import Scenario, Student
    from solver.core.plan import StudentPlan
    from solver.rules.context import CompileContext, StudentVars

SEVERITIES = ("error", "warning")
# one student's check, the calendar bound: (student, plan) -> [(message code, evidence)]
StudentCheck = Callable[["Student", "StudentPlan"], list[tuple[str, dict[str, Any]]]]


@dataclass(frozen=True)
class Citation:
    """Where a rule comes from: the text, its section and the sentence itself."""

    source: str
    section: str
    text: str

    def render(self) -> str:
        head = f"{self.source}, {self.section}" if self.section else self.source
        return f"{head}: {self.text}" if self.text else head


@dataclass(slots=True)   # slots: the plain checker makes one for every broken rule
class Violation:
    """A rule a plan breaks, with the evidence a teacher needs."""

    rule: Rule
    student: str | None
    code: str
    args: dict[str, Any] = field(default_factory=dict)
    # a violation weaker than its rule: a class cap broken in a week that is history
    level: str | None = None

    @property
    def severity(self) -> str:
        return self.level or self.rule.severity

    def message(self, lang: str) -> str:
        from solver.i18n.catalog import render_message

        return render_message(self.code, self.args, lang)

    def evidence(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.args.items()}


@dataclass
class Cohort:
    """What the plain checker reads: the scenario, its calendar and each student's days."""

    scenario: Scenario
    cal: SchoolCalendar
    plans: dict[str, StudentPlan]
    # a class in progress: class rules count the weeks from this working day on (the
    # weeks before are history: a cap broken there is a warning)
    from_index: int = 0
    # the plans as the coordinator gave them (history, locks, a draft), when ``plans`` is
    # a job's answer: what lead_time tells apart from a new placement
    given: dict[str, StudentPlan] | None = None
    _members: dict[tuple[tuple[str, ...] | None, tuple[str, ...] | None],
                   list[tuple[Student, StudentPlan]]] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    _kinds: dict[tuple[str, str], list[int]] | None = field(
        default=None, init=False, repr=False, compare=False)
    _all: list[tuple[Student, StudentPlan]] = field(
        default_factory=list, init=False, repr=False, compare=False)

    def members(self, routes: tuple[str, ...] | None, adjustments: tuple[str, ...] | None,
                ) -> list[tuple[Student, StudentPlan]]:
        """(student, plan) of the students a rule with these ``applies_to`` concerns, in the
        scenario's order (what ``Rule.applies`` selects).

        Students are sorted once into their (route, adjustment) kinds, and each selection is
        kept: most rules of a programme share a handful of selections, and the plain
        checker's per-student, per-rule filtering was a large part of its time.
        """
        key = (routes, adjustments)
        found = self._members.get(key)
        if found is not None:
            return found
        if self._kinds is None:
            plans = self.plans
            self._all = [(s, plans[s.id]) for s in self.scenario.students]
            kinds: dict[tuple[str, str], list[int]] = {}
            for i, (s, _) in enumerate(self._all):
                kinds.setdefault((s.effective_route, s.adjustment), []).append(i)
            self._kinds = kinds
        chosen = [idx for (route, adjustment), idx in self._kinds.items()
                  if (routes is None or route in routes)
                  and (adjustments is None or adjustment in adjustments)]
        if len(chosen) == len(self._kinds):   # everybody: the common case, shared
            found = self._all
        else:
            positions = chosen[0] if len(chosen) == 1 else sorted(i for c in chosen for i in c)
            found = [self._all[i] for i in positions]
        self._members[key] = found
        return found


R = TypeVar("R", bound="Rule")
REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[R]) -> type[R]:
    if cls.kind in REGISTRY:
        raise RuntimeError(f"rule kind {cls.kind} registered twice")
    REGISTRY[cls.kind] = cls
    return cls


@dataclass(frozen=True, kw_only=True)
class Rule:
    """Common fields of every rule; a kind adds its own parameters."""

    kind: ClassVar[str] = ""
    scope: ClassVar[str] = "student"
    # the severity a rule of this kind has when its mapping does not say one
    default_severity: ClassVar[str] = "error"
    # school-policy shape kinds (solver/rules/shape.py): warnings for verify, required
    # by generate unless their ``in_generate`` says otherwise
    shape: ClassVar[bool] = False
    # kinds whose ``compile`` registers a ``Demand`` (weeks a group must touch), which
    # the capacity counts read: a model of these and the caps alone counts the same
    # (``classmodel.counting_rule``)
    registers_demand: ClassVar[bool] = False
    # kinds whose truth only depends on the input facts are not decisions of a solver
    id: str
    severity: str = "error"
    weight: int = 1
    routes: tuple[str, ...] | None = None
    adjustments: tuple[str, ...] | None = None
    citation: Citation | None = None
    reading: str | None = None
    title: str | None = None
    origin: str | None = None
    # a school's own rule (a model's or a class file's ``policy:`` list), not the
    # programme's text: verify lists its findings apart and never lets them decide the
    # verdict (issue 21); generate, repair and explain still use it as before
    school_policy: bool = False

    # ---- loading ---------------------------------------------------------------
    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        """Read this kind's own parameters from ``f``; returns dataclass field values."""
        return {}

    @classmethod
    def param_names(cls) -> tuple[str, ...]:
        common = {f.name for f in dataclasses.fields(Rule)}
        return tuple(f.name for f in dataclasses.fields(cls) if f.name not in common)

    # ---- who is concerned --------------------------------------------------------
    def bind(self, rules: Sequence[Rule]) -> Rule:
        """This rule as it stands among ``rules`` of a class (most rules: unchanged; a
        certificate that « peut être remplacé(e) » learns its alternatives)."""
        return self

    def applies(self, student: Student) -> bool:
        if self.routes is not None and student.effective_route not in self.routes:
            return False
        return self.adjustments is None or student.adjustment in self.adjustments

    @property
    def hard(self) -> bool:
        return self.severity == "error"

    @property
    def required_in_generate(self) -> bool:
        """Whether ``generate`` (and repair's new days) must satisfy this rule: the hard
        rules, and the school-policy shape rules unless they say ``in_generate: soft``."""
        return self.hard or (self.shape and getattr(self, "in_generate", "hard") == "hard")

    # ---- the plain checker ---------------------------------------------------------
    def check(self, cohort: Cohort) -> list[Violation]:
        out: list[Violation] = []
        check_one = self.checker(cohort.cal)
        for student, plan in cohort.members(self.routes, self.adjustments):
            found = check_one(student, plan)
            if found:   # most plans break few rules: no loop set up for nothing
                for code, args in found:
                    out.append(Violation(self, student.id, code, args))
        return out

    def checker(self, cal: SchoolCalendar) -> StudentCheck:
        """``check_student`` with ``cal`` bound, called for each student of a check.

        A kind whose check needs facts of the calendar only (its region, bounds, the
        words of its evidence) overrides this instead of ``check_student``: it works
        them out once per check and returns a closure over them, which is what keeps
        the plain checker fast on large classes.
        """
        check_student = self.check_student
        return lambda student, plan: check_student(student, plan, cal)

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        """(message code, evidence) of each way ``plan`` breaks this rule; [] if it holds."""
        if type(self).checker is Rule.checker:
            raise NotImplementedError(f"{type(self).__name__} implements no student check")
        return self.checker(cal)(student, plan)

    # ---- CP-SAT ---------------------------------------------------------------------
    def compile(self, ctx: CompileContext) -> None:
        for group in ctx.groups:
            if self.applies(group.students[0]):
                ctx.check_stop()
                self.compile_group(ctx, group, ctx.literal(self, group))

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        raise NotImplementedError

    # ---- words ------------------------------------------------------------------------
    def describe(self, lang: str) -> str:
        """One sentence saying the rule with its parameters, for ``stageplan rules``."""
        from solver.i18n.catalog import render_message

        return render_message(f"{self.kind}.describe", self.describe_args(), lang)

    def describe_args(self) -> dict[str, Any]:
        args = {name: getattr(self, name) for name in self.param_names()}
        if args.get("within"):
            args["where"] = "; ".join(w.describe() for w in args["within"])
        return args

    def render_citation(self) -> str:
        return self.citation.render() if self.citation else ""


def parse_rule(data: Any, path: str, file: str | None, line: int | None, source: str,
               routes: tuple[str, ...], adjustments: tuple[str, ...]) -> Rule:
    """Build a rule from its mapping in a model, a policy or an overlay."""
    f = Fields(data, path, file, line)
    kind = f.str("kind")
    cls = REGISTRY.get(kind)
    if cls is None:
        known = sorted(REGISTRY)
        hint = suggest(kind, known) or ""
        raise f.error("kind", msg("unknown rule kind '{}'", kind), kind,
                      with_known(hint, known))
    common = {"kind", "id", "severity", "weight", "applies_to", "citation", "reading",
              "title", "description"}
    f.reject_unknown(common | set(cls.param_names()))
    rule_id = f.str("id", f"{kind}-{path.rsplit('[', 1)[-1].rstrip(']')}")
    severity = f.str("severity", cls.default_severity, choices=SEVERITIES)
    weight = f.int("weight", 1, minimum=0)
    r_routes: tuple[str, ...] | None = None
    r_adjs: tuple[str, ...] | None = None
    if f.has("applies_to"):
        a = f.sub("applies_to")
        a.reject_unknown(["routes", "adjustments"])
        if a.has("routes"):
            r_routes = tuple(a.str_list("routes", choices=routes))
        if a.has("adjustments"):
            r_adjs = tuple(a.str_list("adjustments", choices=adjustments))
    citation = None
    if f.has("citation"):
        raw = f.raw("citation")
        if isinstance(raw, str):
            citation = Citation(source, "", raw.strip())
        else:
            c = f.sub("citation")
            c.reject_unknown(["section", "text", "source"])
            citation = Citation(c.str("source", source), c.str("section", ""), c.str("text"))
    params = cls.parse_params(f)
    origin = f"{file}:{f.line}" if file else None
    try:
        return cls(id=rule_id, severity=severity, weight=weight, routes=r_routes,
                   adjustments=r_adjs, citation=citation,
                   reading=f.str("reading", None), title=f.str("title", None),
                   origin=origin, **params)
    except (TypeError, ValueError) as exc:
        raise InputError(msg("bad parameters for {}: {}", kind, exc), file, f.line, path) from None


def with_changes(rule: R, **changes: Any) -> R:
    return dataclasses.replace(rule, **changes)


ParamReader = Callable[[Fields], dict[str, Any]]
