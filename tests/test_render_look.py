"""One look everywhere (palette, letters, counts), convention details in every output,
and the print pages. Renderers only: no solving, so these run in a second or two."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import icalendar
import openpyxl
import yaml
from rich.console import Console

from solver.cli.commands.generate import plan_yaml
from solver.core.yamlload import LDict
from solver.io.render.grid import class_grid, grid_text, week_counts
from solver.io.render.html import grid_fragment, render_html, render_student_html
from solver.io.render.ics import render_ics
from solver.io.render.palette import LEGEND, LOOKS, contrast
from solver.io.render.xlsx import render_xlsx
from solver.load.scenario import load_scenario, parse_scenario

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml"


def detailed_plan(tmp_path: Path) -> Path:
    """The example plan with S01's conventions filled in (one signed, one locked)."""
    text = PLAN.read_text(encoding="utf-8").replace(
        "      - {from: 2026-05-18, weeks: 6, place: abroad, country: DE}\n"
        "      - {from: 2027-01-04, weeks: 8, place: france}\n",
        "      - {from: 2026-05-18, weeks: 6, place: abroad, country: DE, locked: true,\n"
        "         company: \"Spedition Müller GmbH\", tutor: \"Anna Weber\", city: Hamburg,\n"
        "         signed: true}\n"
        "      - {from: 2027-01-04, weeks: 8, place: france, company: \"Transports Léon\",\n"
        "         tutor: \"M. Roux\", city: Lyon}\n", 1)
    assert "Spedition" in text
    out = tmp_path / "plan.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def test_palette_is_one_and_readable() -> None:
    codes = [LOOKS[c].code for c in LEGEND]
    assert len(set(codes)) == len(codes)                       # a letter each
    assert len({LOOKS[c].background for c in LEGEND}) == len(codes)   # a colour each
    for look in LOOKS.values():
        assert contrast(look.background, look.foreground) >= 4.5, look


def test_week_counts_match_the_periods() -> None:
    sc = load_scenario(PLAN)
    grid = class_grid(sc)
    counts = week_counts(grid)
    assert len(counts) == len(grid.weeks)
    for c in counts:
        sunday = c.monday + dt.timedelta(days=6)
        on = abroad = 0
        for s in sc.students:
            # a working day of the week inside one of the student's periods
            days = [p for p in s.periods for d in range(7)
                    if (day := c.monday + dt.timedelta(days=d)).weekday() < 5
                    and p.start <= day <= p.end and sc.calendar.start <= day <= sc.calendar.end]
            on += bool(days)
            abroad += any(p.abroad for p in days)
        assert (c.on_placement, c.abroad) == (on, abroad), (c.monday, sunday)
    assert max(c.abroad for c in counts) > 0


def test_text_grid_shows_every_week_even_when_narrow() -> None:
    sc = load_scenario(PLAN)
    n_weeks = len(class_grid(sc).weeks)
    for width in (80, 250):
        buf = io.StringIO()
        grid_text(sc, "fr", Console(file=buf, width=width, no_color=True))
        text = buf.getvalue()
        cells = "".join(line[len("Camille Martin (S01)"):].strip() for line in text.splitlines()
                        if line.startswith("Camille Martin (S01)"))
        assert len(cells) == n_weeks, width
        assert "1-9/o/n/d" not in text and "Légende" in text and "Janv" in text
        assert "En stage" in text and "À l'étranger" in text


def test_html_cells_carry_letters_and_details(tmp_path: Path) -> None:
    sc = load_scenario(detailed_plan(tmp_path))
    frag = grid_fragment(sc, "fr")
    cells = re.findall(r'<td class="c (sp-[a-z]+)" title="([^"]*)">([A-Z]?)</td>', frag)
    assert len(cells) == len(sc.students) * len(class_grid(sc).weeks)
    for css, _, letter in cells:
        assert (letter == "") == (css == "sp-free")
        if letter:
            assert LOOKS[letter].css == css
    titles = [t for _, t, _ in cells if "Spedition" in t]
    assert titles and all("Anna Weber" in t and "convention signée" in t for t in titles)
    assert "S21" in frag and "En stage" in frag
    page = render_html(sc, "fr")
    assert "@page{size:A4 landscape" in page
    assert "voie scolaire" in page and "apprentissage" in page and "durée réduite" in page
    assert ">initial<" not in page and ">none<" not in page


