"""``GET /healthz``: is this server up and able to work, for a load balancer or a probe.

Answered before the login and the Host check (a probe knows no password and may use the
machine's address), with nothing a visitor should not see: the status, the version, the
solve queue's counts and whether the data folder can be written. 200 when all is well,
503 when the data folder cannot be written (saves would fail).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from solver import __version__

PATH = "/healthz"


def health(data_dir: Path, jobs: Any) -> tuple[dict[str, Any], int]:
    writable = data_dir.is_dir() and os.access(data_dir, os.W_OK)
    active = jobs.active()
    body = {"status": "ok" if writable else "unavailable", "version": __version__,
            "data_writable": writable,
            "jobs": {"active": len(active), "capacity": jobs.size, "workers": jobs.workers,
                     "completed": jobs.completed, "refused": jobs.refused}}
    return body, 200 if writable else 503


class Health:
    """Answers ``GET``/``HEAD /healthz`` itself; passes every other request on."""

    def __init__(self, app: ASGIApp, data_dir: Path, jobs: Any) -> None:
        self.app = app
        self.data_dir = data_dir
        self.jobs = jobs

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path") == PATH \
                and scope.get("method") in ("GET", "HEAD"):
            body, status = health(self.data_dir, self.jobs)
            response = JSONResponse(body, status_code=status,
                                    headers={"Cache-Control": "no-store"})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
