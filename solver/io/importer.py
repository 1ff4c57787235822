"""Import a class list (a school export, CSV or XLSX) into a class file.

The school's management software exports one row per student with columns such as
Nom, Prénom, identifiant (INE, matricule), statut or voie (scolaire, apprenti...)
and aménagement (durée réduite, dispense...). ``import_class_list`` reads such a file
(CSV with ``;``, ``,`` or tab separators, in UTF-8, UTF-16, Windows-1252 or Mac Roman,
the encoding read from its BOM or guessed by charset-normalizer; or XLSX), finds the
header row and the columns (or takes the user's mapping, ``nom=Nom,prenom=Prénom``),
turns the words a coordinator types into the contract's values (``solver/aliases``),
and checks every row. Every guess it made (encoding, separator, header row, which
column is which, generated ids) is said in ``ImportResult.notes``; every bad row is
reported with its row number and column, all at once, in one ``ClassListError`` (an
``InputError``): nothing is half-imported. The result is a validated ``Scenario`` and
the class file's data (canonical values, no periods yet), ready for ``generate``.

Used by ``stageplan import`` and by the web page's upload form.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from solver.core.aliases import ADJUSTMENT_ALIASES, ROUTE_ALIASES, canonical, normalise
from solver.core.calendar import zone_data_range
from solver.core.calendar_source import zone_of_academie
from solver.core.errors import InputError, msg
from solver.core.model import ADJUSTMENTS, ROUTES, Scenario
from solver.core.yamlload import parse_date
from solver.i18n.catalog import UI, adjustment_name, colon, fmt_date, route_name, ui
from solver.i18n.errors import translate
from solver.i18n.translations import N_, catalogue
from solver.io import guards
from solver.load.programme import load_programme
from solver.load.scenario import parse_scenario

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024

# field -> header words it is recognised by (normalised: no case, no accents)
FIELDS: dict[str, tuple[str, ...]] = {
    "nom": ("nom", "nom de famille", "nom d'usage", "nom eleve", "nom etudiant", "last name",
            "surname", "family name"),
    "prenom": ("prenom", "prenoms", "prenom 1", "premier prenom", "first name", "given name"),
    "name": ("nom prenom", "nom et prenom", "nom - prenom", "eleve", "etudiant", "name",
             "full name", "nom complet"),
    "id": ("identifiant", "id", "ine", "no ine", "numero ine", "n ine", "numero", "n°", "num",
           "matricule", "code", "identifiant national", "numero national", "student id"),
    "route": ("statut", "voie", "statut/voie", "voie/statut", "voie de formation",
              "statut de formation", "route", "statut eleve", "modalite", "regime/statut",
              "statut/regime", "regime - statut", "regime de formation", "statut scolaire",
              "regime", "type de formation", "public"),
    "adjustment": ("amenagement", "amenagements", "amenagement de duree", "duree",
                   "duree du stage", "dispense", "adjustment", "amenagement du stage",
                   "amenagement de formation", "duree de formation", "positionnement"),
}
# headers that name the route only when their values say a status: « Régime » is, in most
# school exports, the boarding regime (externe, demi-pensionnaire, interne)
BY_VALUES_ONLY = frozenset({"regime", "public", "type de formation"})
# what a school export writes for an identifier not known yet (normalised)
PENDING_ID = frozenset({"en attente", "attente", "a venir", "inconnu", "inconnue",
                        "non communique", "non connu", "a renseigner", "a completer", "nc",
                        "n/c", "n/a", "na", "?", "-", "--", "neant", "sans", "aucun",
                        "en cours", "provisoire", "x", "xx"})
# the first cell of a footer row: « Total : 26 élèves », « Effectif : 26 », « Édité le… »
FOOTER = re.compile(r"^(sous[- ]?)?totale?s?\b|^effectifs?\b|^nombre d|^nb\b|^edite le|"
                    r"^imprime le|^fin de (la )?liste|^\d+ (eleves|etudiants|inscrits|"
                    r"apprentis|stagiaires)\b")
# the import's own sentences (notes and warnings), joined to the catalogue
UI.update(catalogue(
    N_("imp_field.nom", "last name"),
    N_("imp_field.prenom", "first name"),
    N_("imp_field.name", "name"),
    N_("imp_field.id", "identifier"),
    N_("imp_field.route", "route"),
    N_("imp_field.adjustment", "adjustment"),
    N_("imp_guessed", "{encoding} (guessed: check the accents)"),
    N_("imp_tab", "tab"),
    N_("imp_csv_read", "CSV read as {encoding}, separator {separator}"),
    N_("imp_header_row", "header row: row {row}"),
    N_("imp_columns_taken", "columns taken: {taken}"),
    N_("imp_set_aside",
       "column {header} left aside: its values are not statuses (externe, interne... is the "
       "boarding regime)"),
    N_("imp_looks_like",
       "column {header} looks like the students' {what} ({values}) but was not used: if it "
       "is, import again with --columns {flag}=\"{name}\""),
    N_("imp_empty", "empty"),
    N_("imp_id_given",
       "row {row} ({name}): {column} {what}, id {id} given; write the real one in the class "
       "file when it is known"),
    N_("imp_ids_in_order", "no identifier column: ids S01 to {last} given in file order"),
    N_("imp_footer_skipped", "row {row} skipped (a footer): « {text} »"),
    N_("imp_footer_count", "the footer says {stated} students, {read} were read"),
    N_("imp_academie_zone", "académie {academie}: zone {zone}"),
    N_("imp_provisional",
       "provisional calendar: the school holidays published for zone {zone} end on {end}; "
       "those after are projected from the usual pattern and every output is marked "
       "« calendrier provisoire ». Replace them when the official calendar is published "
       "(stageplan calendar import)"),
    N_("imp_row_at", "{file}, row {row}"),
    N_("imp_row_column", ", column '{column}'"),
))


def field_label(key: str, lang: str) -> str:
    """What a column holds (« nom », « voie »), in ``lang``."""
    return ui(f"imp_field.{key}", lang)
# what --columns accepts on the left of '='
FIELD_NAMES = {"nom": "nom", "prenom": "prenom", "prénom": "prenom", "name": "name",
               "nom_complet": "name", "id": "id", "identifiant": "id", "statut": "route",
               "voie": "route", "route": "route", "amenagement": "adjustment",
               "aménagement": "adjustment", "adjustment": "adjustment"}


class ClassListError(InputError):
    """Every problem of a class list at once; ``problems`` holds one InputError a row."""

    def __init__(self, problems: list[InputError], file: str | None) -> None:
        first = problems[0]
        self.rows = len({p.line for p in problems})
        super().__init__(msg("{} row(s) cannot be imported; nothing was written", self.rows),
                         file, first.line, first.field)
        self.problems = problems

    def lines(self, lang: str) -> list[str]:
        """One line a bad row: file, row number, column, what is wrong, the fix."""
        out = []
        for p in self.problems:
            where = ui("imp_row_at", lang, file=p.file, row=p.line)
            if p.field:
                where += ui("imp_row_column", lang, column=p.field)
            text = where + colon(lang) + translate(p.message, lang)
            if p.hint:
                text += f" ({translate(p.hint, lang, 'hint')})"
            out.append(text)
        return out


@dataclass
class ImportResult:
    scenario: Scenario
    data: dict[str, Any]                       # the class file (canonical values)
    mapping: dict[str, str]                    # field -> header of the file
    notes: list[str] = field(default_factory=list)   # the guesses, in the user's language
    warnings: list[str] = field(default_factory=list)   # what the user must look at


@dataclass
class _Table:
    header_row: int                            # 1-based row number of the header
    headers: list[str]
    rows: list[tuple[int, list[str]]]          # (1-based row number, cells)


def parse_columns(text: str | None) -> dict[str, str]:
    """``nom=Nom,prenom=Prénom,statut=Voie`` -> {"nom": "Nom", ...} (InputError if bad)."""
    out: dict[str, str] = {}
    if not text:
        return out
    for part in text.split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise InputError(msg("'{}' is not FIELD=COLUMN", part.strip()[:40]), None, None,
                             "--columns", part, msg("e.g. nom=Nom,prenom=Prénom,statut=Voie"))
        key, _, header = part.partition("=")
        name = FIELD_NAMES.get(key.strip().lower())
        if name is None:
            raise InputError(msg("unknown column field '{}'", key.strip()[:40]), None, None,
                             "--columns", key, msg("known: {}", ", ".join(sorted(FIELD_NAMES))))
        out[name] = header.strip()
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    return " ".join(str(value).split())


# The encodings a school's export comes in (Excel's « CSV », « CSV UTF-8 », « Texte
# Unicode »; an old Mac's Excel), and the names said to the user. charset-normalizer
# chooses among these only: a wider choice guesses Central European or Icelandic pages
# for French names, where Windows-1252 and Mac Roman are what French schools produce.
_CANDIDATES = {"utf_8": "UTF-8", "cp1252": "Windows-1252", "mac_roman": "Mac Roman",
               "utf_16_le": "UTF-16 LE", "utf_16_be": "UTF-16 BE"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (BOM)"),
         (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 (BOM)"),
         (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 (BOM)"))


def decode_text(data: bytes, file: str) -> tuple[str, str, bool]:
    """(text, encoding's name, guessed) of a text file: a BOM says its encoding, strict
    UTF-8 is taken as such, anything else is guessed by charset-normalizer among the
    encodings French schools' software writes (the guess is said to the user)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name, False
            except UnicodeDecodeError as exc:
                raise InputError(msg("the file starts with a {} mark but byte {} is not text "
                                     "in it", name, exc.start), file, None, None, None,
                                 msg("export the list again as CSV or XLSX")) from None
    try:
        text, name, guessed = data.decode("utf-8"), "UTF-8", False
    except UnicodeDecodeError:
        best = from_bytes(data, cp_isolation=list(_CANDIDATES)).best()
        if best is None:
            raise InputError(msg("this is a binary file, not CSV text"), file, None, None, None,
                             msg("export the list as CSV or XLSX")) from None
        text, name, guessed = str(best), _CANDIDATES.get(best.encoding, best.encoding), True
    # NUL and other control characters, or a guess with neither a line nor a separator
    # (bytes that happen to decode as UTF-16): not a text export
    if _CONTROL.search(text) or guessed and not re.search("[;,\t\n]", text):
        raise InputError(msg("this is a binary file, not CSV text"), file, None, None, None,
                         msg("export the list as CSV or XLSX"))
    return text, name, guessed


def _read_csv(data: bytes, file: str, lang: str, notes: list[str]) -> list[list[str]]:
    text, encoding, guessed = decode_text(data, file)
    if guessed:
        encoding = ui("imp_guessed", lang, encoding=encoding)
    lines = [ln for ln in text.splitlines() if ln.strip()][:10]
    counts = {d: min((ln.count(d) for ln in lines), default=0) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: (counts[d], d == ";"))
    if counts[delimiter] == 0:
        delimiter = max(counts, key=lambda d: (lines[0].count(d) if lines else 0, d == ";"))
    name = {";": "« ; »", ",": "« , »", "\t": ui("imp_tab", lang)}[delimiter]
    notes.append(ui("imp_csv_read", lang, encoding=encoding, separator=name))
    return guards.csv_rows(text, delimiter, file)


def _read_xlsx(data: bytes, file: str) -> list[list[str]]:
    from openpyxl import load_workbook

    guards.check_workbook(data, file)   # sizes and XML declarations, before parsing
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except guards.WORKBOOK_ERRORS as exc:
        raise guards.unreadable_workbook(exc, file) from None
    try:
        if not wb.worksheets:
            raise InputError(msg("the workbook has no sheet"), file,
                             hint=msg("save the class list as .xlsx or .csv"))
        ws = wb.worksheets[0]
        rows = [[_text(v) for v in row]
                for row in guards.bounded_rows(ws.iter_rows(values_only=True), file)]
    except guards.WORKBOOK_ERRORS as exc:
        raise guards.unreadable_workbook(exc, file) from None
    finally:
        wb.close()
    return rows


def _find_table(rows: list[list[str]], file: str, mapping: Mapping[str, str], lang: str,
                notes: list[str]) -> _Table:
    wanted = {normalise(h) for h in mapping.values()}
    best, best_score = 0, -1
    for i, row in enumerate(rows[:15]):
        cells = {normalise(c) for c in row if c}
        score = len(cells & wanted) * 10 + sum(
            1 for c in cells for words in FIELDS.values() if c in words)
        if score > best_score:
            best, best_score = i, score
    if best_score <= 0 and mapping:
        first = next((i for i, r in enumerate(rows) if any(c for c in r)), 0)
        header = next(iter(mapping.values()))
        raise InputError(msg("no column '{}' in the header row", header[:60]), file, first + 1,
                         "--columns", header,
                         msg("columns: {}", ", ".join(c for c in rows[first] if c)))
    if best_score <= 0:
        raise InputError(msg("no header row with the columns of a class list (Nom, "
                             "Prénom...)"),
                         file, 1, None, None,
                         msg("give the columns with --columns nom=...,prenom=..."))
    if best > 0:
        notes.append(ui("imp_header_row", lang, row=best + 1))
    headers = [c.strip() for c in rows[best]]
    body = [(best + 2 + k, row) for k, row in enumerate(rows[best + 1:])]
    return _Table(best + 1, headers, body)


def _values(table: _Table, j: int) -> list[str]:
    return [row[j].strip() for _, row in table.rows if j < len(row) and row[j].strip()]


def _share_known(values: list[str], aliases: Mapping[str, str], known: tuple[str, ...]) -> float:
    """The share of ``values`` that are words for one of ``known`` (0 for no value)."""
    if not values:
        return 0.0
    return sum(canonical(v, aliases) in known for v in values) / len(values)


def _quote(header: str) -> str:
    return f"« {header} »"


def _map_columns(table: _Table, given: Mapping[str, str], file: str,
                 lang: str, notes: list[str], warnings: list[str]) -> dict[str, int]:
    """Which column is which: the user's ``given`` mapping, then the headers' words; a
    column whose header only may be a status (« Régime ») is taken when its values are
    statuses. Says every column taken and warns about an unused one that looks like a
    status or an adjustment."""
    by_norm: dict[str, int] = {}
    for j, h in enumerate(table.headers):
        if h:
            by_norm.setdefault(normalise(h), j)
    out: dict[str, int] = {}
    for key, header in given.items():
        found = by_norm.get(normalise(header))
        if found is None:
            raise InputError(msg("no column '{}' in the header row", header[:60]), file,
                             table.header_row, "--columns", header,
                             msg("columns: {}", ", ".join(h for h in table.headers if h)))
        out[key] = found
    kinds = {"route": (ROUTE_ALIASES, ROUTES), "adjustment": (ADJUSTMENT_ALIASES, ADJUSTMENTS)}
    set_aside: list[str] = []
    for key, words in FIELDS.items():
        if key in out:
            continue
        # the header's own words in the order of FIELDS (« Régime/Statut » before « Régime »)
        for word in words:
            col = by_norm.get(word)
            if col is None or col in out.values():
                continue
            if (word in BY_VALUES_ONLY and key in kinds
                    and _share_known(_values(table, col), *kinds[key]) < 0.6):
                set_aside.append(table.headers[col])
                continue
            out[key] = col
            break
    if "name" in out and ("nom" in out or "prenom" in out):
        del out["name"]    # separate columns win over a full-name one
    if not ({"nom", "name"} & set(out)):
        raise InputError(msg("no column for the students' names (Nom)"), file, table.header_row,
                         "--columns", None, msg("give it with --columns nom=COLUMN"))
    taken = ", ".join(f"{field_label(k, lang)} = {_quote(table.headers[j])}"
                      for k, j in sorted(out.items(), key=lambda kv: kv[1]))
    notes.append(ui("imp_columns_taken", lang, taken=taken))
    for header in set_aside:
        notes.append(ui("imp_set_aside", lang, header=_quote(header)))
    for j, header in enumerate(table.headers):
        if not header or j in out.values():
            continue
        values = _values(table, j)
        for key, (aliases, known) in kinds.items():
            # « aucun », « non » or « - » alone say nothing: a column of them is no signal
            meaningful = [v for v in values if canonical(v, aliases) != "none"]
            if meaningful and _share_known(meaningful, aliases, known) >= 0.6:
                flag = "statut" if key == "route" else "amenagement"
                warnings.append(ui(
                    "imp_looks_like", lang, header=_quote(header), what=field_label(key, lang),
                    values=", ".join(sorted(set(meaningful))[:3]), flag=flag, name=header))
                break
    return out


def _footer(row: list[str]) -> str | None:
    """The text of a footer or total row (« Total : 26 élèves »), else None."""
    cells = [c.strip() for c in row if c.strip()]
    if cells and FOOTER.search(normalise(cells[0])):
        return " ".join(cells)[:80]
    return None


def _stated_count(text: str) -> int | None:
    """The number of students a footer states, if it states one."""
    found = re.search(r"(\d+)\s*(élèves|eleves|étudiants|etudiants|inscrits|apprentis)?",
                      text)
    return int(found.group(1)) if found else None


def _free_ids(taken: set[str]) -> Iterator[str]:
    k = 0
    while True:
        k += 1
        sid = f"S{k:02d}"
        if sid not in taken:
            yield sid


@dataclass
class CalendarChoice:
    """The class's calendar as the import form or the command line gives it."""

    start: dt.date
    end: dt.date
    zone: str | None = None
    academie: str | None = None
    provisional: bool | None = None          # None: when the dates need it (said)
    final_exams: tuple[dt.date, dt.date] | None = None
    blocked: list[tuple[dt.date, dt.date, str]] = field(default_factory=list)
    max_on_placement: int | None = None


def import_class_list(data: bytes, filename: str, *, programme: str, start: dt.date,
                      end: dt.date, zone: str | None = None,
                      columns: Mapping[str, str] | None = None, label: str | None = None,
                      lang: str = "en", settings: CalendarChoice | None = None
                      ) -> ImportResult:
    """Read a class list (``data``, the bytes of ``filename``: .csv, .txt or .xlsx) into a
    class file of ``programme`` (a built-in id) with calendar ``zone``, ``start``, ``end``
    (or the whole of ``settings``: académie, provisional, final exams, CCF weeks, cap).

    ``columns`` maps fields (``nom``, ``prenom``, ``name``, ``id``, ``route``,
    ``adjustment``; see ``parse_columns``) to the file's headers; the others are
    guessed and the guesses listed in ``notes``. A row without an identifier (empty,
    « en attente ») gets one, with a warning; footer rows (« Total : 26 élèves ») are
    skipped, with a note. Raises ``ClassListError`` with every bad row (row number,
    column, value) and ``InputError`` for a file that is not a class list; returns only
    when every row is good.
    """
    settings = settings or CalendarChoice(start, end, zone)
    file = Path(filename).name or "class-list"
    notes: list[str] = []
    warnings: list[str] = []
    if len(data) > MAX_BYTES:
        raise InputError(msg("file is larger than {} MiB", MAX_BYTES // 1024 // 1024), file)
    prog = load_programme(programme, None, None, None)
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm") or data[:2] == b"PK":
        rows = _read_xlsx(data, file)
    else:
        rows = _read_csv(data, file, lang, notes)
    if not any(any(c for c in r) for r in rows):
        raise InputError(msg("the file is empty"), file)
    table = _find_table(rows, file, columns or {}, lang, notes)
    if len(table.rows) > MAX_ROWS:
        raise InputError(msg("more than {} rows: is this one class?", MAX_ROWS), file)
    footers = [(n, text) for n, row in table.rows if (text := _footer(row)) is not None]
    footer_rows = {n for n, _ in footers}
    table.rows = [(n, row) for n, row in table.rows if n not in footer_rows]
    cols = _map_columns(table, columns or {}, file, lang, notes, warnings)

    problems: list[InputError] = []
    students: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    pending: list[tuple[int, str, dict[str, Any]]] = []   # rows whose id is to be given

    def cell(row: list[str], key: str) -> str:
        j = cols.get(key)
        return row[j].strip() if j is not None and j < len(row) else ""

    def header(key: str) -> str:
        return table.headers[cols[key]]

    for number, row in table.rows:
        if not any(c.strip() for c in row):
            continue
        found: list[InputError] = []
        nom, prenom, full = cell(row, "nom"), cell(row, "prenom"), cell(row, "name")
        if "nom" in cols:
            name = " ".join(x for x in (prenom, nom.upper() if nom.islower() else nom) if x)
            if not nom:
                found.append(InputError(msg("the name is empty"), file, number, header("nom")))
        else:
            name = full
            if not full:
                found.append(InputError(msg("the name is empty"), file, number, header("name")))
        sid = cell(row, "id")
        given = bool(sid) and normalise(sid) not in PENDING_ID
        if given and not re.fullmatch(r"[\w.-]{1,40}", sid):
            found.append(InputError(msg("'{}' is not an identifier", sid[:40]), file, number,
                                    header("id"), sid, msg("letters, digits, - _ . only")))
        elif given and sid in seen:
            found.append(InputError(msg("identifier '{}' is used twice (first at row {})", sid,
                                        seen[sid]), file, number, header("id"), sid))
        if given and sid not in seen:
            seen[sid] = number
        student: dict[str, Any] = {"id": sid if given else "", "name": name}
        for key, aliases, known, accepted, words in (
                ("route", ROUTE_ALIASES, ROUTES, prog.routes, route_name),
                ("adjustment", ADJUSTMENT_ALIASES, ADJUSTMENTS, prog.adjustments,
                 adjustment_name)):
            raw = cell(row, key)
            if not raw:
                continue
            value = canonical(raw, aliases)
            if value not in known:
                found.append(InputError(msg("unknown value '{}'", raw[:40]), file, number,
                                        header(key), raw, _known_words(key, lang)))
            elif value not in accepted:
                found.append(InputError(msg("{} does not provide '{}'", prog.short, raw[:40]),
                                        file, number, header(key), raw,
                                        msg("accepted: {}", ", ".join(words(a, lang)
                                                                      for a in accepted))))
            else:
                student[key] = value
        if found:
            problems.extend(found)
        else:
            students.append(student)
            if not given:
                pending.append((number, sid, student))
    if problems:
        raise ClassListError(problems, file)
    if not students:
        raise InputError(msg("no student in the file"), file, table.header_row)
    free = _free_ids(set(seen))
    for number, raw, student in pending:
        student["id"] = next(free)
        if "id" in cols:
            what = _quote(raw) if raw else ui("imp_empty", lang)
            warnings.append(ui("imp_id_given", lang, row=number, name=student["name"],
                               column=header("id"), what=what, id=student["id"]))
    if pending and "id" not in cols:
        last = pending[-1][2]["id"]
        notes.append(ui("imp_ids_in_order", lang, last=last))
    for number, text in footers:
        notes.append(ui("imp_footer_skipped", lang, row=number, text=text))
        stated = _stated_count(text)
        if stated is not None and stated != len(students) and len(footers) == 1:
            warnings.append(ui("imp_footer_count", lang, stated=stated, read=len(students)))
    out: dict[str, Any] = {"programme": prog.id}
    if label:
        out["label"] = label
    if settings.academie:
        out["academie"] = settings.academie
    out["calendar"] = class_calendar(settings, file, lang, notes, warnings)
    if settings.max_on_placement is not None:
        out["policy"] = [tutor_cap(settings.max_on_placement)]
    out["students"] = students
    scenario = parse_scenario(_plain_dates(out), file, None)
    mapping = {k: table.headers[j] for k, j in cols.items()}
    return ImportResult(scenario, out, mapping, notes, warnings)


def class_calendar(choice: CalendarChoice, file: str, lang: str, notes: list[str],
                   warnings: list[str], need_zone: bool = True) -> dict[str, Any]:
    """The ``calendar:`` of the class file for ``choice``: the zone (given, or the
    académie's), the dates, the final exams and CCF weeks as blocked spans, and
    ``provisional: true`` when the class runs past the published holidays (said).
    ``need_zone=False``: the class lists its own holidays (an imported ICS calendar),
    so the zone may be left out and nothing is provisional."""
    zone = choice.zone.upper() if choice.zone else None
    if choice.academie:
        of = zone_of_academie(choice.academie)
        if of is None:
            raise InputError(msg("unknown académie '{}'", choice.academie[:40]), file, None,
                             "--academie", choice.academie,
                             msg("a metropolitan académie (Lille, Lyon, Versailles...); Corsica "
                                 "and overseas: import the rectorat's calendar (stageplan "
                                 "calendar import FILE.ics)"))
        if zone and zone != of:
            raise InputError(msg("académie {} is in zone {}, not {}", choice.academie, of, zone),
                             file, None, "--zone", zone, msg("give --zone {} or no zone", of))
        if not zone:
            notes.append(ui("imp_academie_zone", lang, academie=choice.academie, zone=of))
        zone = of
    if not zone and need_zone:
        raise InputError(msg("the school-holiday zone is missing"), file, None, "--zone", None,
                         msg("give --zone A|B|C or --academie NAME (Lille, Lyon...)"))
    cal: dict[str, Any] = {"zone": zone, "start": choice.start, "end": choice.end}
    blocked: list[dict[str, Any]] = [{"from": lo, "to": hi, "reason": reason or "CCF"}
               for lo, hi, reason in choice.blocked]
    if choice.final_exams:
        lo, hi = choice.final_exams
        blocked.append({"from": lo, "to": hi, "reason": "épreuves finales", "final": True})
    for b in blocked:
        if b["to"] < b["from"]:
            raise InputError(msg("'{}' is before '{}'", b['to'], b['from']), file, None,
                             "--final-exams" if b.get("final") else "--blocked",
                             f"{b['from']}..{b['to']}",
                             msg("write FROM..TO, e.g. 10/05/2029..21/05/2029"))
    if blocked:
        cal["blocked"] = sorted(blocked, key=lambda b: b["from"])
    _, published = zone_data_range()
    if need_zone and choice.end > published and choice.provisional is not False:
        cal["provisional"] = True
        warnings.append(ui("imp_provisional", lang, zone=zone,
                           end=fmt_date(published, lang)))
    return cal


def tutor_cap(n: int) -> dict[str, Any]:
    """The school-policy rule « at most N students on placement in the same week »."""
    return {"id": "tutor-visits", "kind": "max_on_placement_per_week", "max": n,
            "citation": "règle de l'établissement : visites des tuteurs"}


def parse_span(text: str, option: str) -> tuple[dt.date, dt.date, str]:
    """``10/05/2029..21/05/2029`` (or ``2029-05-10..2029-05-21``), optionally followed by
    ``:reason`` -> (from, to, reason); InputError naming ``option`` otherwise."""
    span, _, reason = text.partition(":") if text.count(":") == 1 else (text, "", "")
    parts = [p.strip() for p in re.split(r"\.\.|–|—| au ", span) if p.strip()]
    days = [d for p in parts if (d := parse_date(p)) is not None]
    if len(days) not in (1, 2) or len(days) != len(parts):
        raise InputError(msg("'{}' is not a span of dates", text[:40]), None, None, option, text,
                         msg("write FROM..TO, e.g. 10/05/2029..21/05/2029"))
    lo, hi = days[0], days[-1]
    if hi < lo:
        raise InputError(msg("'{}': the end is before the start", text[:40]), None, None, option,
                         text, msg("write FROM..TO, e.g. 10/05/2029..21/05/2029"))
    return lo, hi, reason.strip()[:80]


def _plain_dates(data: Any) -> Any:
    """The class file's data with ISO strings for dates (what a YAML file would hold)."""
    if isinstance(data, dict):
        return {k: _plain_dates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain_dates(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def _known_words(key: str, lang: str) -> str:
    if key == "route":
        words = ("scolaire, apprenti, formation continue, perfectionnement, à distance, "
                 "expérience")
    else:
        words = "aucun, réduit, dispense d'une unité, dispensé"
    return msg("one of: {}", words)


def class_file_yaml(result: ImportResult, source: str) -> str:
    """The imported class as a YAML class file, with a comment saying where it came from."""
    import yaml

    head = (f"# Imported from {source} by `stageplan import`; columns: "
            + ", ".join(f"{k}={v}" for k, v in result.mapping.items()) + "\n")
    body = yaml.safe_dump(result.data, allow_unicode=True, sort_keys=False, width=100)
    return head + str(body)
