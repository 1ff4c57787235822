"""Issue 23: class lists in every encoding a French school's software writes (Excel's
« Texte Unicode » UTF-16, UTF-8 with and without BOM, Windows-1252, Mac Roman) are read
letter for letter, and the note says which encoding was read or guessed."""

from __future__ import annotations

import datetime as dt

import pytest

from solver.core.errors import InputError
from solver.io.importer import decode_text, import_class_list

START, END = dt.date(2025, 9, 1), dt.date(2027, 6, 30)
ROWS = [("Nom", "Prénom", "INE", "Statut"),
        ("Lefèvre", "Hélène", "070123456AB", "Scolaire"),
        ("Garçon", "Anaïs", "070223456AB", "Apprenti"),
        ("Noël", "Zoé", "070323456AB", "Étudiant"),
        ("Œuvray", "Jérôme", "070423456AB", "Scolaire")]
NAMES = ["Hélène Lefèvre", "Anaïs Garçon", "Zoé Noël", "Jérôme Œuvray"]

CASES = [  # codec, what the note says, guessed
    ("utf-16", "UTF-16 (BOM)", False),           # Excel « Texte Unicode » (tab-separated)
    ("utf-8-sig", "UTF-8 (BOM)", False),          # Excel « CSV UTF-8 »
    ("utf-8", "UTF-8", False),
    ("cp1252", "Windows-1252", True),             # Excel « CSV (séparateur : point-virgule) »
    ("mac_roman", "Mac Roman", True),             # an old Mac's Excel
]


@pytest.mark.parametrize("codec, said, guessed", CASES, ids=[c[0] for c in CASES])
def test_every_encoding_is_read_and_said(codec: str, said: str, guessed: bool) -> None:
    sep = "\t" if codec == "utf-16" else ";"
    data = "\r\n".join(sep.join(r) for r in ROWS).encode(codec)
    text, name, was_guessed = decode_text(data, "eleves.csv")
    assert (name, was_guessed) == (said, guessed)
    assert text.lstrip("\ufeff").startswith("Nom")
    result = import_class_list(data, "eleves.csv", programme="bts-ci", zone="A",
                               start=START, end=END, lang="fr")
    assert [s.name for s in result.scenario.students] == NAMES
    note = next(n for n in result.notes if n.startswith("CSV lu en"))
    assert said in note
    assert ("deviné" in note) == guessed


def test_utf16_without_bom_is_guessed() -> None:
    data = "\r\n".join(";".join(r) for r in ROWS).encode("utf-16-le")
    text, name, guessed = decode_text(data, "eleves.csv")
    assert (name, guessed) == ("UTF-16 LE", True) and "Hélène" in text


def test_binary_and_broken_bom_are_refused() -> None:
    with pytest.raises(InputError, match="binary file"):
        decode_text(b"\x00\x01\x02\xff\xfe\x00binary", "x.csv")
    with pytest.raises(InputError, match="UTF-8 .BOM. mark"):
        decode_text(b"\xef\xbb\xbfNom\xff\xfe", "x.csv")
