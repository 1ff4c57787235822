"""The gettext catalogues: the .pot matches the code, every message has its French, the
compiled catalogue is what the code reads, and plurals follow CLDR."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from solver.i18n.catalog import render_message, ui, ui_n
from solver.i18n.translations import compile_po, po_path, translations

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pot_is_current_and_every_message_has_french() -> None:
    found = _script().problems()
    assert not found, "\n".join(found[:20])


def test_french_comes_from_the_po_file() -> None:
    assert ui("yes", "fr") == "oui" and ui("yes", "en") == "yes"
    # a keyed sentence with its arguments, and the parts that depend on them
    text = render_message("total_weeks.too_few", {"weeks": 3.5, "min": 8, "days": 17,
                                                  "abroad": True, "year": 1}, "fr")
    assert text.startswith("3,5 semaines à l'étranger de stage en 1re année (17 jours ouvrés)")
    assert "8" in text


def test_same_english_different_french_by_context() -> None:
    # "Abroad" is « À l'étranger » as a heading and « Étranger » as a column
    frs = {translations("fr").pgettext(m.context, m.id) for m in _catalog() if m.id == "Abroad"}
    assert len(frs) == 2


def _catalog():
    from babel.messages.pofile import read_po

    with po_path("fr").open("rb") as fp:
        return read_po(fp, locale="fr")


def test_french_plurals_are_cldr() -> None:
    header = _catalog().plural_forms
    assert header.startswith("nplurals=3;")             # CLDR: one, many, other
    # French: 0 and 1 take the singular, English only 1
    assert ui_n("imp_rows_refused", 0, "fr", n=0).startswith("0 ligne ne peut")
    assert ui_n("imp_rows_refused", 1, "fr", n=1).startswith("1 ligne ne peut")
    assert ui_n("imp_rows_refused", 2, "fr", n=2).startswith("2 lignes ne peuvent")
    assert ui_n("imp_rows_refused", 0, "en", n=0).startswith("0 rows cannot")
    assert ui_n("imp_rows_refused", 1, "en", n=1).startswith("1 row cannot")
    assert ui_n("some_ko", 1, "fr", k=1, n=7) == "1 étudiant sur 7 non conforme."
    assert ui_n("some_ko", 3, "fr", k=3, n=7) == "3 étudiants sur 7 non conformes."
    assert ui_n("some_ko", 3, "en", k=3, n=7) == "3 of 7 students do not comply."


def test_compiled_catalogue_is_read_as_gettext_mo() -> None:
    import gettext
    import io

    cat = gettext.GNUTranslations(io.BytesIO(compile_po("fr")))
    assert cat.pgettext("web_login", "Log in") == "Connexion"


def test_click_own_words_in_french() -> None:
    out = subprocess.run([sys.executable, "-m", "solver", "verify", "--lang", "fr"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 2
    assert "Utilisation :" in out.stderr and "Erreur : argument manquant" in out.stderr
    out = subprocess.run([sys.executable, "-m", "solver", "verify", "--lang", "en"],
                         capture_output=True, text=True, cwd=ROOT)
    assert "Usage:" in out.stderr and "Error: Missing argument" in out.stderr


def test_blocked_dates_without_a_reason_read_without_an_empty_one() -> None:
    """A blocked span with no ``reason`` used to print « (, du 10/05/2027 au … ) »."""
    args = {"days": 10, "from": "2027-05-10", "to": "2027-05-21", "reason": "",
            "blocked_from": "2027-05-10", "blocked_to": "2027-05-21"}
    assert render_message("blocked.hit", args, "en").endswith(
        "blocked dates (2027-05-10 to 2027-05-21)")
    named = render_message("blocked.hit", {**args, "reason": "CCF E4"}, "en")
    assert named.endswith("blocked dates (CCF E4, 2027-05-10 to 2027-05-21)")
