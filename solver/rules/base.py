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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ..errors import InputError
from ..fields import Fields, suggest

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from ..calendar import SchoolCalendar
    from ..compiler import CompileContext, StudentVars
    from ..model import Scenario, Student
    from ..plan import StudentPlan

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Citation:
    """Where a rule comes from: the text, its section and the sentence itself."""

    source: str
    section: str
    text: str

    def render(self) -> str:
        head = f"{self.source}, {self.section}" if self.section else self.source
        return f"{head}: {self.text}" if self.text else head


@dataclass
class Violation:
    """A rule a plan breaks, with the evidence a teacher needs."""

    rule: Rule
    student: str | None
    code: str
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return self.rule.severity

    def message(self, lang: str) -> str:
        from ..i18n import render_message

        return render_message(self.code, self.args, lang)

    def evidence(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.args.items()}


@dataclass
class Cohort:
    """What the plain checker reads: the scenario, its calendar and each student's days."""

    scenario: Scenario
    cal: SchoolCalendar
    plans: dict[str, StudentPlan]


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
    def applies(self, student: Student) -> bool:
        if self.routes is not None and student.effective_route not in self.routes:
            return False
        return self.adjustments is None or student.adjustment in self.adjustments

    @property
    def hard(self) -> bool:
        return self.severity == "error"

    # ---- the plain checker ---------------------------------------------------------
    def check(self, cohort: Cohort) -> list[Violation]:
        out: list[Violation] = []
        routes, adjustments = self.routes, self.adjustments
        plans, cal, check_student = cohort.plans, cohort.cal, self.check_student
        for student in cohort.scenario.students:
            # self.applies(student), inlined: this loop is the plain checker's hot path
            if routes is not None and student.effective_route not in routes:
                continue
            if adjustments is not None and student.adjustment not in adjustments:
                continue
            for code, args in check_student(student, plans[student.id], cal):
                out.append(Violation(self, student.id, code, args))
        return out

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        raise NotImplementedError

    # ---- CP-SAT ---------------------------------------------------------------------
    def compile(self, ctx: CompileContext) -> None:
        for group in ctx.groups:
            if self.applies(group.students[0]):
                self.compile_group(ctx, group, ctx.literal(self, group))

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        raise NotImplementedError

    # ---- words ------------------------------------------------------------------------
    def describe(self, lang: str) -> str:
        """One sentence saying the rule with its parameters, for ``stageplan rules``."""
        from ..i18n import render_message

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
        raise f.error("kind", f"unknown rule kind '{kind}'", kind,
                      (hint + " " if hint else "") + "known: " + ", ".join(known))
    common = {"kind", "id", "severity", "weight", "applies_to", "citation", "reading",
              "title", "description"}
    f.reject_unknown(common | set(cls.param_names()))
    rule_id = f.str("id", f"{kind}-{path.rsplit('[', 1)[-1].rstrip(']')}")
    severity = f.str("severity", "error", choices=SEVERITIES)
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
        raise InputError(f"bad parameters for {kind}: {exc}", file, f.line, path) from None


def with_changes(rule: R, **changes: Any) -> R:
    return dataclasses.replace(rule, **changes)


ParamReader = Callable[[Fields], dict[str, Any]]
