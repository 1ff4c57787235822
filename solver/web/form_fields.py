"""What the page's forms share: reading one text field (trimmed, bounded) and the
error a form field raises (below ``edit`` and ``settings_form``)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import FormData


class FormError(Exception):
    """A form field the page cannot read (message already in the user's language;
    ``field``: the form's field it is about, when known)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# (request, form, message, field) -> the page that says it (a form drawn again)
Refused = Callable[[Request, FormData, str, "str | None"], Response]


def form_text(form: FormData, key: str, limit: int = 120) -> str:
    value = form.get(key)
    return str(value).strip()[:limit] if isinstance(value, str) else ""
