"""Reading at the checker's speed (issue 19): class files are parsed by libyaml where it
is installed, and give exactly the tree of the line-tracking loader (values, the line
of every key and item, the text of plain scalars); any error is reported by the
line-tracking loader, word for word (tests/test_bad_input.py checks the messages)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import solver.core.yamlload as Y
from solver.core.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for folder in ("scenarios", "models", "overlays")
               for p in (ROOT / folder).rglob("*.yaml"))

pytestmark = pytest.mark.skipif(Y._CParser is None, reason="PyYAML without libyaml")


def slow(text: str, name: str | None = None) -> Any:
    """The line-tracking loader alone."""
    saved = Y._CParser
    Y._CParser = None
    try:
        return Y.load_text(text, name)
    finally:
        Y._CParser = saved


def shape(value: Any) -> Any:
    """A value with the lines and scalar texts its LDict/LList carry."""
    if isinstance(value, Y.LDict):
        return ("map", value.line, value.file, dict(value.key_lines), value.scalar_text,
                {k: shape(v) for k, v in value.items()})
    if isinstance(value, Y.LList):
        return ("seq", value.line, value.file, list(value.item_lines), value.item_text,
                [shape(v) for v in value])
    return (type(value).__name__, value)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_libyaml_gives_the_same_tree(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    ok, fast = Y._load_fast(text, str(path))
    assert ok
    assert shape(fast) == shape(slow(text, str(path)))


TRICKY = [
    "country: NO\nid: 010\nn: 0x1F\nyes: on\n",
    "a: &x [1, 2]\nb: *x\nwhen: 2027-01-04\n",
    '{"students": [{"id": "S1", "name": "\\u00e9l\\u00e8ve"}], "n": 1.5}',
    "",
    "# only a comment\n",
    "- 1\n- - 2\n  - 3\n",
    # what the direct builder leaves to PyYAML's constructors, or builds inline
    "base: &b {weeks: 4, place: abroad}\nfirst:\n  <<: *b\n  weeks: 6\n",
    "n: [-0, +5, 1_000, 0o17, 017, 1:30, -12, 123456789012345678901234, 0b101]\n",
    "d: [2027-1-4, 2027-01-04, 2027-01-04 10:30:00, 2027-01-04T10:30:00Z]\n",
    "f: [1.5, -2., .5, 1e3, 6.8523015e+5, 190:20:30.15]\n",
    "z: [~, null, Null, '', \"\"]\nb: [yes, No, TRUE, off, y, n]\n",
    "1: one\n2.5: two\ntrue: three\nNO: four\n010: five\n",
    "s: !!str 010\ni: !!int '12'\nf: !!float '1'\nq: '2027-01-04'\n",
    "a: &m {x: 1}\nb: [*m, *m]\nc: {<<: [*m, {y: 2}]}\n",
    "bin: !!binary aGVsbG8=\nset: !!set {a, b}\n",
    "? [1, 2]\n: complex key\n",
    "x: !!str [1]\n", "y: !!int [1]\n", "z: !!map [1]\n",
]


def _refused(read: Any) -> Any:
    try:
        return ("ok", shape(read()))
    except Exception as exc:   # noqa: BLE001 (both refuse, or both read the same)
        return ("refused", type(exc).__name__)


@pytest.mark.parametrize("text", TRICKY)
def test_libyaml_gives_the_same_tree_on_yaml_s_corners(text: str) -> None:
    ok, fast = Y._load_fast(text, "f.yaml")
    if ok:
        assert shape(fast) == shape(slow(text, "f.yaml"))
    else:   # refused by the fast path: read (or refused) by the line-tracking loader
        assert _refused(lambda: Y.load_text(text, "f.yaml")) == \
            _refused(lambda: slow(text, "f.yaml"))


def _built(text: str, direct: bool) -> Any:
    loader = Y._CLoader(text)
    loader.filename = "f.yaml"
    try:
        node = loader.get_single_node()
        return Y._Build(loader).value(node) if direct else loader.construct_document(node)
    finally:
        loader.dispose()


@pytest.mark.parametrize("text", [t for t in TRICKY if t.strip() and not t.startswith("#")]
                         + [p.read_text(encoding="utf-8") for p in FILES[:6]])
def test_the_direct_builder_builds_what_pyyamls_constructors_build(text: str) -> None:
    # the walk over libyaml's nodes (or, for what it leaves, PyYAML's constructors) gives
    # the very tree of the constructors: values, types, lines, texts, a shared alias
    try:
        direct = _built(text, True)
    except Y._Unusual:
        return   # left to the constructors: _load_fast's own fallback, tested above
    except Exception:   # noqa: BLE001 (then the constructors refuse it too)
        with pytest.raises(Exception):  # noqa: B017,PT011
            _built(text, False)
        return
    assert shape(direct) == shape(_built(text, False))


def test_the_direct_builder_reads_a_class_file_without_help() -> None:
    # an ordinary class file (and an alias) is built by the walk, not left to PyYAML
    for path in FILES:
        assert isinstance(_built(path.read_text(encoding="utf-8"), True), Y.LDict), path
    tree = _built("a: &m {x: 1}\nb: [*m, *m]\n", True)
    assert tree["b"][0] is tree["b"][1] is tree["a"]


def test_what_libyaml_refuses_is_read_by_the_line_tracking_loader() -> None:
    # escaped UTF-16 pairs (json.dumps writes an emoji so): libyaml refuses them
    text = '{"name": "\\ud83d\\ude00", "id": "S1"}'
    assert Y._load_fast(text, "f.yaml") == (False, None)
    assert shape(Y.load_text(text, "f.yaml")) == shape(slow(text, "f.yaml"))
    assert Y.load_text(text, "f.yaml")["name"] == "\U0001f600"


BAD = [
    "a: 1\na: 2\n",                           # a key twice
    "when: 2027-02-30\n",                     # no such date
    "a: [1, 2\n",                             # unclosed
    "a: !!python/object:os.system x\n",       # a tag that builds objects
    "n: " + "9" * 50 + "\n",                  # a number far too large
    "x: .inf\n",                              # not finite
    "a: \x07\n",                              # a control character
    "a: " + "[" * 60 + "]" * 60 + "\n",       # nested too deep
    "s: \"\\ud83d\"\n",                       # half a character
    "a: 1\n---\nb: 2\n",                      # two documents
]


@pytest.mark.parametrize("text", BAD)
def test_errors_are_the_line_tracking_loaders_word_for_word(text: str) -> None:
    assert Y._load_fast(text, "f.yaml") == (False, None)
    with pytest.raises(InputError) as fast:
        Y.load_text(text, "f.yaml")
    with pytest.raises(InputError) as ref:
        slow(text, "f.yaml")
    assert (fast.value.message, fast.value.line, fast.value.field) == \
        (ref.value.message, ref.value.line, ref.value.field)


def test_libyaml_is_used_when_installed(monkeypatch: Any) -> None:
    calls: list[str] = []
    real = Y._CLoader.get_single_node

    def spy(self: Any) -> Any:
        calls.append("c")
        return real(self)

    monkeypatch.setattr(Y._CLoader, "get_single_node", spy)
    assert Y.load_text("a: 1\n", "f.yaml") == {"a": 1}
    assert calls == ["c"] and hasattr(yaml, "CSafeLoader")
