"""What every command of the command line shares: options, error handling, output.

A command body raises ``InputError`` for bad input; ``handle_errors`` turns it into
one clear line on stderr and exit status 2, never a traceback. Other commands
(generate, repair, explain, whatif, serve) reuse these pieces.

Files and signals as a Unix tool handles them: ``emit`` writes ``-o FILE`` atomically
with the umask's mode (a replaced file keeps its own, and stderr says it was
replaced); a write that fails (read-only folder, full disk, ...) is one clear message
and exit 2; a closed pipe on stdout ends quietly. Ctrl-C stops any solve at once
(``solver/sat.py``) and ends the command with exit 130, having written nothing.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import errno
import functools
import io
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from solver.core.controls import visible
from solver.core.errors import InputError, msg
from solver.core.files import write_atomic
from solver.core.model import Scenario
from solver.engine.clock import deadline
from solver.i18n.catalog import LANGS, colon, default_lang, ui
from solver.i18n.errors import input_error_text
from solver.jobs.history import TODAY, default_from, is_today, parse_from_text

if TYPE_CHECKING:
    from rich.console import Console

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_BROKEN, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130    # 128 + SIGINT, as shells report a Ctrl-C
EXIT_BROKEN_PIPE = 141    # 128 + SIGPIPE: the reader of stdout went away
# --time-limit stopped the search before an answer (status "unknown"): no calendar, and
# no proof that none exists either (exit 1 is for a proof)
EXIT_UNKNOWN = 4

_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("stageplan_lang", default="en")


# When the command under way started (perf_counter seconds): ``--time-limit`` bounds the
# whole command, start-up and loading included (``command_deadline``)
_STARTED: list[float] = [time.perf_counter()]
# seconds kept from --time-limit for what follows the search (writing the output, exit)
WRITE_RESERVE = 0.25


def mark_command_start(own_process: bool) -> None:
    """A command starts now; ``own_process``: it is the process's own command (the console
    script), whose interpreter start-up and imports count too."""
    _STARTED[0] = time.perf_counter() - (_process_age() if own_process else 0.0)


def _process_age() -> float:
    """Seconds since this process started (0 where /proc does not say)."""
    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


@contextlib.contextmanager
def command_deadline(time_limit: float) -> Iterator[None]:
    """Every solve inside the block ends in time for the whole command (from its start) to
    end within ``time_limit`` (``WRITE_RESERVE`` is kept for writing the answer)."""
    elapsed = time.perf_counter() - _STARTED[0]
    with deadline(max(0.05, time_limit - elapsed - WRITE_RESERVE)):
        yield


class OutputError(InputError):
    """An output file could not be written (the user can fix it: exit 2)."""


# errno -> catalogue key of the reason (others: the system's own words)
_WRITE_REASONS = {errno.ENOSPC: "write_no_space", errno.EDQUOT: "write_no_space",
                  errno.EACCES: "write_denied", errno.EPERM: "write_denied",
                  errno.EROFS: "write_read_only", errno.ENOENT: "write_no_folder",
                  errno.ENOTDIR: "write_no_folder", errno.EISDIR: "write_is_folder"}


def lang_option(func: F) -> F:
    return click.option("--lang", type=click.Choice(LANGS), default=None,
                        help="Language of messages (default: from the locale, else en).")(func)


def group_lang_option(func: F) -> F:
    """``--lang`` of a command group (``stageplan user --lang fr ...``, ``--help --lang fr``):
    the language of its subcommands unless they give their own."""
    return click.option("--lang", "group_lang", type=click.Choice(LANGS), default=None,
                        help="Language of messages (default: from the locale, else en).")(func)


def set_group_lang(group_lang: str | None) -> None:
    ctx = click.get_current_context(silent=True)
    if group_lang and ctx is not None:   # the subcommand's own --lang wins
        ctx.meta["stageplan.lang"] = group_lang


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    def deco(func: F) -> F:
        return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                            show_default=True, help="Output format.")(func)
    return deco


SUFFIX_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".html": "html",
                  ".htm": "html", ".xlsx": "xlsx", ".ics": "ics", ".pdf": "pdf"}


def format_for_output(fmt: str, output: str | None, choices: tuple[str, ...]) -> str:
    """The ``--format`` to use: the one given, else the one ``-o FILE``'s suffix names
    (``generate -o plan.yaml`` writes the plan file, not the text grid; issue 20)."""
    ctx = click.get_current_context(silent=True)
    given = ctx is not None and ctx.get_parameter_source("fmt") not in (
        click.core.ParameterSource.DEFAULT, None)
    if given or not output:
        return fmt
    found = SUFFIX_FORMATS.get(Path(output).suffix.lower())
    return found if found in choices else fmt


def output_option(func: F) -> F:
    return click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
                        default=None, help="Write to this file (atomically) instead of "
                        "standard output.")(func)


FROM_HELP = ("Days before DATE are history: kept exactly as they are, nothing new placed "
             "there, class caps counted from DATE on (default and 'today': today, once the class "
             "has started; 'start' for none).")


def from_option(func: F) -> F:
    """``--from DATE``: the same option, with the same default, for every planning job."""
    return click.option("--from", "from_text", default=None, metavar="DATE",
                        help=FROM_HELP)(func)


def check_from(text: str | None, lang: str) -> str:
    """``--from`` checked before any class is loaded, as batch jobs carry it (they
    resolve it per class; its default is ``TODAY``)."""
    if text is None:
        return TODAY
    parse_from(text, None, lang)
    return text


def parse_from(text: str | None, scenario: Scenario | None, lang: str) -> dt.date | None:
    """``--from``: a date (YYYY-MM-DD or DD/MM/YYYY), 'start' (no history), or its
    default, also said 'today' (today, once the class has started)."""
    try:
        if text is None or is_today(text):
            return default_from(scenario) if scenario is not None else None
        return parse_from_text(text)
    except ValueError:
        raise InputError(ui("gen_bad_from", lang), None, None, "--from", text,
                         msg("e.g. 2027-01-04 or 04/01/2027")) from None


def resolve_lang(lang: str | None) -> str:
    """The command's ``--lang``, else the group's (``stageplan --lang fr ...``), else the
    locale's."""
    if lang:
        return lang
    ctx = click.get_current_context(silent=True)
    group_lang = ctx.meta.get("stageplan.lang") if ctx is not None else None
    return str(group_lang) if group_lang else default_lang()


