"""Every rule's citation is found word for word in the texts (issue 21).

The texts are the files of ``../shared/regulations/`` (resolved from the repository's
root) and any file a model names under ``sources:``. Whitespace is normalised (the texts
are PDF extractions with broken lines), and so are typographic apostrophes and spaces;
a citation that joins two passages with « […] » is looked up passage by passage. The
school's own rules cite « Politique de l'établissement », not a text: they are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
REGULATIONS = (ROOT / ".." / "shared" / "regulations").resolve()
if not REGULATIONS.is_dir():   # the worktree layout: /work/wt/<branch> next to /work/shared
    REGULATIONS = (ROOT / ".." / ".." / "shared" / "regulations").resolve()
MODELS = sorted((ROOT / "models").glob("*.yaml"))
SCHOOL = "Politique de l'établissement"


def normal(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"[*_]+", "", text)   # markdown emphasis in the school's note
    text = re.sub(r"-[ \t]*\n\s*", "-", text)   # a compound word cut at the end of a line
    return re.sub(r"\s+", " ", text).strip()


def texts_for(model: dict, path: Path) -> str:
    files = sorted(REGULATIONS.glob("*")) if REGULATIONS.is_dir() else []
    files += [path.parent / s for s in model.get("sources", [])]
    return " ".join(normal(f.read_text(encoding="utf-8")) for f in files)


def citations() -> list[tuple[str, str, str]]:
    out = []
    for path in MODELS:
        model = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in (*model.get("rules", []), *model.get("policy", [])):
            cite = rule.get("citation") or {}
            if isinstance(cite, dict) and cite.get("source") == SCHOOL:
                continue
            text = cite if isinstance(cite, str) else cite.get("text", "")
            out.append((path.stem, rule["id"], text))
    return out


@pytest.mark.parametrize("model, rule, text", citations(),
                         ids=lambda x: x if isinstance(x, str) and len(x) < 40 else "")
def test_every_citation_is_in_a_text(model: str, rule: str, text: str) -> None:
    if not REGULATIONS.is_dir():
        pytest.skip(f"the official texts are not here ({REGULATIONS})")
    path = ROOT / "models" / f"{model}.yaml"
    corpus = texts_for(yaml.safe_load(path.read_text(encoding="utf-8")), path)
    assert text, f"{model} {rule}: no citation"
    for passage in normal(text).split("[…]"):
        passage = passage.strip().rstrip(".").strip()
        assert passage in corpus, f"{model} {rule}: « {passage} » is not in the texts"


def test_the_check_can_fail() -> None:
    assert "une durée de 17 semaines" not in " ".join(
        normal(f.read_text(encoding="utf-8")) for f in REGULATIONS.glob("*"))
