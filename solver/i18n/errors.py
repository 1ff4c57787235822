"""Input errors in the user's language: French message bodies for every ``InputError``.

Loaders and jobs raise ``InputError`` with messages and hints made where they are
raised by ``msg("unknown value '{}'", value)``: a ``Message``, which is the English
text itself and keeps its template (``msgid``, the gettext msgid) and its values.
``input_error_text(exc, lang)`` writes the whole line a user reads (file, line, field,
message, hint) in their language by looking each ``msgid`` up in the gettext catalogue
(``solver/i18n/locale/fr/LC_MESSAGES/stageplan.po``, where ``scripts/i18n.py`` extracts
every ``msg(...)`` of the source) and filling the French template with the values,
themselves translated (a word such as ``msg("a list")``, a date as JJ/MM/AAAA). Nothing
is read back from the English: a plain text (already in the user's language, or a
message with no id) is printed unchanged. ``tests/test_i18n_msgids.py`` checks that every
raise site passes a ``msg(...)``, and ``tests/test_i18n.py`` that every msgid of the
source has its French.
"""

from __future__ import annotations

import datetime as dt
import re

from solver.core.errors import InputError, Message
from solver.i18n.catalog import (
    ADJUSTMENT_NAMES,
    ROUTE_NAMES,
    adjustment_name,
    colon,
    fmt_date,
    route_name,
)
from solver.i18n.translations import N_, catalogue, gettext_, pgettext

# Python's own words that end up inside a message (a date that does not exist)
PYTHON_WORDS = catalogue(
    N_("python.day-out-of-range", "day is out of range for month"),
    N_("python.month-out-of-range", "month must be in 1..12"),
    N_("python.year-out-of-range", "year is out of range"),
)

# PyYAML's problems (the part of "not valid YAML/JSON: {}" it writes), most common first;
# each is replaced where it appears in PyYAML's text
YAML_WORDS = catalogue(
    N_("pyyaml.expected-the-node-content-but-found", "expected the node content, but found"),
    N_("pyyaml.mapping-values-are-not-allowed-here", "mapping values are not allowed here"),
    N_("pyyaml.could-not-find-expected-colon", "could not find expected ':'"),
    N_("pyyaml.did-not-find-expected-key", "did not find expected key"),
    N_("pyyaml.did-not-find-expected-node-content", "did not find expected node content"),
    N_("pyyaml.did-not-find-expected-comma-bracket", "did not find expected ',' or ']'"),
    N_("pyyaml.did-not-find-expected-comma-brace", "did not find expected ',' or '}'"),
    N_("pyyaml.found-character-that-cannot-start-any",
       "found character that cannot start any token"),
    N_("pyyaml.found-a-tab-character-that-violates",
       "found a tab character that violates indentation"),
    N_("pyyaml.found-undefined-alias", "found undefined alias"),
    N_("pyyaml.found-unexpected-end-of-stream", "found unexpected end of stream"),
    N_("pyyaml.expected-block-end-but-found", "expected <block end>, but found"),
    N_("pyyaml.while-parsing-a-block-mapping", "while parsing a block mapping"),
    N_("pyyaml.while-parsing-a-flow-mapping", "while parsing a flow mapping"),
    N_("pyyaml.while-parsing-a-flow-sequence", "while parsing a flow sequence"),
    N_("pyyaml.while-scanning-a-simple-key", "while scanning a simple key"),
    N_("pyyaml.while-scanning-a-quoted-scalar", "while scanning a quoted scalar"),
    N_("pyyaml.could-not-determine-a-constructor-for",
       "could not determine a constructor for the tag"),
    N_("pyyaml.tags-that-build-objects-are-not", "tags that build objects are not allowed"),
    N_("pyyaml.line", "line "),
    N_("pyyaml.column", "column "),
)

# the names a hint's list of the contract's values is said with (« étranger (abroad) »)
PLACES = catalogue(N_("hint_place.france", "France"), N_("hint_place.abroad", "abroad"))
WHERE = catalogue(N_("error_field", "field '{field}'"))


