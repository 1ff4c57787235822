"""BTS CI readings of issue 21 (items 4 and 5), each on both sides.

- The francophone list: French an official language by the constitution in force
  (1 December 2026); Mali, Burkina Faso and Niger no longer; the Maghreb and Lebanon are
  a labelled reading of their own (``non-francophone-usage``), a warning a school may
  switch off.
- « de préférence » is written under B.1 and B.2, not under B.3.a: no warning for the
  formation continue.
"""

from __future__ import annotations

import pytest
from conftest import both_engines, make_scenario, per, stu

from solver.engine.csp_check import check_csp
from solver.load.programme import load_programme


def warnings_for(country: str, route: str = "initial") -> set[str]:
    sc = make_scenario([stu("S1", per("2026-03-02", weeks=4, place="abroad", country=country),
                            per("2027-01-04", weeks=11), route=route)])
    found = both_engines(sc)
    assert found == check_csp(sc)
    return {rule for rule, _ in found}


@pytest.mark.parametrize("country, expected", [
    ("DE", set()),
    ("BE", {"non-francophone"}),
    ("SN", {"non-francophone"}),
    ("CA", {"non-francophone"}),
    ("ML", set()), ("BF", set()), ("NE", set()),   # French a working language only
    ("MA", {"non-francophone-usage"}), ("TN", {"non-francophone-usage"}),
    ("DZ", {"non-francophone-usage"}), ("LB", {"non-francophone-usage"}),
])
def test_the_francophone_lists(country: str, expected: set[str]) -> None:
    assert warnings_for(country) == expected


def test_the_maghreb_reading_can_be_switched_off() -> None:
    sc = make_scenario([stu("S1", per("2026-03-02", weeks=4, place="abroad", country="MA"),
                            per("2027-01-04", weeks=11))], policy=[])
    data_rules = {r.id for r in sc.rules}
    assert "non-francophone-usage" in data_rules
    off = make_scenario([stu("S1", per("2026-03-02", weeks=4, place="abroad", country="MA"),
                             per("2027-01-04", weeks=11))])
    off.disabled = (*off.disabled, "non-francophone-usage")
    assert both_engines(off) == set()


@pytest.mark.parametrize("route, warned", [("initial", True), ("apprentice", True),
                                           ("continuing", False)])
def test_de_preference_is_not_repeated_for_formation_continue(route: str, warned: bool) -> None:
    assert ("non-francophone" in warnings_for("BE", route)) is warned


def test_the_list_says_its_source_and_date() -> None:
    rules = {r.id: r for r in load_programme("bts-ci").rules}
    official, usage = rules["non-francophone"], rules["non-francophone-usage"]
    assert official.reading and "constitution en vigueur au 1er décembre 2026" in \
        official.reading
    assert usage.reading and usage.reading.startswith("Lecture retenue")
    assert not {"ML", "BF", "NE"} & set(official.avoid_countries)   # type: ignore[attr-defined]
