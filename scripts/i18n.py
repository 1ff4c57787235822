"""The message catalogues' upkeep, with babel: extract the ``.pot``, update and check the ``.po``.

    python scripts/i18n.py extract   # solver/i18n/locale/stageplan.pot from the code
    python scripts/i18n.py update    # merge the .pot into each .po (new entries left empty)
    python scripts/i18n.py check     # exit 1 if the .pot is stale or a message lacks French

What is extracted:
- ``N_("key", "English")`` (keyed sentences: the key is the gettext context) and
  ``msg("English {}", ...)`` (input errors and hints) from ``solver/``;
- the help texts of every command and option of ``stageplan`` (spaces collapsed, as
  ``solver.cli.help`` asks for them);
- click's own strings (its ``gettext`` calls), which click asks the standard library for.
Locations are written without line numbers, so that moving code does not change the ``.pot``.
``tests/test_i18n.py`` runs the check.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "solver" / "i18n" / "locale"
POT = LOCALE / "stageplan.pot"
LANGS = ("fr",)
KEYWORDS = {"N_": ((1, "c"), 2), "NP_": ((1, "c"), 2, 3), "msg": (1,)}
# a fixed creation date: the .pot changes only when a message does
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _help_texts() -> list[str]:
    import click

    sys.path.insert(0, str(ROOT))
    from solver.cli.help import normalise
    from solver.stageplan import main

    texts: list[str] = []

    def walk(cmd: click.Command) -> None:
        texts.append(cmd.help or "")
        texts.extend(p.help or "" for p in cmd.params if isinstance(p, click.Option))
        if isinstance(cmd, click.Group):
            ctx = click.Context(cmd)
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                if sub is not None:
                    walk(sub)

    walk(main)
    return [normalise(t) for t in texts if t.strip()]


def extract() -> Catalog:
    import click

    cat = Catalog(project="stageplan", domain="stageplan", creation_date=STAMP,
                  msgid_bugs_address="", copyright_holder="the stageplan authors",
                  fuzzy=False)
    sources = [(ROOT / "solver", "solver"), (Path(click.__file__).parent, "click")]
    for folder, prefix in sources:
        keywords = KEYWORDS if prefix == "solver" else {"_": None, "ngettext": (1, 2)}
        for filename, _lineno, message, comments, context in extract_from_dir(
                str(folder), method_map=[("**.py", "python")], keywords=keywords,
                comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
            if prefix == "click" and ("_winconsole" in filename or "_termui_impl" in filename
                                      or "shell_completion" in filename):
                continue   # Windows consoles, editors and shell completion: never shown
            cat.add(message, locations=[(f"{prefix}/{filename}", 0)],
                    auto_comments=comments, context=context)
    for text in _help_texts():
        cat.add(text, locations=[("solver/cli (help)", 0)])
    return cat


def _dump(cat: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, cat, width=96, include_lineno=False, sort_output=False)
    return out.getvalue()


def _po(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "stageplan.po"


def update(template: Catalog) -> None:
    for lang in LANGS:
        with _po(lang).open("rb") as fp:
            cat = read_po(fp, locale=lang)
        cat.update(template, update_header_comment=False)
        cat.obsolete.clear()   # an entry the code no longer has is gone, not kept aside
        _po(lang).write_bytes(_dump(cat))


def problems() -> list[str]:
    out = []
    if not POT.is_file() or POT.read_bytes() != _dump(extract()):
        out.append(f"{POT.relative_to(ROOT)} is stale: run python scripts/i18n.py extract update")
    for lang in LANGS:
        with _po(lang).open("rb") as fp:
            cat = read_po(fp, locale=lang)
        for m in cat:
            if not m.id:
                continue
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            if m.fuzzy or not all(strings):
                out.append(f"{lang}: no translation for {m.context + ': ' if m.context else ''}"
                           f"{m.id!r}")
    return out


def main(argv: list[str]) -> int:
    for command in argv or ["check"]:
        if command == "extract":
            POT.write_bytes(_dump(extract()))
        elif command == "update":
            with POT.open("rb") as fp:
                update(read_po(fp))
        elif command == "check":
            found = problems()
            print("\n".join(found) or "catalogues up to date")
            if found:
                return 1
        else:
            print(__doc__)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
