"""Response models of the JSON API, so that ``/openapi.json`` says what each answer is
(schemathesis checks every answer against them in CI)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from solver.io.schemas import ErrorBody  # one model for every refused input


class JobState(BaseModel):
    id: str
    kind: str
    done: bool
    queued: bool
    cancelled: bool
    timed_out: bool
    progress: float
    elapsed: float
    time_limit: float
    failed: bool


class ScenarioItem(BaseModel):
    name: str
    versions: list[int]
    archived: bool = False


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "model": ErrorBody}


ERROR_MODEL_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _error("no valid login or API token"),
    403: _error("the role does not allow it"),
    404: _error("no such job"),
    421: _error("this server does not answer to this Host name"),
}