def test_student_pages(tmp_path: Path) -> None:
    sc = load_scenario(detailed_plan(tmp_path))
    page = render_student_html(sc, "fr")
    assert page.count('<section class="student"') == len(sc.students)
    first = page.split('<section class="student"')[1]
    assert "Spedition Müller GmbH" in first and "Anna Weber" in first and "Hamburg" in first
    assert "respectée" in first and "BTS CI" in first   # verdicts and citations
    second = page.split('<section class="student"')[2]
    assert "NON respectée" in second                  # S02 breaks the abroad block
    assert "break-after:page" in page


def test_xlsx_and_ics_carry_the_details(tmp_path: Path) -> None:
    sc = load_scenario(detailed_plan(tmp_path))
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(sc, "fr")))
    grid, periods = wb.worksheets
    assert periods.title == "Périodes"
    heads = [c.value for c in periods[1]]
    assert heads[6:] == ["Entreprise", "Tuteur", "Ville", "Statut"]
    row = [c.value for c in periods[2]]
    assert row[6:] == ["Spedition Müller GmbH", "Anna Weber", "Hamburg", "convention signée"]
    assert [c.value for c in periods[3]][9] == "proposée"
    assert grid.cell(5, 3).value == "voie scolaire"   # under the title, after the id
    labels = [grid.cell(r, 1).value for r in range(1, grid.max_row + 1)]
    assert "En stage" in labels and "À l'étranger" in labels

    cal = icalendar.Calendar.from_ical(render_ics(sc, "fr", sequence=3))
    events = list(cal.walk("VEVENT"))
    signed = next(e for e in events if "Spedition" in str(e["location"]))
    assert str(signed["status"]) == "CONFIRMED" and int(signed["sequence"]) == 3
    assert "Hamburg" in str(signed["location"])
    assert "Tuteur : Anna Weber" in str(signed["description"]).replace("\u00a0", " ")
    proposed = [e for e in events if str(e["status"]) == "TENTATIVE"]
    assert len(proposed) == sum(1 for s in sc.students for p in s.periods
                                if not (p.locked or p.signed))
    again = icalendar.Calendar.from_ical(render_ics(sc, "fr", sequence=4))
    assert [str(e["uid"]) for e in again.walk("VEVENT")] == [str(e["uid"]) for e in events]


def test_details_round_trip_through_a_plan_file(tmp_path: Path) -> None:
    sc = load_scenario(detailed_plan(tmp_path))
    written = tmp_path / "again.yaml"
    written.write_text(plan_yaml(sc), encoding="utf-8")
    back = load_scenario(written)
    assert [s.to_dict() for s in back.students] == [s.to_dict() for s in sc.students]
    first = yaml.safe_load(written.read_text())["students"][0]["periods"][0]
    assert first["company"] == "Spedition Müller GmbH" and first["signed"] is True


def test_bad_details_are_input_errors() -> None:
    import pytest

    from solver.core.errors import InputError

    data: LDict = yaml.safe_load(PLAN.read_text())
    data["students"][0]["periods"][0]["signed"] = "maybe"
    with pytest.raises(InputError) as exc:
        parse_scenario(data, "plan.yaml")
    assert exc.value.field == "students[0].periods[0].signed"


def test_text_lists_the_conventions(tmp_path: Path) -> None:
    sc = load_scenario(detailed_plan(tmp_path))
    buf = io.StringIO()
    grid_text(sc, "fr", Console(file=buf, width=200, no_color=True))
    lines = [ln for ln in buf.getvalue().splitlines() if "Spedition" in ln]
    assert len(lines) == 1 and "Anna Weber" in lines[0] and "convention signée" in lines[0]
    assert "Transports Léon" in buf.getvalue() and "proposée" in buf.getvalue()


def test_outputs_are_deterministic(tmp_path: Path) -> None:
    import time

    sc = load_scenario(detailed_plan(tmp_path))
    renders = (render_xlsx, render_ics, render_html, render_student_html)
    first = [render(sc, "fr") for render in renders]
    time.sleep(1.1)   # the zip entries and properties of an XLSX carry a time to the second
    again = load_scenario(detailed_plan(tmp_path))
    for render, before in zip(renders, first, strict=True):
        assert render(again, "fr") == before, render.__name__