def _canonical_words(items: str) -> str:
    """« none, reduced » -> « sans aménagement (none), durée réduite (reduced) »: a
    hint's list of the contract's values, said in French with the value to type."""
    names = {k: route_name(k, "fr") for k in ROUTE_NAMES}
    names.update({k: adjustment_name(k, "fr") for k in ADJUSTMENT_NAMES})
    names.update({k.split(".", 1)[1]: pgettext("fr", k, v) for k, v in PLACES.items()})
    parts = [p.strip() for p in items.split(",")]
    if not parts or not all(p in names for p in parts):
        return items
    return ", ".join(f"{names[p]} ({p})" for p in parts)


def translate(text: str, lang: str, kind: str = "msg") -> str:
    """``text`` (a message or hint) in ``lang``: a ``Message`` by its id and arguments;
    plain text (already in the user's language, or with no id) unchanged."""
    if lang != "fr" or not isinstance(text, Message):
        return text
    return _translated(text, kind)


def _translated(message: Message, kind: str) -> str:
    """A message in French: its template from the catalogue (the English one if the
    catalogue lacks it, which tests/test_i18n.py forbids), its values translated."""
    french = gettext_("fr", message.msgid)
    if not message.args:
        return french
    named = kind == "hint" and message.msgid not in _AS_TYPED
    return _fill(french, [_argument(a, kind, named) for a in message.args])


# hints whose values are to be typed as they are (no « durée réduite (reduced) »)
_AS_TYPED = {"e.g. apply={}[S01,S02]"}


def _argument(value: object, kind: str, named: bool) -> str:
    """One value of a message, in French: a message (a word such as "a list") by its
    own id, a date as JJ/MM/AAAA; other values as written, Python's and PyYAML's
    English inside them in French where known (those texts carry no id)."""
    if isinstance(value, Message):
        return _translated(value, kind)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return fmt_date(value, "fr")
    text = _python_words(format(value, ""))
    return _canonical_words(text) if named else text


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _french_date(m: re.Match[str]) -> str:
    """A real ISO date as JJ/MM/AAAA; anything else (« 2026-13-01 », the user's own
    mistake) quoted as it was typed."""
    try:
        dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return m[0]
    return f"{m[3]}/{m[2]}/{m[1]}"


def _python_words(text: str) -> str:
    """Python's and PyYAML's own English inside a value (an exception's text), in
    French where known; ISO dates as JJ/MM/AAAA (a French message never shows
    2028-08-31)."""
    text = _ISO_DATE.sub(_french_date, text)
    for key, english in PYTHON_WORDS.items():
        if text == english:
            return pgettext("fr", key, english)
    for key, english in YAML_WORDS.items():
        text = text.replace(english, pgettext("fr", key, english))
    return text


_FIELD = re.compile(r"\{(\d*)\}")


def _fill(template: str, values: list[str]) -> str:
    """``template`` with each "{}" replaced by the next value, "{0}", "{1}" by that one
    (values may hold braces, so no ``str.format``)."""
    count = iter(range(len(values)))
    return _FIELD.sub(lambda m: values[int(m[1]) if m[1] else next(count)], template)


def input_error_text(exc: InputError, lang: str) -> str:
    """The one line a user reads: where (file:line, field), what is wrong, the fix."""
    if lang != "fr":
        return str(exc)
    parts = []
    if exc.file:   # no « <entrée> » for a typed value: its field says where
        parts.append(exc.file + (f":{exc.line}" if exc.line is not None else ""))
    if exc.field:
        parts.append(pgettext(lang, "error_field", WHERE["error_field"]).format(field=exc.field))
    text = (", ".join(parts) + colon(lang) if parts else "") + translate(exc.message, lang)
    if exc.hint:
        text += f" ({translate(exc.hint, lang, 'hint')})"
    return text


def error_text(error: dict[str, object], lang: str) -> str:
    """``input_error_text`` for an error already turned into JSON (``InputError.to_json``,
    as the runner's jobs return them: its ``error`` and ``hint`` are still ``Message``
    objects, pickled with their ids across processes); its English ``message`` when
    it is not one."""
    if lang != "fr" or "error" not in error:
        return str(error.get("message") or error.get("error") or "")
    line = error.get("line")
    exc = InputError(_text(error["error"]) or "", _text(error.get("file")),
                     line if isinstance(line, int) else None, _text(error.get("field")),
                     hint=_text(error.get("hint")))
    return input_error_text(exc, lang)


def _text(value: object) -> str | None:
    """A JSON value as text, a ``Message`` kept as it is (its id translates it)."""
    return None if value is None else value if isinstance(value, str) else str(value)
