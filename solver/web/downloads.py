"""Files the page offers for download, made by the project's renderers.

The XLSX, ICS and HTML renderers live in ``solver/render/`` (written with the generate
job); this module only finds them and calls them on a verified scenario. A format
whose renderer is not installed is reported as unavailable, never faked here.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

from solver.core.model import Scenario
from solver.jobs.verify import verify

FORMATS = ("xlsx", "ics", "html")


class Unavailable(Exception):
    """No renderer for this format is installed."""


def _renderer(fmt: str) -> Callable[..., Any] | None:
    try:
        mod = importlib.import_module(f"solver.io.render.{fmt}")
    except ImportError:
        return None
    for name in (f"render_{fmt}", f"to_{fmt}", "render"):
        fn = getattr(mod, name, None)
        if callable(fn):
            return fn  # type: ignore[no-any-return]
    return None


def available() -> list[str]:
    return [f for f in FORMATS if _renderer(f) is not None]


def render(fmt: str, scenario: Scenario, lang: str, sequence: int = 0) -> bytes:
    """The file of ``fmt``; ``sequence`` (the saved version's number) goes to renderers
    that take one (the ICS's SEQUENCE: a later version updates the events)."""
    fn = _renderer(fmt)
    if fn is None:
        raise Unavailable(fmt)
    params = inspect.signature(fn).parameters
    kwargs: dict[str, Any] = {}
    if "lang" in params:
        kwargs["lang"] = lang
    if "sequence" in params:
        kwargs["sequence"] = sequence
    first = next(iter(params.values()), None)
    wants_result = first is not None and "result" in first.name
    arg: Any = verify(scenario) if wants_result else scenario
    if "result" in params and not wants_result:
        kwargs["result"] = verify(scenario)
    data = fn(arg, **kwargs)
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)
