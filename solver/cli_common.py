"""What every command of the command line shares: options, error handling, output.

A command body raises ``InputError`` for bad input; ``handle_errors`` turns it into
one clear line on stderr and exit status 2, never a traceback. Other commands
(generate, repair, explain, whatif, serve) reuse these pieces.
"""

from __future__ import annotations

import functools
import io
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from .errors import InputError
from .i18n import LANGS, colon, default_lang, ui
from .i18n_errors import input_error_text
from .render.common import write_atomic

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_BROKEN, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def lang_option(func: F) -> F:
    return click.option("--lang", type=click.Choice(LANGS), default=None,
                        help="Language of messages (default: from the locale, else en).")(func)


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    def deco(func: F) -> F:
        return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                            show_default=True, help="Output format.")(func)
    return deco


def output_option(func: F) -> F:
    return click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
                        default=None, help="Write to this file (atomically) instead of "
                        "standard output.")(func)


def resolve_lang(lang: str | None) -> str:
    """The command's ``--lang``, else the group's (``stageplan --lang fr ...``), else the
    locale's."""
    if lang:
        return lang
    ctx = click.get_current_context(silent=True)
    group_lang = ctx.meta.get("stageplan.lang") if ctx is not None else None
    return str(group_lang) if group_lang else default_lang()


def console(stderr: bool = False) -> Console:
    no_colour = bool(os.environ.get("NO_COLOR")) or not (
        sys.stderr if stderr else sys.stdout).isatty()
    return Console(stderr=stderr, highlight=False, no_color=no_colour,
                   width=None if not no_colour else 120, soft_wrap=no_colour)


def render_to_text(render: Callable[..., None], *args: Any, width: int = 120,
                   soft_wrap: bool = True) -> str:
    """What ``render(*args, console)`` prints, as plain text (for ``-o FILE``)."""
    buf = io.StringIO()
    con = Console(file=buf, width=width, highlight=False, no_color=True, soft_wrap=soft_wrap)
    render(*args, con)
    return buf.getvalue()


def report_input_error(exc: InputError, lang: str) -> None:
    err = console(stderr=True)
    err.print(f"[bold red]{ui('bad_input', lang)}{colon(lang).rstrip()}[/] "
              f"{escape(input_error_text(exc, lang))}", highlight=False)


def handle_errors(func: F) -> F:
    """Run a command body: InputError -> message + exit 2; any other error -> exit 3."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = resolve_lang(kwargs.get("lang"))
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            report_input_error(exc, lang)
            sys.exit(EXIT_INPUT)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug of ours: say so briefly, without a traceback
            if os.environ.get("STAGEPLAN_DEBUG"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc} "
                       "(set STAGEPLAN_DEBUG=1 for details)", err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


def emit(text: str | bytes, output: str | None) -> None:
    """Print ``text`` or write it atomically to ``output``."""
    if output:
        write_atomic(output, text)
    elif isinstance(text, bytes):
        sys.stdout.buffer.write(text)
    else:
        sys.stdout.write(text)
