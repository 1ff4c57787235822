"""Fences around the files people import: checked before any parser opens them.

A class list (XLSX, CSV) or a school calendar (ICS) comes from outside; whatever it
holds, reading it ends in a bad-input message (``InputError``: exit 2 on the command
line, 422 on the page), never a crash, and within bounds of size and time known
before parsing:

- an XLSX workbook is a zip: its directory gives every member's uncompressed size, so
  a workbook that would inflate past ``MAX_INFLATED`` (a "zip bomb") or hold too many
  members is refused before anything is inflated; its XML parts may not declare a
  DOCTYPE or entities (a spreadsheet never needs them; entity expansion is how a few
  kilobytes become gigabytes) — checked by streaming each part, bounded by the sizes
  already checked;
- a workbook the spreadsheet library cannot read (broken XML, a missing sheet) is
  reported as such (``unreadable_workbook``);
- CSV: a cell over ``MAX_CELL`` characters, or a quote never closed (which would swallow
  the rest of the file into one cell), is reported with its line;
- any table: at most ``MAX_TABLE_ROWS`` rows are read;
- ICS: a size cap, dates between ``MIN_YEAR`` and ``MAX_YEAR``, and no recurring
  event (``RRULE``/``RDATE``: a school calendar lists each break once; a recurrence
  read as one occurrence would silently lose the others).

The importer and the ICS reader call these small functions at the point where they
open the file; the reading itself stays theirs.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from solver.core.errors import InputError, msg

#: uncompressed bytes a workbook may hold (all members together)
MAX_INFLATED = 64 * 1024 * 1024
#: members a workbook may hold
MAX_MEMBERS = 2000
#: characters a CSV cell may hold (class lists hold names and codes)
MAX_CELL = 4096
#: rows read from any table (a class list has tens; far more is not a class list)
MAX_TABLE_ROWS = 20_000
#: bytes of an ICS file
MAX_ICS_BYTES = 2 * 1024 * 1024   # as ics_import.read_ics checks a file
MIN_YEAR, MAX_YEAR = 1970, 2200

_XML_PARTS = (".xml", ".rels", ".vml")
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")


def check_workbook(data: bytes, file: str) -> None:
    """Refuse a workbook whose zip directory announces too much, or whose XML declares
    a DOCTYPE or entities; nothing is parsed before this passes."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(msg("not a readable XLSX workbook ({})", type(exc).__name__), file,
                         hint=msg("save the list as .xlsx or .csv")) from None
    with zf:
        members = zf.infolist()
        if len(members) > MAX_MEMBERS:
            raise InputError(msg("the workbook holds {} parts (at most {})", len(members),
                                 MAX_MEMBERS), file,
                             hint=msg("save the list alone as .xlsx or .csv"))
        total = sum(max(0, m.file_size) for m in members)
        if total > MAX_INFLATED:
            raise InputError(msg("the workbook would inflate to {} MiB (at most {} MiB)",
                                 total // (1024 * 1024), MAX_INFLATED // (1024 * 1024)), file,
                             hint=msg("save the class list alone as .xlsx or .csv"))
        for member in members:
            if member.filename.lower().endswith(_XML_PARTS):
                _check_xml_part(zf, member, file)


def _check_xml_part(zf: zipfile.ZipFile, member: zipfile.ZipInfo, file: str) -> None:
    """Stream one XML part (its announced size is bounded) looking for declarations;
    a part that inflates past its announced size is refused too."""
    seen = 0
    tail = b""
    utf16 = False
    try:
        with zf.open(member) as fh:
            while True:
                chunk = fh.read(64 * 1024)
                if not chunk:
                    break
                if seen == 0 and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                    utf16 = True
                seen += len(chunk)
                if seen > member.file_size or seen > MAX_INFLATED:
                    raise InputError(msg("the workbook inflates past the sizes it announces"),
                                     file, hint=msg("save the list again as .xlsx or .csv"))
                window = tail + chunk
                if utf16:
                    window = window.replace(b"\x00", b"")
                if any(word in window for word in _FORBIDDEN):
                    raise InputError(msg("the workbook's part {} declares a DOCTYPE or "
                                         "entities, which a spreadsheet never needs",
                                         member.filename[:80]), file,
                                     hint=msg("save the list again from the spreadsheet "
                                              "program, as .xlsx or .csv"))
                tail = window[-16:]
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise InputError(msg("not a readable XLSX workbook ({})", type(exc).__name__), file,
                         hint=msg("save the list as .xlsx or .csv")) from None


def unreadable_workbook(exc: BaseException, file: str) -> InputError:
    """The message for a workbook the spreadsheet library failed on (broken XML, no
    sheet, a missing part)."""
    detail = str(exc).splitlines()[0][:120] if str(exc) else ""
    tail = ": " + detail if detail else ""
    return InputError(msg("this workbook cannot be read ({}{})", type(exc).__name__, tail), file,
                      hint=msg("open it in the spreadsheet program and save it again as .xlsx, "
                               "or export the list as .csv"))


#: what the spreadsheet library raises on a damaged workbook (lxml's and ElementTree's
#: parse errors are SyntaxErrors)
WORKBOOK_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError, EOFError,
    SyntaxError, AttributeError, NotImplementedError)


