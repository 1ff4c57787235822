"""``stageplan whatif``: variants of one scenario, run side by side with the base.

``--set PATH=VALUE`` (repeatable) makes one variant; ``--variant NAME:PATH=VALUE,...``
makes a named one (several allowed). For each, the existing plan is verified (if
there is one) and a calendar generated; the table, JSON or HTML report compares every
variant with the base. Variants run in parallel (``--executor local``, a process pool)
or one after the other (``serial``). Exit 0, or 2 on bad input (a change naming a
missing field, student or rule is reported with its file, line and field).
"""

from __future__ import annotations

import sys

import click

from solver.cli.commands.compare import (
    executor_options,
    report_out,
    run_and_report,
    settings,
    time_limit_option,
    verify_only_option,
)
from solver.cli.common import (
    EXIT_OK,
    check_from,
    format_option,
    from_option,
    handle_errors,
    lang_option,
    output_option,
    resolve_lang,
)
from solver.core.errors import InputError, msg
from solver.i18n.catalog import ui
from solver.jobs.batch.executors import Job
from solver.load.overlay import Change, parse_set


def split_top(text: str) -> list[str]:
    """Split at commas outside brackets, braces and quotes."""
    parts, depth, quote, cur = [], 0, "", ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[{(":
            depth += 1
        elif ch in "]})":
            depth -= 1
        if ch == "," and depth == 0 and not quote:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def parse_variant(text: str) -> tuple[str, list[Change]]:
    name, sep, rest = text.partition(":")
    name = name.strip()
    if not sep or not name or "=" in name or "[" in name:
        raise InputError(msg("'{}' is not NAME:PATH=VALUE,...", text[:80]), "--variant", None,
                         "--variant", text[:80], msg("e.g. --variant zoneC:calendar.zone=C"))
    changes = [parse_set(item, f"--variant {name}") for item in split_top(rest)]
    if not changes:
        raise InputError(msg("variant '{}' has no change", name), "--variant", None, "--variant",
                         name)
    return name, changes


@click.command("whatif")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
              help="A change (repeatable), all in one variant: calendar.zone=C, "
              "calendar.blocked+={from: 2027-05-03, to: 2027-05-07}, "
              "students[S01].adjustment=reduced, students-=S03, rules[ID].min=12, "
              "rules[ID].weight=5, rules[ID].enabled=false, apply=reduced[S01,S02].")
@click.option("--variant", "variants", multiple=True, metavar="NAME:PATH=VALUE,...",
              help="A named variant with its changes (repeatable).")
@verify_only_option
@time_limit_option
@executor_options
@format_option("text", "json", "html")
@output_option
@from_option
@lang_option
@handle_errors
def whatif_cmd(file: str, sets: tuple[str, ...], variants: tuple[str, ...], verify_only: bool,
               time_limit: float, executor: str, workers: int | None, scheduler: str | None,
               cache: str | None, pseudonymise: bool, retry_unproven: float | None, fmt: str,
               output: str | None, from_text: str | None, lang: str | None) -> None:
    """Run variants of FILE and compare them with it; exit 0, or 2 on bad input."""
    named: list[tuple[str, list[Change]]] = []
    if sets:
        named.append(("variant", [parse_set(s) for s in sets]))
    named += [parse_variant(v) for v in variants]
    if not named:
        raise InputError(ui("wi_needs_change", lang or "en"), None, None, "--set")
    from_text = check_from(from_text, lang or "en")
    used = {"base"}
    kind = "verify" if verify_only else "variant"
    jobs = [Job("base", file, (), kind, time_limit, from_text)]
    for name, changes in named:
        if name in used:
            raise InputError(msg("two variants are named '{}'", name), "--variant", None,
                             "--variant", name)
        used.add(name)
        jobs.append(Job(name, file, tuple(changes), kind, time_limit, from_text))
    run = settings(executor, workers, scheduler, cache, pseudonymise, retry_unproven,
                   resolve_lang(lang))
    report = run_and_report(jobs, run, time_limit)
    report_out(report, fmt, output, lang)
    sys.exit(EXIT_OK)


COMMAND = whatif_cmd