def test_pdf_pages(tmp_path: Path) -> None:
    import pytest

    try:
        import weasyprint
    except (ImportError, OSError):
        pytest.skip("WeasyPrint (the optional pdf extra) is not installed")
    from solver.cli.commands.printing import html_to_pdf

    sc = load_scenario(detailed_plan(tmp_path))
    pdf = html_to_pdf(render_html(sc, "fr"), "fr")
    assert pdf[:5] == b"%PDF-"
    doc = weasyprint.HTML(string=render_html(sc, "fr")).render()
    assert doc.pages[0].width > doc.pages[0].height          # A4 landscape

    def tables(box):   # type: ignore[no-untyped-def]
        if type(box).__name__ == "TableBox":
            yield box
        for child in getattr(box, "children", None) or []:
            yield from tables(child)

    grid = next(tables(doc.pages[0]._page_box))
    assert grid.width <= doc.pages[0]._page_box.width + 0.5   # the two years fit the width
    two = sc.with_students(sc.students[:2])
    students = weasyprint.HTML(string=render_student_html(two, "fr")).render()
    assert students.pages[0].height > students.pages[0].width   # A4 portrait

    def text(box):   # type: ignore[no-untyped-def]
        return (getattr(box, "text", None) or "") + "".join(
            text(c) for c in getattr(box, "children", None) or [])

    # each student's annex on pages of its own (its periods, the texts' rules and the
    # school's, the signatures: two pages for a student of BTS CI), never sharing one
    owners = []
    for page in students.pages:
        body = text(page._page_box)
        owners.append({s.id for s in two.students if f"({s.id})" in body})
    assert owners[0] == {two.students[0].id} and len(students.pages) <= 4
    second = next(i for i, o in enumerate(owners) if two.students[1].id in o)
    assert all(not o or o == {two.students[0].id} for o in owners[:second])
    assert all(not o or o == {two.students[1].id} for o in owners[second:])
    assert "Signatures" in text(students.pages[second - 1]._page_box)   # the first annex ends


def test_final_exams_have_their_own_letter() -> None:
    """A blocked span marked ``final`` (contract: ``final: true``) is drawn E, not X."""
    import dataclasses

    from solver.core.calendar import DateSpan, SchoolCalendar

    sc = load_scenario(PLAN)
    cal = sc.calendar
    finals = DateSpan(dt.date(2027, 6, 7), dt.date(2027, 6, 18), "épreuves finales", final=True)
    ccf = [dataclasses.replace(b, final=False) for b in cal.blocked]   # the CCF: blocked
    cal2 = SchoolCalendar(start=cal.start, end=cal.end, year2_start=cal.year2_start,
                          holidays=cal.holidays, blocked=[*ccf, finals], zone=cal.zone,
                          public=cal.public)
    sc2 = dataclasses.replace(sc, calendar=cal2)
    grid = class_grid(sc2)
    marks = {m: bg for m, bg in zip(grid.weeks, grid.background, strict=True)}
    assert marks[dt.date(2027, 6, 7)] == marks[dt.date(2027, 6, 14)] == "E"
    assert marks[dt.date(2027, 5, 10)] == "X"          # the CCF stays a blocked date
    frag = grid_fragment(sc2, "fr")
    assert '<td class="c sp-fin"' in frag and "examens finaux" in frag


# ---- a class in progress: history, signed and proposed drawn apart (issue 18, item 9) ----

IN_PROGRESS = ROOT / "scenarios" / "bts-ci-zone-a-in-progress.yaml"
FROM = dt.date(2026, 12, 7)


def _planned() -> Any:
    """The CI class in progress with a proposal added to E01 (no solving here)."""
    sc = load_scenario(IN_PROGRESS)
    from solver.core.model import Period

    e01 = next(s for s in sc.students if s.id == "E01")
    proposed = [Period(dt.date(2027, 1, 11), dt.date(2027, 2, 5), "abroad", "ES"),
                Period(dt.date(2027, 3, 1), dt.date(2027, 4, 2), "france")]
    return sc.with_students([dataclasses.replace(s, periods=proposed) if s is e01 else s
                             for s in sc.students])


