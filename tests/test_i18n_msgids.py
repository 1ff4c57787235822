"""Input errors carry their message id from where they are raised (issue 17, step 3).

Every ``InputError`` (and subclass) made in ``solver/``, and every message or hint given
to the ``.error()`` helpers, is a ``msg("template {}", value)`` call (or a value that is
one: see ``_ok``), so ``solver/i18n/errors.py`` translates it by its id and nothing is
read back from the English. Every msgid of the source has its French there. The
exceptions are listed in ``PLAIN`` with the reason.
"""

from __future__ import annotations

import ast
import datetime as dt
import pickle
from pathlib import Path

from solver.core.errors import InputError, Message, msg
from solver.i18n.errors import error_text, input_error_text
from solver.i18n.translations import po_path

ROOT = Path(__file__).resolve().parent.parent
SOLVER = ROOT / "solver"

ERRORS = {"InputError", "TooLarge", "Fenced", "ClassListError", "OutputError"}
# functions whose result is a Message (or None)
MESSAGE_HELPERS = {"msg", "suggest", "with_known", "unknown_zone_hint", "_known_words"}
# (file, the English text or the call) -> why it is not a msg(...)
PLAIN = {
    ("solver/web/service.py", "f'file is larger than {"): "no French yet: printed in English, "
                                                          "as before",
    ("solver/web/calendar_import.py", "f'the file is larger than {"): "no French yet",
    ("solver/web/child.py", "REFUSED"): "no French yet (the child's fence)",
}


def _files() -> list[Path]:
    return sorted(SOLVER.rglob("*.py"))


def _name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")


def _sites(call: ast.Call, path: Path) -> list[ast.expr]:
    """The message and hint arguments of an error made by ``call``."""
    kw = {k.arg: k.value for k in call.keywords}
    name = _name(call)
    if name in ERRORS:
        message = call.args[0] if call.args else kw.get("message")
        hint = call.args[5] if len(call.args) >= 6 else kw.get("hint")
    elif name == "error" and isinstance(call.func, ast.Attribute) \
            and isinstance(call.func.value, ast.Name):
        who = call.func.value.id
        if who == "change":                                   # overlay.Change.error
            message = call.args[0] if call.args else None
            hint = call.args[2] if len(call.args) >= 3 else kw.get("hint")
        elif who in ("f", "g") or (who == "self" and path.name == "fields.py"):
            message = call.args[1] if len(call.args) >= 2 else None   # Fields.error
            hint = call.args[3] if len(call.args) >= 4 else kw.get("hint")
        else:
            return []
    else:
        return []
    if name == "ClassListError":
        return []   # its message is made inside, by msg()
    return [a for a in (message, hint) if a is not None]


def _assignments(func: ast.AST, name: str) -> list[ast.expr]:
    return [n.value for n in ast.walk(func) if isinstance(n, ast.Assign)
            for t in n.targets if isinstance(t, ast.Name) and t.id == name]


def _ok(node: ast.expr, func: ast.AST | None, depth: int = 0) -> bool:
    """``node`` is a Message: a msg(...) call, a helper that returns one, or a name
    always given one; None; an existing error's message or hint passed on; text already
    in the user's language (``ui(...)``)."""
    if isinstance(node, ast.Constant):
        return node.value is None or node.value == ""
    if isinstance(node, ast.Call):   # _text: error_text passes a job's error on
        return _name(node) in MESSAGE_HELPERS | {"ui", "_text"}
    if isinstance(node, ast.BoolOp):
        return all(_ok(v, func, depth) for v in node.values)
    if isinstance(node, ast.IfExp):
        return _ok(node.body, func, depth) and _ok(node.orelse, func, depth)
    if isinstance(node, ast.Attribute):        # exc.message, exc.hint: passed on
        return node.attr in ("message", "hint")
    if isinstance(node, ast.Subscript):        # s["error"]["error"]: a job's error, again
        return isinstance(node.slice, ast.Constant) and node.slice.value in ("error", "hint")
    if isinstance(node, ast.Name) and func is not None and depth < 3:
        args = func.args if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
        if args and node.id in {a.arg for a in args.args + args.kwonlyargs}:
            return func.name in ("error", "__init__", "load_builtin")   # the helpers
        values = _assignments(func, node.id)
        return bool(values) and all(_ok(v, func, depth + 1) for v in values)
    return False


