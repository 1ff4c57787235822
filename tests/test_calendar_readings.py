"""Issue 10: calendars found by their shape, overseas schools, YAML 1.1 scalars.

Plans on both sides of each reading, in zone A, B, C, La Réunion (explicit official-style
holiday list) and Alsace-Moselle, checked with both engines where a verdict is asked.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import both_engines, make_scenario, per, stu

from solver.cli import main
from solver.errors import InputError
from solver.model import load_scenario

D = dt.date.fromisoformat

# La Réunion, 2025-2027, in the shape of the rectorat's calendar: the school year starts
# mid-August; « été austral » (December-January) is a mid-year break, « hiver austral »
# (July-August) is the long break between the two school years.
REUNION_HOLIDAYS: list[dict[str, str]] = [
    {"name": "Vacances d'octobre", "from": "2025-10-04", "to": "2025-10-19"},
    {"name": "Vacances de l'été austral", "from": "2025-12-20", "to": "2026-01-25"},
    {"name": "Vacances de mars", "from": "2026-03-07", "to": "2026-03-22"},
    {"name": "Vacances de mai", "from": "2026-05-02", "to": "2026-05-17"},
    {"name": "Vacances de l'hiver austral", "from": "2026-07-04", "to": "2026-08-16"},
    {"name": "Vacances d'octobre", "from": "2026-10-03", "to": "2026-10-18"},
    {"name": "Vacances de l'été austral", "from": "2026-12-19", "to": "2027-01-24"},
    {"name": "Vacances de mars", "from": "2027-03-06", "to": "2027-03-21"},
    {"name": "Vacances de mai", "from": "2027-05-01", "to": "2027-05-16"},
]


def reunion(**extra: Any) -> dict[str, Any]:
    return {"start": "2025-08-18", "end": "2027-06-30", "holidays": REUNION_HOLIDAYS,
            "subdivision": "974", **extra}


# ---- reading 1: summer holidays and year 2 by position -------------------------------

def test_reunion_summer_is_the_break_between_school_years() -> None:
    sc = make_scenario([], calendar=reunion())
    cal = sc.calendar
    assert cal.year2_start == D("2026-08-17")
    assert cal.summer is not None and cal.summer.label == "Vacances de l'hiver austral"
    # six whole Monday-Sunday weeks, 2026-07-06 .. 2026-08-16
    assert [cal.weeks[w].monday for w in (cal.summer_weeks[0], cal.summer_weeks[-1])] == \
        [D("2026-07-06"), D("2026-08-10")]


def test_a_summer_name_mid_year_does_not_start_year_2() -> None:
    # the former reading took « été austral » (December) as the summer
    sc = make_scenario([], calendar=reunion())
    assert sc.calendar.year1_flags[sc.calendar.first_index_on_or_after(D("2026-06-01"))]


@pytest.mark.parametrize("name", ["Grandes vacances", "Congés annuels", "Vacances d'été"])
def test_metropolitan_summer_found_whatever_its_name(name: str) -> None:
    hol = [{"name": "Vacances de Noël", "from": "2025-12-20", "to": "2026-01-04"},
           {"name": name, "from": "2026-07-04", "to": "2026-08-31"}]
    sc = make_scenario([], calendar={"start": "2025-09-01", "end": "2027-06-30",
                                     "holidays": hol})
    assert sc.calendar.year2_start == D("2026-09-01")
    assert sc.calendar.summer is not None and sc.calendar.summer.label == name


@pytest.mark.parametrize("weeks, ok", [(2, True), (3, False)])
def test_reunion_summer_rest_both_sides(weeks: int, ok: bool) -> None:
    # 6 whole weeks of hiver austral: 2 placed leave 4 free, 3 leave 3
    plan = [per("2026-03-23", weeks=4, place="abroad", country="ZA"),
            per("2026-07-06", weeks=weeks), per("2026-09-07", weeks=10 - weeks)]
    sc = make_scenario([stu("S1", *plan)], calendar=reunion())
    assert (("summer-rest", "S1") in both_engines(sc)) == (not ok)


@pytest.mark.parametrize("start, ok", [("2026-05-25", True), ("2026-05-11", False)])
def test_reunion_sn_last_six_teaching_weeks_of_year_1(start: str, ok: bool) -> None:
    # year 1 ends with the hiver austral (from 2026-07-04): its last six teaching weeks
    # are 2026-05-25 .. 2026-07-03 (the mid-year été austral is not the end of year 1)
    sc = make_scenario([stu("S1", per(start, weeks=6)), stu("S2", per(start, weeks=6))],
                       programme="bts-sn", calendar=reunion())
    broken = both_engines(sc)
    assert (("last-six-teaching-weeks", "S1") in broken) == (not ok)


def test_reunion_ccst_year1_block_before_hiver_austral() -> None:
    # a 4-week block in June 2026 is year 1 in La Réunion; in September 2026, year 2
    cal = reunion()
    ok = make_scenario([stu("S1", per("2026-06-01", weeks=4), per("2026-09-07", weeks=10))],
                       programme="bts-ccst", calendar=cal)
    assert ("year1-block", "S1") not in both_engines(ok)
    late = make_scenario([stu("S1", per("2026-08-17", weeks=4), per("2026-09-21", weeks=10))],
                         programme="bts-ccst", calendar=cal)
    assert ("year1-block", "S1") in both_engines(late)


@pytest.mark.parametrize("zone", ["A", "B", "C"])
def test_zones_keep_their_year_2(zone: str) -> None:
    sc = make_scenario([], calendar={"zone": zone, "start": "2025-09-01", "end": "2027-06-30"})
    assert sc.calendar.year2_start == D("2026-09-01")
    assert sc.calendar.summer is not None and sc.calendar.summer.start == D("2026-07-04")


# ---- reading 2: overseas territories are France ------------------------------------------

@pytest.mark.parametrize("code", ["GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF",
                                  "NC", "TF"])
def test_overseas_is_not_abroad(code: str) -> None:
    with pytest.raises(InputError) as exc:
        make_scenario([stu("S1", per("2026-03-02", weeks=4, place="abroad", country=code))])
    assert exc.value.field == "students[0].periods[0].country"
    assert "is France, not abroad" in exc.value.message


def test_overseas_in_france_is_fine_and_a_foreign_neighbour_is_abroad() -> None:
    ok = make_scenario([stu("S1", per("2026-03-02", weeks=4, place="france", country="RE"))])
    assert ok.students[0].periods[0].country == "RE"
    # Mauritius (MU) is abroad: the CI abroad block holds
    sc = make_scenario([stu("S1", per("2026-03-02", weeks=4, place="abroad", country="MU"),
                            per("2027-01-04", weeks=10))])
    assert ("abroad-block", "S1") not in both_engines(sc)


def test_overseas_abroad_exits_2_with_line(tmp_path: Path) -> None:
    f = tmp_path / "c.yaml"
    f.write_text("programme: bts-ci\ncalendar: {zone: A, start: 2025-09-01, end: 2027-06-30}\n"
                 "students:\n  - id: S1\n    periods:\n"
                 "      - {from: 2026-03-02, weeks: 4, place: abroad, country: GP}\n",
                 encoding="utf-8")
    res = CliRunner().invoke(main, ["verify", str(f)])
    assert res.exit_code == 2
    assert "c.yaml:6" in res.output and "Guadeloupe" in res.output
    assert "Traceback" not in res.output


# ---- reading 7: YAML 1.1 scalars -----------------------------------------------------------

def write(tmp_path: Path, text: str) -> Path:
    f = tmp_path / "c.yaml"
    f.write_text(text, encoding="utf-8")
    return f


@pytest.mark.parametrize("code", ["NO", "no", "ON", "Y", "n", "off", "YES"])
def test_country_codes_yaml_reads_as_booleans(tmp_path: Path, code: str) -> None:
    f = write(tmp_path, "programme: bts-ci\n"
              "calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}\n"
              "students:\n  - id: S1\n    periods:\n"
              f"      - {{from: 2026-03-02, weeks: 4, place: abroad, country: {code}}}\n"
              "      - {from: 2027-01-04, weeks: 10}\n")
    if len(code) != 2:   # Y, YES, off are not ISO codes: a clear error, not a crash
        res = CliRunner().invoke(main, ["verify", str(f)])
        assert res.exit_code == 2 and "ISO 3166" in res.output
        return
    sc = load_scenario(f)
    assert sc.students[0].periods[0].country == code.upper()
    res = CliRunner().invoke(main, ["verify", str(f)])
    assert res.exit_code in (0, 1), res.output


def test_text_fields_keep_what_was_written(tmp_path: Path) -> None:
    f = write(tmp_path, "programme: bts-ci\nlabel: 2025\n"
              "calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}\n"
              "students:\n  - {id: 010, name: NO, periods: []}\n  - {id: yes, periods: []}\n")
    sc = load_scenario(f)
    assert [s.id for s in sc.students] == ["010", "yes"]
    assert sc.students[0].name == "NO"
    assert sc.label == "2025"


def test_avoid_countries_list_reads_norway() -> None:
    from solver.yamlload import load_text
    loaded = load_text("policy:\n  - {id: p, kind: preference, severity: warning, "
                       "avoid_countries: [NO, SE]}\n", "p.yaml")
    rule_data = loaded["policy"][0]
    from solver.fields import Fields
    assert Fields(rule_data, "", "p.yaml").str_list("avoid_countries") == ["NO", "SE"]


def test_quoted_and_real_booleans_unchanged(tmp_path: Path) -> None:
    f = write(tmp_path, "programme: bts-ci\n"
              "calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}\n"
              "students:\n  - id: S1\n    periods:\n"
              "      - {from: 2026-03-02, weeks: 4, place: abroad, country: 'NO', locked: yes}\n")
    sc = load_scenario(f)
    assert sc.students[0].periods[0].country == "NO"
    assert sc.students[0].periods[0].locked is True


@pytest.mark.parametrize("programme, bad",
                         [("bts-nrc", "sans limite"), ("bts-sn", "entre 6 et 6")])
def test_rules_wording_fr(programme: str, bad: str) -> None:
    res = CliRunner().invoke(main, ["rules", programme, "--lang", "fr"])
    assert res.exit_code == 0
    assert bad not in res.output
    assert ("au moins 16 semaines" if programme == "bts-nrc" else "exactement 6 semaines") \
        in res.output
