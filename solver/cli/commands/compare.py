"""``stageplan compare``: several scenario files (classes or overlays) side by side.

The first file is the base; every other is compared with it (see ``whatif``). The
helpers here (options, running, output) are shared with ``whatif`` and ``batch``.
Exit 0, or 2 on bad input (any file that does not load).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from solver.cli.common import (
    EXIT_OK,
    check_from,
    console,
    emit,
    format_option,
    from_option,
    handle_errors,
    lang_option,
    output_option,
    render_to_text,
    resolve_lang,
)
from solver.core.errors import InputError, msg
from solver.core.files import dumps_json
from solver.i18n.catalog import ui
from solver.io.render.whatif_out import whatif_html, whatif_text
from solver.jobs.batch.executors import Job
from solver.jobs.batch.runner import (
    EXECUTORS,
    BatchOptions,
    BatchStats,
    make_executor,
    run_batch,
)
from solver.jobs.whatif import DEFAULT_TIME_LIMIT, compare, variant_name
from solver.load.scenario import scenario_with_changes

F = TypeVar("F", bound=Callable[..., Any])


def time_limit_option(func: F) -> F:
    return click.option("--time-limit", "time_limit", type=click.FloatRange(0.5, 3600),
                        default=DEFAULT_TIME_LIMIT, show_default=True,
                        help="Solver budget per calendar, in deterministic seconds.")(func)


def verify_only_option(func: F) -> F:
    return click.option("--verify-only", is_flag=True, default=False,
                        help="Only verify the existing plans; generate no calendar.")(func)


def executor_options(func: F) -> F:
    """``--executor``, ``--workers``, ``--scheduler`` and the batch options (``--cache``,
    ``--pseudonymise``, ``--retry-unproven``), passed to the command as ``run``."""
    func = click.option("--retry-unproven", "retry_unproven", type=click.FloatRange(0.5, 36000),
                        default=None, metavar="SECONDS",
                        help="Rerun once, with this budget, the calendars that are compliant "
                        "but not proven optimal.")(func)
    func = click.option("--pseudonymise", "pseudonymise", is_flag=True, default=False,
                        help="Send the workers keyed hashes instead of student ids, and no "
                        "names; the output gets the ids back.")(func)
    func = click.option("--cache", "cache", type=click.Path(file_okay=False), default=None,
                        metavar="DIR", help="Keep finished summaries in DIR (by content "
                        "hash): a rerun skips unchanged classes.")(func)
    func = click.option("--scheduler", default=None, metavar="tcp://HOST:8786",
                        help="With --executor dask: a running Dask scheduler (default: a "
                        "LocalCluster on this machine).")(func)
    func = click.option("--workers", type=click.IntRange(1, 256), default=None,
                        help="Processes of the local pool or of the Dask LocalCluster "
                        "(default: cores / CP-SAT threads per solve).")(func)
    return click.option("--executor", default="local", show_default=True,
                        metavar="|".join(EXECUTORS),
                        help="Where the jobs run: local (process pool), serial, dask "
                        "(dask.distributed; pip install 'stageplan[dask]').")(func)


@dataclass(frozen=True)
class RunSettings:
    """Where and how the jobs run (the options of ``executor_options``)."""

    executor: str = "local"
    workers: int | None = None
    scheduler: str | None = None
    options: BatchOptions = BatchOptions()
    lang: str = "en"

    def check(self, time_limit: float) -> None:
        retry = self.options.retry_unproven
        if retry is not None and retry <= time_limit:
            raise InputError(msg("--retry-unproven {} is not more than --time-limit {}",
                                 format(retry, 'g'), format(time_limit, 'g')),
                             None, None, "--retry-unproven", str(retry),
                             msg("give a larger budget than the first one"))

    def run(self, jobs: list[Job], label: str) -> tuple[list[dict[str, Any]], BatchStats]:
        def announce(link: str) -> None:   # on stderr: stdout may be a JSON report
            console(stderr=True).print(ui("dask_dashboard", self.lang, link=link))

        runner = make_executor(self.executor, self.workers, self.scheduler, announce)
        return run_batch(jobs, self.executor, self.workers, self.scheduler, self.options,
                         label, runner=runner)


def settings(executor: str, workers: int | None, scheduler: str | None, cache: str | None,
             pseudonymise: bool, retry_unproven: float | None, lang: str = "en"
             ) -> RunSettings:
    return RunSettings(executor, workers, scheduler,
                       BatchOptions(cache, pseudonymise, retry_unproven), lang)


def check_inputs(jobs: list[Job]) -> None:
    """Load every variant before solving anything: bad input exits 2 at once."""
    for job in jobs:
        scenario_with_changes(job.file, list(job.changes))


def run_and_report(jobs: list[Job], run: RunSettings, time_limit: float) -> dict[str, Any]:
    check_inputs(jobs)
    run.check(time_limit)
    summaries, _ = run.run(jobs, "what-if")
    for s in summaries:   # loaded fine above: an error now is ours, not the input's
        if "error" in s and s["error"].get("line") is not None:
            raise InputError(s["error"]["error"], s["error"]["file"], s["error"]["line"],
                             s["error"]["field"], None, s["error"]["hint"])
    return compare(summaries, time_limit)


def report_out(report: dict[str, Any], fmt: str, output: str | None,
               lang: str | None) -> None:
    lang = resolve_lang(lang)
    if fmt == "json":
        emit(dumps_json(report), output)
    elif fmt == "html":
        emit(whatif_html(report, lang), output)
    elif output:
        emit(render_to_text(whatif_text, report, lang, width=160, soft_wrap=False), output)
    else:
        whatif_text(report, lang, console())


@click.command("compare")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@verify_only_option
@time_limit_option
@executor_options
@format_option("text", "json", "html")
@output_option
@from_option
@lang_option
@handle_errors
def compare_cmd(files: tuple[str, ...], verify_only: bool, time_limit: float, executor: str,
                workers: int | None, scheduler: str | None, cache: str | None,
                pseudonymise: bool, retry_unproven: float | None, fmt: str,
                output: str | None, from_text: str | None, lang: str | None) -> None:
    """Compare scenario FILES side by side (the first is the base); exit 0, or 2."""
    if len(files) < 2:
        raise InputError(ui("wi_needs_two", resolve_lang(lang)), None, None, "FILES")
    from_text = check_from(from_text, resolve_lang(lang))
    used: set[str] = set()
    kind = "verify" if verify_only else "variant"
    jobs = [Job(variant_name(f, used), f, (), kind, time_limit, from_text) for f in files]
    run = settings(executor, workers, scheduler, cache, pseudonymise, retry_unproven,
                   resolve_lang(lang))
    report = run_and_report(jobs, run, time_limit)
    report_out(report, fmt, output, lang)
    sys.exit(EXIT_OK)


COMMAND = compare_cmd
