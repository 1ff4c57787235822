"""The command line's help and usage errors in the user's language.

Click writes ``--help`` from the English help texts of the commands and options, and its
own words ("Usage:", "Options", "Show this message and exit.", "[default: …]", its usage
errors) through the standard library's ``gettext``. When the language is French (``--lang fr``
on the command line, else the locale, as for every message), ``LocalizedGroup.main`` points
click's ``gettext`` at the package's catalogue (``translations.click_language``) and swaps in
a help formatter that writes each help text in French: the catalogue's ``msgid`` is the
English help text with its spaces collapsed (``scripts/i18n.py`` extracts them from the
commands). Nothing is changed on the commands themselves, so one process can show both
languages.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from solver.i18n.catalog import LANGS, default_lang
from solver.i18n.translations import N_, catalogue, click_language, gettext_, pgettext

# what click writes without asking gettext: its types' names and "[required]"
WORDS = catalogue(
    N_("metavar.INTEGER RANGE", "INTEGER RANGE"),
    N_("metavar.FLOAT RANGE", "FLOAT RANGE"),
    N_("metavar.INTEGER", "INTEGER"),
    N_("metavar.FLOAT", "FLOAT"),
    N_("metavar.TEXT", "TEXT"),
    N_("help.required", "required"),
)


def normalise(text: str) -> str:
    return " ".join(text.split())


def help_text(text: str, lang: str) -> str:
    """A help text in ``lang`` (the English one when it has no French)."""
    key = normalise(text)
    if not key:
        return text
    translated = gettext_(lang, key)
    return text if translated == key else translated


def _metavars(term: str, lang: str) -> str:
    for key, english in WORDS.items():
        if key.startswith("metavar."):
            term = re.sub(rf"\b{english}\b", pgettext(lang, key, english), term)
    return term


class FrenchHelpFormatter(click.HelpFormatter):
    """Click's help layout, with the commands' and options' help texts in French (click's own
    headings and words come through gettext)."""

    def write_text(self, text: str) -> None:
        super().write_text(help_text(text, "fr"))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        out = []
        for term, text in rows:
            extra = ""
            m = re.search(r"\s*((?:\[[^\]]*\]\s*)+)$", text)
            if m:
                text, extra = text[:m.start()], " " + m.group(1).replace(
                    "[required]", f"[{pgettext('fr', 'help.required', WORDS['help.required'])}]")
            out.append((_metavars(term, "fr"), help_text(text, "fr") + extra))
        super().write_dl(out, col_max, col_spacing)


def lang_from_args(args: Sequence[str]) -> str:
    """``--lang fr`` / ``--lang=fr`` among the arguments, else the locale's language."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in LANGS:
            return args[i + 1]
        if arg.startswith("--lang=") and arg[7:] in LANGS:
            return arg[7:]
    return default_lang()


@contextmanager
def _formatter(lang: str) -> Iterator[None]:
    saved = click.Context.formatter_class
    if lang == "fr":
        click.Context.formatter_class = FrenchHelpFormatter
    try:
        yield
    finally:
        click.Context.formatter_class = saved


class FrenchCommandsGroup(click.Group):
    """A group whose list of commands is written from their French help (the first
    sentence, not click's English short help) when the help is in French."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not isinstance(formatter, FrenchHelpFormatter):
            super().format_commands(ctx, formatter)
            return
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            text = help_text(cmd.help or "", "fr")
            first = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(" ;:.")
            rows.append((name, first))
        if rows:
            with formatter.section(gettext_("fr", "Commands")):
                formatter.write_dl(rows)


class LocalizedGroup(FrenchCommandsGroup):
    """The ``stageplan`` group: help and usage errors in the language of the call."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        from solver.cli.common import mark_command_start

        mark_command_start(own_process=args is None)
        argv = list(sys.argv[1:] if args is None else args)
        lang = lang_from_args(argv)
        try:
            with _formatter(lang), click_language(lang):
                return super().main(argv, prog_name, complete_var, standalone_mode, **extra)
        finally:
            _forget_help_options(self)


def _forget_help_options(cmd: click.Command) -> None:
    """Click builds each command's ``--help`` option once, its help text asked of gettext in
    the language of that call: forget them, so a later call in another language (tests, one
    process) builds its own."""
    cmd._help_option = None
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            _forget_help_options(sub)