@functools.cache
def _safe_console() -> type[Console]:
    """The console class, made at its first use: rich is imported only by a command that
    prints text (a JSON output or ``--help`` does without; issue 19)."""
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A console that shows the control characters of the text it prints escaped
        (``core.controls.visible``): an id holding ``ESC[2J`` from a file is printed, not
        obeyed. Rich's own styling codes (control segments) pass unchanged."""

        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            return super()._render_buffer(
                seg if seg.control else Segment(visible(seg.text, newlines=True), seg.style)
                for seg in buffer)

    return SafeConsole


def console(stderr: bool = False) -> Console:
    no_colour = bool(os.environ.get("NO_COLOR")) or not (
        sys.stderr if stderr else sys.stdout).isatty()
    return _safe_console()(stderr=stderr, highlight=False, no_color=no_colour,
                       width=None if not no_colour else 120, soft_wrap=no_colour)


def render_to_text(render: Callable[..., None], *args: Any, width: int = 120,
                   soft_wrap: bool = True) -> str:
    """What ``render(*args, console)`` prints, as plain text (for ``-o FILE``)."""
    buf = io.StringIO()
    con = _safe_console()(file=buf, width=width, highlight=False, no_color=True,
                      soft_wrap=soft_wrap)
    render(*args, con)
    return buf.getvalue()


def report_input_error(exc: InputError, lang: str) -> None:
    from rich.markup import escape

    err = console(stderr=True)
    head = ui("write_error" if isinstance(exc, OutputError) else "bad_input", lang)
    # one line: a newline or an escape sequence from the file is shown, not obeyed
    err.print(f"[bold red]{head}{colon(lang).rstrip()}[/] "
              f"{escape(visible(input_error_text(exc, lang)))}", highlight=False)


def handle_errors(func: F) -> F:
    """Run a command body: InputError -> message + exit 2; any other error -> exit 3."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = resolve_lang(kwargs.get("lang"))
        _LANG.set(lang)
        try:
            try:
                return func(*args, **kwargs)
            finally:
                sys.stdout.flush()   # a full disk or a closed pipe shows up here, not at exit
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(EXIT_BROKEN_PIPE)
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                _internal_error(exc)
            report_input_error(write_error(exc, exc.filename or "<stdout>", lang), lang)
            sys.exit(EXIT_INPUT)
        except InputError as exc:
            report_input_error(exc, lang)
            sys.exit(EXIT_INPUT)
        except (KeyboardInterrupt, EOFError, click.Abort):
            # raised as soon as a stopped solve returns: nothing it found is reported;
            # Ctrl-C or Ctrl-D at a prompt (click says Abort) is the same stop (issue 20)
            click.echo(("\n" if isinstance(sys.exc_info()[1], click.Abort) else "")
                       + ui("interrupted", lang), err=True)
            _exit_now(EXIT_INTERRUPTED)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug of ours: say so briefly, without a traceback
            _internal_error(exc)

    return wrapper  # type: ignore[return-value]


def _internal_error(exc: BaseException) -> NoReturn:
    if os.environ.get("STAGEPLAN_DEBUG"):
        raise exc
    click.echo(f"internal error: {type(exc).__name__}: {visible(str(exc))} "
               "(set STAGEPLAN_DEBUG=1 for details)", err=True)
    sys.exit(EXIT_INTERNAL)


def _exit_now(code: int) -> NoReturn:
    """Exit at once: tearing down a large solver model took seconds on a busy machine,
    and an interrupted command has nothing left to finish (its temporary files are gone
    and it wrote nothing). In-process callers (tests) get a normal ``SystemExit``."""
    if sys.stdout is sys.__stdout__ and sys.stderr is sys.__stderr__:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()
        os._exit(code)
    sys.exit(code)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that Python's own flush at exit finds no closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def write_error(exc: OSError, path: str, lang: str) -> OutputError:
    key = _WRITE_REASONS.get(exc.errno or 0)
    reason = ui(key, lang) if key else (exc.strerror or str(exc))
    return OutputError(ui("write_failed", lang, reason=reason), path,
                       hint=ui("write_hint", lang))


def emit(text: str | bytes, output: str | None, replace_notice: bool = True) -> None:
    """Print ``text`` or write it atomically to ``output`` (see the module's docstring);
    ``replace_notice=False`` for a file the user asked to overwrite (``--in-place``)."""
    lang = _LANG.get()
    if output:
        try:
            existed = stat.S_ISREG(os.stat(output).st_mode)
        except OSError:
            existed = False
        try:
            write_atomic(output, text)
        except OSError as exc:
            raise write_error(exc, output, lang) from None
        if existed and replace_notice:
            click.echo(ui("output_replaced", lang, path=output), err=True)
        return
    try:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader went away (``| head``): stop quietly, as a Unix tool does
        _quiet_stdout()
        sys.exit(EXIT_BROKEN_PIPE)
    except OSError as exc:   # e.g. > /dev/full
        raise write_error(exc, "<stdout>", lang) from None
