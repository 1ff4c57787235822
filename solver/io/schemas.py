"""The machine contract: pydantic models of the class file and of every JSON output.

Each command's ``--format json`` output (and the page's API answer, which is the same
text) is described by one model here; ``stageplan schema NAME`` prints its JSON Schema,
the documentation publishes them, the page's OpenAPI description types its answers with
them, and a test validates what the commands print against them. The outputs carry
``schema_version`` (``solver.core.files.SCHEMA_VERSION``); the models allow fields they do
not name (``extra="allow"``), since the contract lets an output grow, but every field they
name is checked: its presence when required, its type, its allowed values.

The class file's model (``ClassFile``) is the other way round: it forbids what the loader
refuses (an unknown key), so that an editor that reads the schema (a YAML file that starts
with ``$schema:`` or ``# yaml-language-server: $schema=...``) flags a typo as ``stageplan``
would. Its checks are the file's shape only; the loader still checks the rest (dates in
order, routes the programme knows), with file, line and field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from solver.core.files import SCHEMA_VERSION


class Output(BaseModel):
    """Any part of an output: more fields may come (the contract allows extension)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Versioned(Output):
    schema_version: str = Field(description=f"the outputs' shape; now {SCHEMA_VERSION}",
                                pattern=r"^\d+\.\d+$")


# ---- verify --------------------------------------------------------------------------

class Violation(Output):
    rule: str = Field(description="the rule's id in its model")
    kind: str = Field(description="its rule kind")
    severity: Literal["error", "warning"]
    message: str
    citation: str = Field(description="the sentence of the official text")
    evidence: dict[str, Any] | None = None


class StudentVerdict(Output):
    id: str
    compliant: bool
    violations: list[Violation]
    route: str | None = None
    adjustment: str | None = None
    weeks: float | None = None
    weeks_abroad: float | None = None
    #: the school's own rules, apart from the text's verdict (issue 21)
    policy: list[Violation] = []


class VerifyOutput(Versioned):
    """``stageplan verify --format json`` (exit 0 compliant, 1 a rule of the text broken;
    the school's policy is listed apart and never the verdict)."""

    programme: str
    compliant: bool
    engine: str | None = None
    students: list[StudentVerdict]
    class_violations: list[Violation] = []
    class_policy: list[Violation] = []


# ---- generate ------------------------------------------------------------------------

class PlanPeriod(Output):
    from_: dt.date = Field(alias="from")
    to: dt.date
    place: Literal["france", "abroad"]


class PlanStudent(Output):
    id: str
    route: str
    adjustment: str
    periods: list[PlanPeriod]
    name: str | None = None


class Plan(Output):
    """The class file with its periods filled in (a class file itself)."""

    programme: str
    calendar: dict[str, Any]
    students: list[PlanStudent]


class CapWeek(Output):
    """A week that fixed periods (history, signed conventions, locks) fill up to a
    capacity of the conflict or beyond (issue 18)."""

    week: dt.date
    count: int
    max: int


class ConflictMember(Output):
    rule: str
    kind: str | None = None
    citation: str | None = None
    message: str | None = None
    students: list[str] | None = None
    weeks: list[CapWeek] | None = None


class Correction(Output):
    """A computed first correction of a capacity conflict: raise the cap to at least
    ``at_least`` (issue 19)."""

    rule: str
    kind: str | None = None
    max: int | None = None
    at_least: int
    student_weeks: int | None = None
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None
    window: Any = None
    # the bound on blocks set the number: each student needs a block of ``block_weeks``
    # consecutive weeks there, and ``blocks_fit`` such blocks fit one after another
    block_weeks: int | None = None
    blocks_fit: int | None = None
    message: str | None = None


class GenerateOutput(Versioned):
    """``stageplan generate --format json``: the plan when one was found (exit 0), the
    rules in conflict when none exists (exit 1), status ``unknown`` when --time-limit
    stopped the search before an answer (exit 4, never a proof)."""

    programme: str
    status: str
    optimal: bool
    plan: Plan | None = None
    objective: int | None = None
    bound: int | None = None
    conflict: list[ConflictMember] | None = None
    first_correction: list[Correction] | None = None
    #: the wall clock cut the search: what is shown is what was found by then
    time_limit_reached: bool | None = None


# ---- repair --------------------------------------------------------------------------

class Edit(Output):
    student: str
    action: str
    period: int | None = None
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None
    place: str | None = None
    weeks_changed: int | None = None
    days_changed: int | None = None
    rules: list[str] = []
    message: str | None = None


class RepairStudent(Output):
    id: str
    status: str
    changed_days: int | None = None


class RepairOutput(Versioned):
    """``stageplan repair --format json`` (exit 0 repaired or compliant, 1 impossible,
    4 stopped by --time-limit before an answer)."""

    programme: str
    status: str
    optimal: bool
    changed_days: int | None = None
    edits: list[Edit] = []
    students: list[RepairStudent] = []
    plan: Plan | None = None
    conflict: list[ConflictMember] | None = None
    first_correction: list[Correction] | None = None
    time_limit_reached: bool | None = None


# ---- explain -------------------------------------------------------------------------

class AskWish(Output):
    student: str
    place: str
    from_: dt.date = Field(alias="from")
    to: dt.date


class AskAnswer(Output):
    wishes: list[AskWish]
    answer: str
    message: str | None = None
    edits: list[Edit] = []


