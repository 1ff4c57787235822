"""``stageplan batch DIR``: verify and generate every scenario of a folder (a school,
an académie), in parallel, into one summary (text, CSV, HTML or JSON).

Files are found recursively (``*.yaml``, ``*.yml``, ``*.json``), in path order; a
file that does not load becomes an error row, never a crash, and so does a class whose
worker died (``worker lost``); the end of the batch says on stderr how many rows
failed and why. ``--verify-only`` skips the calendars. The jobs run on the local pool,
serially or on Dask (``--executor dask [--scheduler tcp://HOST:8786]``); ``--cache DIR``
skips unchanged classes, ``--pseudonymise`` keeps student ids and names home and
``--retry-unproven SECONDS`` reruns the calendars not proven optimal (see ``runner``).
Exit 0 when the summary is written (whatever the rows say), 2 when DIR is not a
folder or holds no scenario file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from solver.cli.commands.compare import executor_options, settings, time_limit_option
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
from solver.core.files import dumps_json, versioned
from solver.i18n.catalog import ui
from solver.io.render.batch_report import public, report, report_text, write_report
from solver.io.render.whatif_out import batch_csv, batch_html, batch_text
from solver.jobs.batch.executors import Job
from solver.jobs.batch.runner import BatchStats

SUFFIXES = (".yaml", ".yml", ".json")


def scenario_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


@click.command("batch")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--verify-only", is_flag=True, default=False,
              help="Only verify the plans; generate no calendar.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False), default=None,
              help="Also write the summary as CSV to this file.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False), default=None,
              help="Also write the summary as HTML to this file.")
@click.option("--report", "report_dir", type=click.Path(file_okay=False), default=None,
              metavar="DIR", help="Write the rolled-up report to DIR: French CSVs (classes, "
              "etablissements, academies, zones, diplomes), rapport.xlsx, rapport.html.")
@time_limit_option
@executor_options
@format_option("text", "csv", "html", "json")
@output_option
@from_option
@lang_option
@handle_errors
def batch_cmd(folder: str, verify_only: bool, csv_out: str | None, html_out: str | None,
              report_dir: str | None, time_limit: float, executor: str, workers: int | None,
              scheduler: str | None,
              cache: str | None, pseudonymise: bool, retry_unproven: float | None, fmt: str,
              output: str | None, from_text: str | None, lang: str | None) -> None:
    """Verify and generate every scenario under FOLDER into one summary; exit 0, or 2."""
    lang = resolve_lang(lang)
    root = Path(folder)
    if not root.is_dir():
        raise InputError(msg("not a folder"), folder, None, "FOLDER", folder)
    files = scenario_files(root)
    if not files:
        raise InputError(ui("wb_no_files", lang), folder, None, "FOLDER", folder)
    from_text = check_from(from_text, lang)
    kind = "verify" if verify_only else "variant"
    run = settings(executor, workers, scheduler, cache, pseudonymise, retry_unproven,
                   resolve_lang(lang))
    run.check(time_limit)
    jobs = [Job(str(p.relative_to(root)), str(p), (), kind, time_limit, from_text)
            for p in files]
    summaries, stats = run.run(jobs, "batch")
    for s, p in zip(summaries, files, strict=True):
        s["file"] = str(p)
    rep = report(summaries, root, lang)
    if report_dir:
        write_report(rep, report_dir, lang)
    if csv_out:
        emit(batch_csv(summaries), csv_out)
    if html_out:
        emit(batch_html(summaries, lang), html_out)
    if fmt == "csv":
        emit(batch_csv(summaries), output)
    elif fmt == "html":
        emit(batch_html(summaries, lang), output)
    elif fmt == "json":
        emit(dumps_json(versioned({"scenarios": summaries, "batch": stats.to_json(),
                                   "report": public(rep)})), output)
    elif output:
        emit(render_to_text(batch_text, summaries, lang, width=200, soft_wrap=False)
             + render_to_text(report_text, rep, lang, width=200, soft_wrap=False), output)
    else:
        batch_text(summaries, lang, console())
        report_text(rep, lang, console())
    report_stats(stats, lang)
    sys.exit(EXIT_OK)


def report_stats(stats: BatchStats, lang: str) -> None:
    """The end of the batch, on stderr: rows computed, cached, rerun, failed and why."""
    line = ui("wb_done", lang, n=stats.rows, ran=stats.ran, cached=stats.cached,
              retried=stats.retried, failed=sum(stats.failed.values()))
    if stats.failed:
        line += " (" + ", ".join(
            ui("wb_failed_reason", lang, k=k, reason=ui("wb_reason_" + reason, lang))
            for reason, k in sorted(stats.failed.items())) + ")"
    err = console(stderr=True)
    err.print(line, highlight=False, markup=False)
    if stats.corrupt:
        err.print(ui("wb_corrupt", lang, k=stats.corrupt), highlight=False, markup=False)


COMMAND = batch_cmd