def bounded_rows(rows: Iterable[list[Any]], file: str,
                 limit: int = MAX_TABLE_ROWS) -> Iterator[list[Any]]:
    """``rows`` as they come, refusing a table longer than ``limit`` rows."""
    for number, row in enumerate(rows, start=1):
        if number > limit:
            raise InputError(msg("the table has more than {} rows", limit), file, limit + 1,
                             hint=msg("a class list has one row a student; keep that table "
                                      "alone in the file"))
        yield row


def csv_rows(text: str, delimiter: str, file: str) -> list[list[str]]:
    """The rows of CSV ``text``; a cell too long or a quote never closed is bad input
    naming its line (the csv module would otherwise stop with its own error, or read the
    rest of the file into one cell)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    start = last_start = 1
    try:
        for row in bounded_rows(reader, file):
            for cell in row:
                if len(cell) > MAX_CELL:
                    raise InputError(msg("a cell holds {} characters (at most {})", len(cell),
                                         MAX_CELL), file, start,
                                     hint=msg('is a quote (") left open above?'))
            rows.append(row)
            last_start, start = start, reader.line_num + 1
    except csv.Error as exc:
        raise InputError(msg("this CSV cannot be read ({})", exc), file, start,
                         hint=msg('a cell is too long, or a quote (") is left open')) from None
    if rows and any("\n" in c or "\r" in c for c in rows[-1]) \
            and _ends_inside_quote(text, delimiter):
        raise InputError(msg('a quote (") is opened and never closed: the rest of the file '
                             "would be read into one cell"), file, last_start,
                         hint=msg("close the quote, or remove it"))
    return rows


def _ends_inside_quote(text: str, delimiter: str) -> bool:
    """Whether the file ends inside a quoted cell (the strict reader says so; the lenient
    one, which reads sloppy quoting such as ``"a"b``, silently takes the rest as one
    cell)."""
    try:
        for _ in csv.reader(io.StringIO(text), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def check_ics_size(data: bytes | str, file: str) -> None:
    if len(data) > MAX_ICS_BYTES:
        raise InputError(msg("the calendar is larger than {} MiB", MAX_ICS_BYTES // (1024 * 1024)),
                         file, hint=msg("a school calendar is a few kilobytes: is this the "
                                        "ministry's .ics?"))


def check_ics_year(year: int, file: str, line: int, name: str, value: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InputError(msg("year {} is out of range ({} to {})", year, MIN_YEAR, MAX_YEAR), file,
                         line, name, value[:40], msg("check the calendar's dates"))
