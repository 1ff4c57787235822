"""The gettext catalogues: every sentence's French lives in ``locale/fr/LC_MESSAGES/stageplan.po``.

The English text is the source, written in the code; a translator works on the ``.po``
file only. Three kinds of entry:

- **keyed sentences** (the tables ``UI``, ``CATALOGUE``, route and adjustment names): each is
  written ``N_("key", "English text")`` inside ``catalogue(...)``; the key is the gettext
  *context* (``msgctxt``), so two keys with the same English may say different things in French;
  a sentence that depends on a count is ``NP_("key", "singular", "plural")`` in ``PLURALS``;
- **input errors and hints**, raised as ``msg("English template {}", ...)`` (solver.core.errors);
- **the command line's help** (the English help texts of the commands, spaces collapsed) and
  **click's own words** ("Usage:", "Show this message and exit.", its usage errors), which click
  asks for through the standard library's ``gettext`` (its hook: the text domain and language
  are set by ``click_language``).

``locale/stageplan.pot`` is extracted from the code with babel (``python scripts/i18n.py
extract``, see its docstring); the wheel ships the ``.po`` files compiled to ``.mo`` at build
time (``setup.py``). From a source tree (an editable install, the tests) a ``.po`` newer than
its ``.mo`` is compiled in memory, and once to its ``.mo`` for click's sake. Plural forms are
CLDR's, as babel writes them in the header.
"""

from __future__ import annotations

import functools
import gettext
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "stageplan"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
TRANSLATED = ("fr",)   # the source language is English: no English catalogue is needed


def N_(key: str, english: str) -> tuple[str, str]:
    """Marks a keyed sentence for extraction (babel keyword ``N_:1c,2``); the key is the
    gettext context."""
    return key, english


def NP_(key: str, singular: str, plural: str) -> tuple[str, tuple[str, str]]:
    """Marks a keyed sentence that depends on a count (babel keyword ``NP_:1c,2,3``): the
    ``.po`` file gives it as many French forms as CLDR's plural rule has."""
    return key, (singular, plural)


def plurals(*entries: tuple[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """A table of keyed sentences with a singular and a plural (``NP_``)."""
    table: dict[str, tuple[str, str]] = {}
    for key, forms in entries:
        if key in table:
            raise ValueError(f"message key {key!r} is defined twice")
        table[key] = forms
    return table


def catalogue(*entries: tuple[str, str]) -> dict[str, str]:
    """A table of keyed English sentences; a key given twice is a bug in the table."""
    table: dict[str, str] = {}
    for key, english in entries:
        if key in table:
            raise ValueError(f"message key {key!r} is defined twice")
        table[key] = english
    return table


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _mo_is_current(lang: str) -> bool:
    po, mo = po_path(lang), po_path(lang).with_suffix(".mo")
    return mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime)


@functools.lru_cache(maxsize=4)
def compile_po(lang: str) -> bytes:
    """The ``.mo`` bytes of ``lang``'s ``.po`` file (babel's reader and writer)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as fp:
        catalog = read_po(fp, locale=lang, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


@functools.lru_cache(maxsize=4)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang``: its compiled ``.mo`` when it is current, else its ``.po``
    compiled in memory; English (the source) gets the texts as they are."""
    if lang not in TRANSLATED or not (po_path(lang).is_file()
                                      or po_path(lang).with_suffix(".mo").is_file()):
        return gettext.NullTranslations()
    if _mo_is_current(lang):
        with po_path(lang).with_suffix(".mo").open("rb") as fp:
            return gettext.GNUTranslations(fp)
    return gettext.GNUTranslations(io.BytesIO(compile_po(lang)))


def pgettext(lang: str, key: str, english: str) -> str:
    """A keyed sentence in ``lang`` (its English when the catalogue lacks it)."""
    return english if lang not in TRANSLATED else translations(lang).pgettext(key, english)


def gettext_(lang: str, english: str) -> str:
    return english if lang not in TRANSLATED else translations(lang).gettext(english)


def npgettext(lang: str, key: str, singular: str, plural: str, n: int) -> str:
    """The form of a keyed sentence for ``n`` by the CLDR plural rule of ``lang`` (French:
    0 and 1 take the singular; English: 1 only)."""
    return translations(lang).npgettext(key, singular, plural, n)


def _click_localedir() -> str | None:
    """The folder of the compiled catalogues, for the standard library's ``gettext`` (click
    asks it): an installed wheel has them; a source tree compiles its ``.po`` files there
    the first time (``*.mo`` are not in git). None when they cannot be written (a read-only
    tree, the page's fenced solves, which print no click word): click then speaks English."""
    import tempfile

    for lang in TRANSLATED:
        if _mo_is_current(lang):
            continue
        target = po_path(lang).with_suffix(".mo")
        try:
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
                tmp.write(compile_po(lang))
            os.replace(tmp.name, target)
        except Exception:   # noqa: BLE001  (OSError, or the page's fence refusing the write)
            return None
    return str(LOCALE_DIR)


@contextmanager
def click_language(lang: str) -> Iterator[None]:
    """Click's own words in ``lang`` for the time of a command: click calls the standard
    library's ``gettext``, which reads the current text domain and the ``LANGUAGE`` variable."""
    saved_domain = gettext.textdomain()
    saved_language = os.environ.get("LANGUAGE")
    localedir = _click_localedir() if lang in TRANSLATED else None
    if localedir is not None:
        gettext.bindtextdomain(DOMAIN, localedir)
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang
    try:
        yield
    finally:
        gettext.textdomain(saved_domain)
        if saved_language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = saved_language