def _functions(tree: ast.AST) -> dict[int, ast.AST]:
    """id(node) -> the innermost function holding it."""
    owner: dict[int, ast.AST] = {}

    def visit(node: ast.AST, func: ast.AST | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                else func
            if func is not None:
                owner[id(child)] = func
            visit(child, inner)
    visit(tree, None)
    return owner


def test_every_error_is_raised_with_a_message_id() -> None:
    bad, plain_seen = [], set()
    for path in _files():
        rel = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        owner = _functions(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for arg in _sites(node, path):
                if _ok(arg, owner.get(id(arg))):
                    continue
                text = ast.unparse(arg)
                key = next((k for k in PLAIN if k[0] == rel and text.startswith(k[1])), None)
                if key:
                    plain_seen.add(key)
                    continue
                bad.append(f"{rel}:{arg.lineno}: {text[:80]}")
    assert not bad, "write these as msg(\"template {}\", value):\n" + "\n".join(bad)
    assert plain_seen == set(PLAIN), f"not plain any more: remove {set(PLAIN) - plain_seen}"


def _msgids() -> dict[str, str]:
    out: dict[str, str] = {}
    for path in _files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "msg":
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), \
                    f"{where}: msg() takes a literal template (gettext extracts it)"
                out[first.value] = where
    return out


def test_every_msgid_has_french() -> None:
    ids = _msgids()
    assert len(ids) > 300
    from babel.messages.pofile import read_po

    with po_path("fr").open("rb") as fp:
        french = {m.id: m.string for m in read_po(fp, locale="fr")
                  if not m.context and isinstance(m.id, str) and m.string}
    missing = sorted(f"{where}: {m!r}" for m, where in ids.items() if m not in french)
    assert not missing, ("add their French to solver/i18n/locale/fr/LC_MESSAGES/stageplan.po "
                         "(python scripts/i18n.py extract update):\n" + "\n".join(missing))


def test_a_message_is_its_english_text() -> None:
    m = msg("'{}' is not a real date ({})", "2026-02-30", ValueError("day is out of range "
                                                                     "for month"))
    assert m == "'2026-02-30' is not a real date (day is out of range for month)"
    assert isinstance(m, str) and m.msgid == "'{}' is not a real date ({})"
    back = pickle.loads(pickle.dumps(m))     # across processes (Dask, process pools)
    assert isinstance(back, Message) and back.msgid == m.msgid and back == m
    assert msg("e.g. {set: calendar.zone, value: C}") == "e.g. {set: calendar.zone, value: C}"


def test_french_by_id_with_translated_values() -> None:
    from solver.core.fields import type_name

    exc = InputError(msg("expected a list, found {}", type_name({})), "c.yaml", 3, "students",
                     hint=msg("the training runs from {} to {}", dt.date(2025, 9, 1),
                              dt.date(2027, 6, 30)))
    assert str(exc) == ("c.yaml:3, field 'students': expected a list, found a mapping "
                        "(the training runs from 2025-09-01 to 2027-06-30)")
    assert input_error_text(exc, "fr") == (
        "c.yaml:3, champ « students » : une liste est attendue, trouvé une table "
        "(la formation va du 01/09/2025 au 30/06/2027)")
    # the same error as a job returns it (to_json), translated by its ids, not its text
    assert error_text(exc.to_json(), "fr") == input_error_text(exc, "fr")
    assert error_text(pickle.loads(pickle.dumps(exc.to_json())), "fr") \
        == input_error_text(exc, "fr")


def test_text_without_an_id_is_not_translated() -> None:
    """The English of a template, given as plain text, stays English: nothing is matched."""
    exc = InputError("unknown zone 'Q'", "c.yaml", 2, "calendar.zone")
    assert input_error_text(exc, "fr") == "c.yaml:2, champ « calendar.zone » : unknown zone 'Q'"
    exc = InputError(msg("unknown zone '{}'", "Q"), "c.yaml", 2, "calendar.zone")
    assert input_error_text(exc, "fr") == "c.yaml:2, champ « calendar.zone » : zone inconnue « Q »"


def test_the_page_says_a_child_jobs_errors_in_french(tmp_path: Path,
                                                     monkeypatch: object) -> None:
    """The web page's child writes JSON (the ids are lost) and, beside it, where its
    messages are with their ids: the page's payload gets them back; the JSON is the same."""
    import json

    from solver.core import files
    from solver.jobs.whatif import error_json
    from solver.web import child
    from solver.web.service import with_messages

    exc = InputError(msg("unknown zone '{}'", "Q"), "--variant bad", None, "calendar.zone",
                     hint=msg("{} {}", msg("did you mean '{}'?", "C"),
                              msg("known: {}", "A, B, C")))
    payload = {"variants": [{"name": "bad", "error": error_json(exc)}]}
    plain = files.dumps_json(payload)
    files.MESSAGES = []
    try:
        written = files.dumps_json(payload)
        found = files.MESSAGES
    finally:
        files.MESSAGES = None
    assert written == plain and len(found) == 2      # error and hint ("message": plain text)
    monkeypatch.chdir(tmp_path)                      # type: ignore[attr-defined]
    child._send_messages(found)
    sent = (tmp_path / child.MESSAGES_FILE).read_text(encoding="utf-8")
    back = with_messages(json.loads(written), sent)
    assert json.loads(written) == back               # the same JSON values
    error = back["variants"][0]["error"]
    assert error_text(error, "fr") == (
        "--variant bad, champ « calendar.zone » : zone inconnue « Q » (vouliez-vous dire "
        "« C » ? connus : A, B, C)")
    # a text changed on the way is left as it is, never given another message's French
    tampered = json.loads(written)
    tampered["variants"][0]["error"]["error"] = "something else"
    assert with_messages(tampered, sent)["variants"][0]["error"]["error"] == "something else"
