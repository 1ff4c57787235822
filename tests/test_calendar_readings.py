"""Issue 10: calendars found by their shape, overseas schools, YAML 1.1 scalars.

Plans on both sides of each reading, in zone A, B, C, La Réunion (explicit official-style
holiday list) and Alsace-Moselle, checked with both engines where a verdict is asked.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import both_engines, make_scenario, per, stu

from solver.core.errors import InputError
from solver.engine.csp_check import check_csp
from solver.jobs.verify import verify
from solver.load.scenario import load_scenario
from solver.stageplan import main

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
    # issue 21: the student's abroad block is not met, reported with the other students'
    # verdicts, instead of the whole class file refused
    sc = make_scenario([stu("S1", per("2026-03-02", weeks=4, place="abroad", country=code),
                            per("2027-01-04", weeks=10)),
                        stu("S2", per("2026-03-02", weeks=4, place="abroad", country="DE"),
                            per("2027-01-04", weeks=10))])
    result = verify(sc)
    s1, s2 = result.students
    assert s2.compliant and not s1.compliant and s1.weeks_abroad == 0
    codes = [(v.rule.id, v.code) for v in s1.violations if v.severity == "error"]
    assert codes == [("abroad-block", "consecutive_block.none"),
                     ("abroad-block", "consecutive_block.france_declared_abroad")]
    assert f"({code}) is France" in s1.violations[1].message("en")
    assert sc.students[0].periods[0].place == "abroad"   # kept as written
    assert both_engines(sc) >= {("abroad-block", "S1")}
    assert ("abroad-block", "S1") in check_csp(sc) and ("abroad-block", "S2") not in \
        check_csp(sc)


def test_france_declared_abroad_is_the_student_s_error_not_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("""programme: bts-ci
calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}
students:
  - id: S01
    periods:
      - {from: 2026-03-02, weeks: 4, place: abroad, country: FR}
      - {from: 2027-01-04, weeks: 11}
  - id: S02
    periods:
      - {from: 2026-03-02, weeks: 4, place: abroad, country: DE}
      - {from: 2027-01-04, weeks: 11}