class ExplainOutput(Versioned):
    """``stageplan explain --format json`` (with ``--ask``, the answer under ``ask``)."""

    feasible: bool
    status: str
    conflict: list[ConflictMember]
    programme: str | None = None
    ask: AskAnswer | None = None
    first_correction: list[Correction] | None = None
    time_limit_reached: bool | None = None


# ---- whatif, compare, batch ----------------------------------------------------------

class ErrorBody(Output):
    """A refused input: what is wrong and, for a file, where (file, line, field); the
    error rows of batch and the page's 4xx answers."""

    error: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    hint: str | None = None
    message: str | None = None


class JobOutcome(Output):
    status: str
    feasible: bool | None = None
    objective: int | None = None
    solve_time: float | None = None


class Summary(Output):
    """One class or variant as whatif, compare and batch report it."""

    name: str
    file: str
    changes: list[str] = []
    label: str | None = None
    zone: str | None = None
    programme: str | None = None
    students: int | None = None
    verify: dict[str, Any] | None = None
    generate: JobOutcome | None = None
    error: ErrorBody | None = None


class Variant(Summary):
    base: bool
    diff: dict[str, Any] | None


class WhatifOutput(Versioned):
    """``stageplan whatif`` and ``stageplan compare`` with ``--format json``."""

    base: str
    time_limit: float
    variants: list[Variant]


class BatchStats(Output):
    rows: int
    cached: int
    ran: int
    retried: int
    failed: int


class BatchOutput(Versioned):
    """``stageplan batch --format json``: one row per file, the batch's counts, the
    rolled-up report (by school, académie, zone, programme)."""

    scenarios: list[Summary]
    batch: BatchStats
    report: dict[str, Any]


# ---- rules, calendar -----------------------------------------------------------------

class RuleDescription(Output):
    id: str
    kind: str
    severity: Literal["error", "warning"]
    description: str
    citation: str


class RulesOutput(Versioned):
    """``stageplan rules PROGRAMME --format json``."""

    id: str
    title: str
    rules: list[RuleDescription]
    policy: list[RuleDescription] = []


class Span(Output):
    name: str
    from_: dt.date = Field(alias="from")
    to: dt.date


class CalendarOutput(Versioned):
    """``stageplan calendar show --format json``."""

    file: str
    zone: str | None
    start: dt.date
    year2_start: dt.date
    end: dt.date
    provisional: bool
    holidays: list[Span]
    bridges: list[Span] = []
    public_holidays: list[dict[str, Any]] = []


class CalendarImportOutput(Versioned):
    """The page's ``POST /api/calendar/import``: the ``holidays:`` of a class file."""

    file: str
    holidays: list[Span]


# ---- the class file ------------------------------------------------------------------

class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class FilePeriod(_File):
    from_: dt.date = Field(alias="from")
    to: dt.date | None = None
    weeks: int | None = Field(None, ge=1, le=104)
    place: str | None = Field(None, description="france or abroad (or their French words)")
    country: str | None = Field(None, description="ISO 3166 alpha-2, e.g. DE")
    locked: bool | None = None
    label: str | None = None
    company: str | None = None
    tutor: str | None = None
    city: str | None = None
    signed: bool | None = None


class FileSpan(_File):
    from_: dt.date = Field(alias="from")
    to: dt.date | None = None
    reason: str | None = None


class BlockedSpan(FileSpan):
    final: bool | None = Field(None, description="the final exams (E on the grid)")


class Employment(_File):
    months: int = Field(ge=0)
    full_time: bool | None = None
    within_months: int | None = Field(None, ge=1)


class FileStudent(_File):
    id: str | int
    name: str | None = None
    route: str | None = Field(None, description="initial, apprentice, continuing, ... "
                                                "(or the words a school types)")
    adjustment: str | None = Field(None, description="none, reduced, exempt-one-unit, "
                                                     "exempt")
    status: str | None = None
    employment: Employment | None = None
    periods: list[FilePeriod] = []
    note: str | None = None
    entry_year: int | None = Field(None, ge=1, le=2)
    unavailable: list[FileSpan] = []


class Holiday(_File):
    name: str
    from_: dt.date = Field(alias="from")
    to: dt.date


class FileCalendar(_File):
    zone: str | None = Field(None, description="A, B, C, Corse or an overseas académie")
    start: dt.date
    year2_start: dt.date | None = None
    end: dt.date
    blocked: list[BlockedSpan] = []
    holidays: list[Holiday] | None = None
    holidays_file: str | None = None
    subdivision: str | int | None = None
    provisional: bool | None = None


class ClassFile(_File):
    """A class file (``stageplan generate classe.yaml``): its programme, calendar and
    students, with their periods once planned."""

    schema_: str | None = Field(None, alias="$schema",
                                description="the address of this schema, for editors")
    programme: str
    label: str | None = None
    calendar: FileCalendar
    students: list[FileStudent] = []
    policy: list[dict[str, Any]] = Field([], description="the school's own rules, in the "
                                                         "vocabulary of the rule kinds")
    generated: Any = None
    disabled_rules: list[str] = []
    school: str | None = None
    academie: str | None = None


SCHEMAS: dict[str, type[BaseModel]] = {
    "class-file": ClassFile,
    "verify": VerifyOutput,
    "generate": GenerateOutput,
    "repair": RepairOutput,
    "explain": ExplainOutput,
    "whatif": WhatifOutput,
    "compare": WhatifOutput,
    "batch": BatchOutput,
    "rules": RulesOutput,
    "calendar": CalendarOutput,
    "calendar-import": CalendarImportOutput,
}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``name`` (a key of ``SCHEMAS``)."""
    model = SCHEMAS[name]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
