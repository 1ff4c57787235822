"""The words a coordinator types for the contract's values, mapped to the canonical form.

Files (and imported class lists) may say ``place: étranger``, ``route: apprenti``,
``adjustment: réduit`` or a date as ``04/01/2027``; loading turns them into the
contract's values (``abroad``, ``apprentice``, ``reduced``, 2027-01-04), and every file
written back uses the canonical form. Matching ignores case, accents, extra spaces and
the kind of apostrophe; canonical values are accepted as they are.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping


@functools.lru_cache(maxsize=4096)   # a class file says « france » a thousand times
def normalise(text: str) -> str:
    """Lower case, no accents, one space between words, straight apostrophes, and the
    inclusive endings of school exports dropped (« apprenti(e) », « dispensé·e »)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("`", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"\((e|s|es)\)|[·.](e|es)\b", "", plain)
    return " ".join(plain.replace("_", " ").split())


def _table(pairs: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, words in pairs.items():
        for word in (canonical, *words):
            out[normalise(word)] = canonical
    return out


PLACE_ALIASES = _table({
    "france": ("fr", "en france"),
    "abroad": ("étranger", "a l'étranger", "à l'étranger", "international", "etr"),
})
ROUTE_ALIASES = _table({
    "initial": ("scolaire", "voie scolaire", "statut scolaire", "initiale",
                "formation initiale", "fi", "élève", "étudiant"),
    "apprentice": ("apprenti", "apprentie", "apprentissage", "alternance", "alternant",
                   "alternante", "app", "cfa"),
    "continuing": ("formation continue", "continue", "fc", "stagiaire de la formation continue",
                   "reconversion"),
    "continuing-improvement": ("perfectionnement", "formation continue perfectionnement",
                               "fc perfectionnement", "continuing improvement"),
    "distance": ("à distance", "enseignement à distance", "formation à distance", "cned"),
    "experience": ("expérience", "expérience professionnelle", "vae", "candidat libre"),
})
ADJUSTMENT_ALIASES = _table({
    "none": ("aucun", "aucune", "non", "sans", "-", "normal", "normale", "durée normale"),
    "reduced": ("réduit", "réduite", "durée réduite", "réduction", "positionnement",
                "aménagement", "force majeure"),
    "exempt-one-unit": ("dispense d'une unité", "dispense partielle", "dispense une unité",
                        "exempt one unit"),
    "exempt": ("dispensé", "dispensée", "dispense", "dispense totale", "exempté", "exemptée"),
})


def canonical(value: str, aliases: Mapping[str, str]) -> str:
    """The canonical value for ``value``, or ``value`` itself when it is no alias."""
    return aliases.get(normalise(value), value)