""", encoding="utf-8")
    res = CliRunner().invoke(main, ["verify", str(path), "--format", "json"])
    assert res.exit_code == 1, res.output
    data = json.loads(res.stdout)
    assert [s["compliant"] for s in data["students"]] == [False, True]


def test_overseas_in_france_is_fine_and_a_foreign_neighbour_is_abroad() -> None:
    ok = make_scenario([stu("S1", per("2026-03-02", weeks=4, place="france", country="RE"))])
    assert ok.students[0].periods[0].country == "RE"
    # Mauritius (MU) is abroad: the CI abroad block holds
    sc = make_scenario([stu("S1", per("2026-03-02", weeks=4, place="abroad", country="MU"),
                            per("2027-01-04", weeks=10))])
    assert ("abroad-block", "S1") not in both_engines(sc)


def test_overseas_abroad_is_a_student_verdict(tmp_path: Path) -> None:
    # issue 21 changed this on purpose: exit 1 with the student's error, not exit 2
    f = tmp_path / "c.yaml"
    f.write_text("programme: bts-ci\ncalendar: {zone: A, start: 2025-09-01, end: 2027-06-30}\n"
                 "students:\n  - id: S1\n    periods:\n"
                 "      - {from: 2026-03-02, weeks: 4, place: abroad, country: GP}\n",
                 encoding="utf-8")
    res = CliRunner().invoke(main, ["verify", str(f), "--lang", "fr"])
    assert res.exit_code == 1
    assert "Guadeloupe (GP), c'est la France" in res.output
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
    from solver.core.yamlload import load_text
    loaded = load_text("policy:\n  - {id: p, kind: preference, severity: warning, "
                       "avoid_countries: [NO, SE]}\n", "p.yaml")
    rule_data = loaded["policy"][0]
    from solver.core.fields import Fields
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


# ---- reading 3: « peut être remplacée » is a choice ---------------------------------------

CI_CONTINUING_OK = [per("2026-03-02", weeks=4, place="abroad", country="DE"),
                    per("2027-01-04", weeks=10)]


@pytest.mark.parametrize("programme, plan_ok", [
    ("bts-ci", CI_CONTINUING_OK),
    ("bts-nrc", [per("2026-01-05", weeks=6), per("2027-01-04", weeks=10)]),
    ("bts-ccst", [per("2026-01-05", weeks=4), per("2027-01-04", weeks=10)]),
    ("bts-sn", [per("2026-05-18", weeks=6)]),
])
def test_perfectionnement_certificates_or_placements(programme: str,
                                                     plan_ok: list[dict[str, Any]]) -> None:
    good_emp = {"months": 6, "full_time": True, "within_months": 12}
    short_emp = {"months": 2, "full_time": True, "within_months": 12}
    r = "continuing-improvement"
    students = [stu("CERT", route=r, employment=good_emp),
                stu("PLACED", *plan_ok, route=r),
                stu("SHORT", *plan_ok[:1], route=r, employment=short_emp),
                stu("NONE", route=r)]
    broken = both_engines(make_scenario(students, programme=programme))
    failed = {s for rule, s in broken if rule == "employment-certificates"}
    assert failed == {"SHORT", "NONE"} if programme != "bts-sn" else failed == {"NONE"}


def test_sn_experience_may_be_replaced_but_ci_experience_is_replaced() -> None:
    sn = make_scenario([stu("X", per("2026-05-18", weeks=6), route="experience")],
                       programme="bts-sn")
    assert ("experience-certificates", "X") not in both_engines(sn)
    ci = make_scenario([stu("X", *CI_CONTINUING_OK, route="experience")])
    assert ("experience-certificates", "X") in both_engines(ci)


def test_perfectionnement_generate_places_the_student_without_certificates() -> None:
    from solver.jobs.generate import generate

    sc = make_scenario([stu("P", route="continuing-improvement")], programme="bts-sn")
    res = generate(sc, time_limit=10)
    assert res.ok
    # no certificates: a six-week placement (2.3.1) is generated, and it verifies
    assert both_engines(res.scenario) == set()
    # six weeks of working days (not calendar spans: how the weeks are cut is the
    # generator's taste, and the shape policy is off in this test's class)
    periods = res.scenario.students[0].periods
    assert sum(1 for d in res.scenario.calendar.days
               if any(p.start <= d <= p.end for p in periods)) >= 30


# ---- reading 5: the non-francophone warning is about the abroad block ---------------------

def test_francophone_mission_beside_a_foreign_block_is_no_warning() -> None:
    plan = [per("2026-03-02", weeks=4, place="abroad", country="DE"),
            per("2026-05-04", weeks=1, place="abroad", country="BE"),
            per("2027-01-04", weeks=10)]
    assert ("non-francophone", "S1") not in both_engines(make_scenario([stu("S1", *plan)]))


def test_francophone_block_is_a_warning() -> None:
    plan = [per("2026-03-02", weeks=4, place="abroad", country="BE"),
            per("2026-05-04", weeks=1, place="abroad", country="DE"),
            per("2027-01-04", weeks=10)]
    sc = make_scenario([stu("S1", *plan)])
    assert ("non-francophone", "S1") in both_engines(sc)


# ---- reading 6: bridges, exemptions, positionnement in year 2, NDRC windows -------------

def test_ascension_bridge_is_not_school_holidays() -> None:
    sc = make_scenario([], programme="bts-nrc",
                       calendar={"zone": "B", "start": "2025-09-01", "end": "2027-06-30"})
    cal = sc.calendar
    friday = D("2027-05-07")   # listed as « Pont de l'Ascension » in 2027, not in 2026
    assert cal.holiday_name(friday) is None
    assert [b.label for b in cal.bridges] == ["Pont de l'Ascension"]


@pytest.mark.parametrize("zone", ["A", "B", "C"])
@pytest.mark.parametrize("asc_week", ["2026-05-11", "2027-05-03"])
def test_nrc_holiday_cap_counts_ascension_the_same_every_year(zone: str, asc_week: str) -> None:
    # exactly 4 weeks in school holidays (Christmas 2025, two summer weeks), then the
    # week of Ascension: in 2027 the data list its Friday as « Pont de l'Ascension »,
    # in 2026 not; either way it is not a school holiday, so the cap holds both years
    cal = {"zone": zone, "start": "2025-09-01", "end": "2027-06-30"}
    plan = [per("2025-12-22", to="2026-01-02"), per("2026-07-06", weeks=2),
            per("2026-09-07", weeks=6), per(asc_week, weeks=1), per("2027-01-04", weeks=5)]
    sc = make_scenario([stu("S1", *plan)], programme="bts-nrc", calendar=cal)
    assert both_engines(sc) == set()


@pytest.mark.parametrize("programme, plan", [
    ("bts-nrc", [per("2026-07-06", weeks=6)]),          # summer, over the holiday cap
    ("bts-sn", [per("2026-01-05", weeks=2)]),           # outside SN's window
    ("bts-ci", [per("2026-07-06", weeks=6)]),
    ("bts-ci", [per("2026-03-02", to="2026-03-04", place="abroad", country="BE")]),
    ("bts-ccst", [per("2026-07-06", weeks=6)]),
])
def test_exempt_students_need_nothing_in_every_programme(
        programme: str, plan: list[dict[str, Any]]) -> None:
    sc = make_scenario([stu("E", *plan, adjustment="exempt")], programme=programme)
    assert both_engines(sc) == set()


def test_ccst_positioned_in_year_2_needs_no_year_1_block() -> None:
    plan = [per("2026-09-07", weeks=10)]
    joined = make_scenario([stu("P", *plan, adjustment="reduced", entry_year=2)],
                           programme="bts-ccst")
    assert both_engines(joined) == set()
    stayed = make_scenario([stu("P", *plan, adjustment="reduced")], programme="bts-ccst")
    assert ("year1-block", "P") in both_engines(stayed)


def test_entry_year_2_needs_a_reduced_duration() -> None:
    with pytest.raises(InputError) as exc:
        make_scenario([stu("P", entry_year=2)], programme="bts-ccst")
    assert exc.value.field == "students[0].entry_year"


@pytest.mark.parametrize("start, verdict", [
    ("2025-12-01", "ok"),          # inside 15 Nov - 15 Feb
    ("2025-11-03", "warning"),     # starts two weeks early: a warning
    ("2025-10-06", "error"),       # far outside: an error
])
def test_ndrc_turn_of_year_window_is_a_reading(start: str, verdict: str) -> None:
    cal = {"zone": "C", "start": "2025-09-01", "end": "2027-06-30"}
    plan = [per(start, weeks=4), per("2026-05-11", weeks=4)]
    broken = both_engines(make_scenario([stu("S1", *plan)], programme="bts-ndrc",
                                        calendar=cal))
    assert (("turn-of-year-block", "S1") in broken) == (verdict == "error")
    assert (("turn-of-year-window", "S1") in broken) == (verdict != "ok")


# ---- calendars: subdivisions (9) and provisional years (10) -------------------------------

@pytest.mark.parametrize("subdivision, day, name", [
    ("57", "2026-04-03", "Vendredi saint"), ("67", "2026-12-26", "Saint-Étienne"),
    ("68", "2026-04-03", "Vendredi saint"), ("971", "2026-05-27", "Abolition de l'esclavage"),
    ("972", "2026-05-22", "Abolition de l'esclavage"),
    ("974", "2026-12-20", "Abolition de l'esclavage"),
    ("976", "2026-04-27", "Abolition de l'esclavage"),
])
def test_public_holidays_of_the_place(subdivision: str, day: str, name: str) -> None:
    cal = {"zone": "B", "start": "2025-09-01", "end": "2027-06-30",
           "subdivision": subdivision}
    sc = make_scenario([], calendar=cal)
    assert sc.calendar.public.get(D(day)) == name
    metro = make_scenario([], calendar={"zone": "B", "start": "2025-09-01",
                                        "end": "2027-06-30"})
    assert D(day) not in metro.calendar.public


def test_unknown_subdivision_and_corsica_say_what_to_do() -> None:
    with pytest.raises(InputError) as exc:
        make_scenario([], calendar={"zone": "B", "start": "2025-09-01", "end": "2027-06-30",
                                    "subdivision": "99"})
    assert exc.value.field == "calendar.subdivision"
    with pytest.raises(InputError) as exc:
        make_scenario([], calendar={"zone": "Corse", "start": "2025-09-01",
                                    "end": "2027-06-30"})
    assert exc.value.hint is not None and "calendar import" in exc.value.hint


def zone_b_2027(tmp_path: Path, provisional: bool) -> Path:
    f = tmp_path / "b.yaml"
    extra = ", provisional: true" if provisional else ""
    f.write_text("programme: bts-ci\nlabel: BTS CI 2027-2029\n"
                 f"calendar: {{zone: B, start: 2027-09-01, end: 2029-06-30{extra}}}\n"
                 "students:\n  - {id: S1}\n  - {id: S2}\n", encoding="utf-8")
    return f


def test_unpublished_year_without_provisional_says_how_to_proceed(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["verify", str(zone_b_2027(tmp_path, False))])
    assert res.exit_code == 2
    text = " ".join(res.output.split())
    for words in ("2028-08-31", "calendar import", "'holidays:'", "'provisional: true'"):
        assert words in text, words


def test_provisional_year_projects_and_marks_every_output(tmp_path: Path) -> None:
    f = zone_b_2027(tmp_path, True)
    sc = load_scenario(f)
    cal = sc.calendar
    assert cal.provisional and cal.year2_start == D("2028-09-01")
    names = {h.label for h in cal.holidays if h.start > D("2028-08-31")}
    assert names == {"Vacances de la Toussaint", "Vacances de Noël", "Vacances d'hiver",
                     "Vacances de printemps"}
    # projected breaks start on a Saturday, like the published ones
    assert all(h.start.weekday() == 5 for h in cal.holidays if h.start > D("2028-08-31"))
    res = CliRunner().invoke(main, ["verify", str(f), "--format", "json"])
    assert '"provisional": true' in res.output
    res = CliRunner().invoke(main, ["verify", str(f), "--lang", "fr"])
    assert "calendrier provisoire" in res.output
    out = tmp_path / "plan.yaml"
    res = CliRunner().invoke(main, ["generate", str(f), "--format", "yaml", "-o", str(out),
                                    "--time-limit", "5"])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "provisional: true" in text and "label: BTS CI 2027-2029\n" in text
    res = CliRunner().invoke(main, ["generate", str(f), "--time-limit", "5"])
    assert "calendrier provisoire" in res.output
    assert CliRunner().invoke(main, ["verify", str(out)]).exit_code == 0


def test_provisional_only_projects_the_built_in_data() -> None:
    with pytest.raises(InputError) as exc:
        make_scenario([], calendar=reunion(provisional=True))
    assert exc.value.field == "calendar.provisional"


# ---- La Réunion end to end: verify, repair, generate -------------------------------------

def test_reunion_plan_repairs_around_the_hiver_austral() -> None:
    from solver.jobs.repair import repair
    from solver.jobs.verify import verify

    # 3 of the 6 hiver austral weeks placed: the summer rest breaks; December (été
    # austral) placements are mid-year holidays and break nothing
    plan = [per("2025-12-22", weeks=2), per("2026-03-23", weeks=4, place="abroad",
                                            country="MU"),
            per("2026-07-06", weeks=3), per("2026-09-07", weeks=6)]
    sc = make_scenario([stu("S1", *plan), stu("S2", *plan[:2], per("2026-09-07", weeks=9))],
                       calendar=reunion())
    assert both_engines(sc) == {("summer-rest", "S1")}
    result = repair(sc, time_limit=10)
    assert result.ok and verify(result.scenario).compliant
    # the smallest repair moves placement days out of the hiver austral, never into it
    after = {p.start for p in result.scenario.students[0].periods}
    assert result.changed_days > 0 and D("2025-12-22") in after


@pytest.mark.parametrize("zone", ["A", "B", "C"])
@pytest.mark.parametrize("first, provisional", [(2025, False), (2026, False), (2027, True)])
def test_every_zone_and_year_summer_by_position(zone: str, first: int,
                                                provisional: bool) -> None:
    cal: dict[str, Any] = {"zone": zone, "start": f"{first}-09-01",
                           "end": f"{first + 2}-06-30"}
    if provisional:
        cal["provisional"] = True
    sc = make_scenario([stu("S1", per(f"{first + 1}-07-06", weeks=5),
                            per(f"{first + 1}-10-05", weeks=10),
                            per(f"{first + 1}-03-02", weeks=4, place="abroad",
                                country="ES"))], calendar=cal)
    c = sc.calendar
    assert c.provisional == provisional
    assert c.summer is not None and c.summer.start.month == 7
    assert c.year2_start.month == 9 and c.year2_start.year == first + 1
    # 5 weeks placed from early July leave fewer than 4 whole free summer weeks
    assert ("summer-rest", "S1") in both_engines(sc)


def test_overlay_set_keeps_what_was_written(tmp_path: Path) -> None:
    base = ROOT_SCENARIOS / "bts-ci-plan-2025-2027.yaml"
    ov = tmp_path / "o.yaml"
    ov.write_text(f"base: {base}\nchanges:\n  - {{set: 'students[S01].name', value: NO}}\n"
                  "  - students[S02].name=ON\n", encoding="utf-8")
    sc = load_scenario(ov)
    names = {s.id: s.name for s in sc.students}
    assert names["S01"] == "NO" and names["S02"] == "ON"
    res = CliRunner().invoke(main, ["whatif", str(base), "--verify-only",
                                    "--set", "students[S01].name=NO"])
    assert res.exit_code == 0, res.output


ROOT_SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def test_summer_listed_in_two_pieces_is_one_break() -> None:
    hol = [{"name": "Vacances de Noël", "from": "2025-12-20", "to": "2026-01-04"},
           {"name": "Congés de juillet", "from": "2026-07-04", "to": "2026-07-31"},
           {"name": "Congés d'août", "from": "2026-08-01", "to": "2026-08-31"}]
    sc = make_scenario([], calendar={"start": "2025-09-01", "end": "2027-06-30",
                                     "holidays": hol})
    summer = sc.calendar.summer
    assert summer is not None and (summer.start, summer.end) == (D("2026-07-04"),
                                                                 D("2026-08-31"))
    assert sc.calendar.year2_start == D("2026-09-01")
    assert len(sc.calendar.summer_weeks) == 8
