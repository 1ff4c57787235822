"""The web side of ``stageplan calendar import``: an uploaded ICS school calendar as the
``holidays:`` list of a class file (the same reader, the same errors, no file written)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from solver.core.errors import InputError, msg
from solver.core.files import SCHEMA_VERSION
from solver.io.ics_import import between, read_ics_text
from solver.web.context import author_of
from solver.web.service import TooLarge


def _day(request: Request, key: str) -> dt.date | None:
    value = request.query_params.get(key)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(msg("'{}' is not a date", value[:40]), "request", None, key, value[:40],
                         msg("write dates as YYYY-MM-DD")) from None


async def import_payload(request: Request, max_bytes: int) -> dict[str, Any]:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    name = "calendar.ics"
    if ctype == "multipart/form-data":
        try:
            form = await request.form(max_files=1, max_fields=10)
        except Exception:
            raise InputError(msg("the form could not be read"), field="file") from None
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InputError(msg("no file was sent"), field="file",
                             hint=msg("send the ICS file in the form field 'file'"))
        raw = await upload.read(max_bytes + 1)
        name = "".join(c for c in (upload.filename or name) if c.isalnum() or c in "._-")[:80]
    else:
        raw = await request.body()
    if len(raw) > max_bytes:
        raise TooLarge(f"the file is larger than {max_bytes // 1024} KiB", name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(msg("not UTF-8 text (byte {})", exc.start), name) from None
    # off the event loop, under the user's share of the server (QueueFull: HTTP 429)
    read = await request.app.state.parses.run(author_of(request), read_ics_text, text,
                                              name or "calendar.ics")
    spans = between(read, _day(request, "from"), _day(request, "to"))
    return {"schema_version": SCHEMA_VERSION, "file": name,
            "holidays": [{"name": s.label, "from": s.start, "to": s.end} for s in spans]}