def test_history_signed_and_proposed_have_their_own_letter_and_colour() -> None:
    from solver.io.render.palette import STATUS_LEGEND

    codes = [LOOKS[c].code for c in (*LEGEND, *STATUS_LEGEND)]
    assert len(set(codes)) == len(codes)
    sc = _planned()
    grid = class_grid(sc, FROM)
    rows = {s.id: cells for s, cells in grid.rows}
    monday = {m: j for j, m in enumerate(grid.weeks)}
    assert rows["S01"][monday[dt.date(2025, 11, 10)]] == "a"       # done abroad
    assert rows["S01"][monday[dt.date(2026, 5, 25)]] == "f"        # done in France
    assert rows["S01"][monday[dt.date(2027, 1, 4)]] == "C"         # signed, ahead
    assert rows["S03"][monday[dt.date(2026, 11, 30)]] == "f"       # signed, but done
    assert rows["S03"][monday[dt.date(2026, 12, 7)]] == "C"        # signed, in progress
    assert rows["E01"][monday[dt.date(2027, 1, 11)]] == "A"        # proposed
    assert rows["E01"][monday[dt.date(2027, 3, 1)]] == "F"
    # counted alike whatever their status
    counts = {c.monday: c for c in week_counts(grid)}
    day = dt.date(2025, 11, 12)
    assert counts[dt.date(2025, 11, 10)].abroad == sum(
        any(p.abroad and p.start <= day <= p.end for p in s.periods) for s in sc.students) > 0
    # without --from nothing is history
    assert "a" not in class_grid(sc).rows[0][1]


def test_every_view_says_the_from_date_and_the_statuses_in_both_languages() -> None:
    sc = _planned()
    for lang, date, words in (("en", "2026-12-07", ("done", "signed", "proposed")),
                              ("fr", "07/12/2026", ("effectué", "signée", "proposé"))):
        buf = io.StringIO()
        grid_text(sc, lang, Console(file=buf, width=200, no_color=True), from_date=FROM)
        text = buf.getvalue()
        assert date in text and "--from" in text
        assert all(w in text for w in words), (lang, text[-600:])
        assert re.search(r"Camille Martin \(S01\) +[·HX]*a", text)   # names first (issue 20)
        page = render_html(sc, lang, from_date=FROM)
        assert date in page and all(w in page for w in words)
        for css in ("sp-pabr", "sp-pfra", "sp-sfra", "sp-fra", "sp-abr"):
            assert f"class=\"c {css}\"" in page, css
        wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(sc, lang, from_date=FROM)))
        ws = wb.worksheets[0]
        values = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
        assert {"a", "f", "C", "F", "A"} <= set(values)
        assert any(date in v for v in values) and any(words[0] in v for v in values)
        fills = {c.value: c.fill.start_color.rgb for row in ws.iter_rows() for c in row
                 if c.value in ("a", "f", "C")}
        assert fills["f"].endswith("56B4E9") and fills["a"].endswith("009E73")


def test_the_page_draws_the_statuses_too() -> None:
    from solver.web.grid import build_grid

    sc = _planned()
    g = build_grid(sc, "fr", set(), from_date=FROM)
    rows = {r.id: r for r in g.rows}
    marks = {c.mark for c in rows["S03"].cells} | {c.mark for c in rows["E01"].cells}
    assert {"f", "a", "C", "F", "A"} <= marks | {c.mark for c in rows["S01"].cells}
    assert any("past" in c.css for c in rows["S01"].cells)
    assert any("signed" in c.css for c in rows["S03"].cells)
    assert "07/12/2026" in g.from_label
    assert build_grid(sc, "fr", set()).from_label == ""


# ---- issue 20: exports a team hands out ----------------------------------------------

def test_xlsx_has_a_title_dates_provisional_mark_and_print_setup() -> None:
    sc = load_scenario(ROOT / "scenarios" / "bts-sn-zone-b-2027.yaml")
    assert sc.calendar.provisional
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(sc, "fr")))
    grid, periods = wb.worksheets
    title = [grid.cell(r, 1).value for r in (1, 2, 3)]
    assert title[0] == sc.label and "calendrier provisoire" in str(title[0])
    assert f"formation du {sc.calendar.start:%d/%m/%Y} au {sc.calendar.end:%d/%m/%Y}" in str(
        title[1]) and "zone B" in str(title[1])
    assert str(title[2]).startswith("calendrier provisoire :")
    head = 5
    assert [grid.cell(head, c).value for c in (1, 2, 3)] == ["Étudiant", "Identifiant", "Voie"]
    first = sc.students[0]
    assert [grid.cell(head + 1, c).value for c in (1, 2)] == [first.name or first.id, first.id]
    assert grid.freeze_panes == f"D{head + 1}"
    for ws, rows in ((grid, f"${head}:${head}"), (periods, "$1:$1")):
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == rows
    assert grid.print_title_cols == "$A:$C"
    longest = max(len(s.name or s.id) for s in sc.students)
    assert grid.column_dimensions["A"].width >= min(40, longest + 2)   # names not cut


