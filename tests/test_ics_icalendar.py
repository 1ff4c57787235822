"""Issue 23: ICS values read by icalendar: DURATION, UTC and TZID times in the académie's
zone, DTEND exclusive at midnight, recurrences expanded or refused, lines kept in errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from solver.core.errors import InputError
from solver.io.ics_import import read_ics_text
from solver.stageplan import main

D = dt.date.fromisoformat


def ics(*events: list[str], head: tuple[str, ...] = ()) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//FR", *head]
    for ev in events:
        lines += ["BEGIN:VEVENT", *ev, "END:VEVENT"]
    return "\r\n".join(lines + ["END:VCALENDAR"]) + "\r\n"


def spans(text: str, **kw: object) -> list[tuple[dt.date, dt.date, str]]:
    return [(s.start, s.end, s.label) for s in read_ics_text(text, "t.ics", **kw)]  # type: ignore[arg-type]


def test_duration_instead_of_dtend() -> None:
    text = ics(["DTSTART;VALUE=DATE:20251018", "DURATION:P16D",
                "SUMMARY:Vacances de la Toussaint - Zone A"])
    # 18/10 + 16 days = 03/11 exclusive: the break ends on Sunday 02/11, not at the next
    # rentrée as the hand-written reader did
    assert spans(text) == [(D("2025-10-18"), D("2025-11-02"), "Vacances de la Toussaint")]


def test_utc_midnight_in_paris_is_the_next_day() -> None:
    text = ics(["DTSTART:20251219T230000Z", "DTEND:20260104T230000Z",
                "SUMMARY:Vacances de Noël - Zone A"])
    notes: list[str] = []
    assert spans(text, notes=notes) == [(D("2025-12-20"), D("2026-01-04"), "Vacances de Noël")]
    assert notes == ["times read in the académie's time zone, Europe/Paris"]
    # summer time: 22:00 UTC is midnight in Paris
    text = ics(["DTSTART:20251017T220000Z", "DURATION:P16D",
                "SUMMARY:Vacances de la Toussaint"])
    assert spans(text)[0][:2] == (D("2025-10-18"), D("2025-11-02"))


def test_tzid_times_and_an_end_that_is_not_midnight() -> None:
    text = ics(["DTSTART;TZID=America/New_York:20251219T180000",
                "DTEND;TZID=Europe/Paris:20260104T180000",
                "SUMMARY:Vacances de Noël"])
    # 18:00 in New York is 00:00 on 20/12 in Paris; an end at 18:00 keeps its own day
    assert spans(text) == [(D("2025-12-20"), D("2026-01-04"), "Vacances de Noël")]


def test_overseas_academie_zone_is_guessed_or_given() -> None:
    # 20:00 UTC on 19/12 is midnight on 20/12 in La Réunion (UTC+4), still 19/12 in Paris
    ev = ["DTSTART:20251219T200000Z", "DURATION:P15D",
          "SUMMARY:Vacances de Noël - La Réunion"]
    assert spans(ics(ev))[0][:2] == (D("2025-12-20"), D("2026-01-03"))
    assert spans(ics(ev), tz="Europe/Paris")[0][0] == D("2025-12-19")
    plain = ["DTSTART:20251219T200000Z", "DURATION:P15D", "SUMMARY:Vacances de Noël"]
    assert spans(ics(plain, head=("X-WR-TIMEZONE:Indian/Reunion",)))[0][0] == D("2025-12-20")
    with pytest.raises(InputError) as exc:
        read_ics_text(ics(plain), "t.ics", tz="Mars/Olympus")
    assert "Mars/Olympus" in str(exc.value)


def test_bounded_rrule_is_expanded() -> None:
    text = ics(["DTSTART;VALUE=DATE:20251018", "DTEND;VALUE=DATE:20251103",
                "RRULE:FREQ=YEARLY;COUNT=3", "EXDATE;VALUE=DATE:20261018",
                "SUMMARY:Vacances de la Toussaint"])
    notes: list[str] = []
    got = spans(text, notes=notes, lang="fr")
    assert [(a, b) for a, b, _ in got] == [(D("2025-10-18"), D("2025-11-02")),
                                           (D("2027-10-18"), D("2027-11-02"))]
    assert notes == ["1 événement récurrent développé en occurrences"]


def test_endless_rrule_is_refused_with_its_line() -> None:
    text = ics(["DTSTART;VALUE=DATE:20251018", "DTEND;VALUE=DATE:20251103",
                "RRULE:FREQ=YEARLY", "SUMMARY:Vacances de la Toussaint"])
    with pytest.raises(InputError) as exc:
        read_ics_text(text, "t.ics")
    assert (exc.value.line, exc.value.field) == (7, "RRULE")
    assert "forever" in str(exc.value)


def test_dtend_and_duration_together_are_refused() -> None:
    text = ics(["DTSTART;VALUE=DATE:20251018", "DTEND;VALUE=DATE:20251103", "DURATION:P16D",
                "SUMMARY:Vacances de la Toussaint"])
    with pytest.raises(InputError) as exc:
        read_ics_text(text, "t.ics")
    assert (exc.value.line, exc.value.field) == (7, "DURATION")


def test_bad_duration_and_bad_tzid_time_keep_their_line() -> None:
    text = ics(["SUMMARY:Vacances de la Toussaint", "DTSTART;VALUE=DATE:20251018",
                "DURATION:sixteen days"])
    with pytest.raises(InputError) as exc:
        read_ics_text(text, "t.ics")
    assert (exc.value.line, exc.value.field) == (7, "DURATION")


def test_cli_says_the_zone_and_takes_tz(tmp_path: Path) -> None:
    f = tmp_path / "noel.ics"
    f.write_text(ics(["DTSTART:20251219T200000Z", "DURATION:P15D",
                      "SUMMARY:Vacances de Noël"]), encoding="utf-8", newline="")
    res = CliRunner().invoke(main, ["calendar", "import", str(f), "--tz", "Indian/Reunion",
                                    "--lang", "fr"])
    assert res.exit_code == 0, res.output
    assert "# heures lues dans le fuseau de l'académie, Indian/Reunion" in res.output
    assert "from: 2025-12-20, to: 2026-01-03" in res.output
    res = CliRunner().invoke(main, ["calendar", "import", str(f), "--tz", "Nowhere/At_All"])
    assert res.exit_code == 2 and "Traceback" not in res.output


def test_a_recurring_break_without_end_runs_to_each_rentree() -> None:
    text = ics(["DTSTART;VALUE=DATE:20260704", "RRULE:FREQ=YEARLY;COUNT=2",
                "SUMMARY:Vacances d'Été"],
               ["DTSTART;VALUE=DATE:20260901", "RRULE:FREQ=YEARLY;COUNT=2",
                "SUMMARY:Rentrée scolaire des élèves"])
    assert [(a, b) for a, b, _ in spans(text)] == [(D("2026-07-04"), D("2026-08-31")),
                                                   (D("2027-07-04"), D("2027-08-31"))]