def test_ics_uids_stay_when_a_period_is_inserted_and_exams_are_events() -> None:
    import dataclasses

    from solver.core.model import Period

    sc = load_scenario(PLAN)
    before = icalendar.Calendar.from_ical(render_ics(sc, "fr", sequence=2))
    uids = {(str(e["summary"]).split(" : ")[0], e.decoded("dtstart")): str(e["uid"])
            for e in before.walk("VEVENT")}
    s01 = sc.students[0]
    early = Period(start=dt.date(2025, 10, 6), end=dt.date(2025, 10, 17), place="france")
    moved = sc.with_students([dataclasses.replace(s01, periods=[early, *s01.periods]),
                              *sc.students[1:]])
    after = icalendar.Calendar.from_ical(render_ics(moved, "fr", sequence=3))
    again = {(str(e["summary"]).split(" : ")[0], e.decoded("dtstart")): str(e["uid"])
             for e in after.walk("VEVENT")}
    assert all(again[k] == v for k, v in uids.items())   # every old event keeps its UID
    assert len(again) == len(uids) + 1
    assert {int(e["sequence"]) for e in after.walk("VEVENT")} == {3}
    finals = [e for e in after.walk("VEVENT") if str(e["summary"]).startswith("Épreuves")]
    blocked = [b for b in sc.calendar.blocked if b.final]
    assert [(e.decoded("dtstart"), e.decoded("dtend")) for e in finals] == [
        (b.start, b.end + dt.timedelta(days=1)) for b in blocked] and blocked


def test_compact_grid_draws_the_same_weeks_in_fewer_cells(tmp_path: Path) -> None:
    """The PDF's grid (compact): every run of one state is one cell spanning its weeks,
    with its letter once; free weeks stay one cell each; the counts row keeps one cell
    per week that has someone on placement. Expanded back, it is the full grid."""
    sc = load_scenario(detailed_plan(tmp_path))
    grid = class_grid(sc)
    full, compact = grid_fragment(sc, "fr"), grid_fragment(sc, "fr", compact=True)
    assert "title=" in full and " title=" not in compact.split("<tbody>")[1]

    def rows(fragment: str) -> list[list[str]]:
        body = fragment.split("<tbody>")[1].split("</tbody>")[0]
        out = []
        for row in re.findall(r"<tr>(.*?)</tr>", body):
            cells: list[str] = []
            for css, span, letter in re.findall(
                    r'<td class="c ([\w-]+)"(?: colspan="(\d+)")?(?: title="[^"]*")?>([^<]*)</td>',
                    row):
                cells += [f"{css}:{letter}"] * int(span or 1)
            out.append(cells)
        return out

    assert rows(compact) == rows(full)
    assert len(rows(full)) == len(grid.rows) and all(len(r) == len(grid.weeks)
                                                    for r in rows(full))
    assert compact.count("<td") < full.count("<td")
    # a run of a placement is one cell: its letter once
    runs = re.findall(r'<td class="c sp-fra" colspan="(\d+)">F</td>', compact)
    assert runs and all(int(n) > 1 for n in runs)
    # no free week is merged
    assert not re.search(r'class="c sp-free" colspan', compact)
    # the counts: zero runs are one empty cell, every week with a count its own cell
    foot = compact.split("<tfoot>")[1]
    counts = week_counts(grid)
    assert foot.count(">1<") + foot.count(">2<") >= 1
    shown = [int(v) for v in re.findall(r"<td>(\d+)</td>", foot.split("</tr>")[0])]
    assert shown == [c.on_placement for c in counts if c.on_placement]


def test_compact_pages_fix_the_annex_columns(tmp_path: Path) -> None:
    sc = load_scenario(detailed_plan(tmp_path))
    assert "table-layout:fixed" not in render_student_html(sc, "fr")
    page = render_student_html(sc, "fr", compact=True)
    assert "table-layout:fixed" in page and 'class="list periods"' in page
    assert render_html(sc, "fr", compact=True).count("<td") < render_html(sc, "fr").count("<td")
