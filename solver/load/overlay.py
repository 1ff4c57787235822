"""What-if overlays: a scenario written as "that class, with these changes".

An overlay file says ``base: other.yaml`` (relative to the overlay) and lists
``changes:``; ``stageplan whatif --set PATH=VALUE`` spells the same changes on the
command line. Changes apply to the base's raw data (as loaded, with line numbers),
then the result is validated like any class file. A change that names a missing
field, student or rule id is an ``InputError`` at the change's own file and line;
a change whose result does not validate (a route the programme refuses, a bad date)
is reported at that change too, with the underlying field.

Change forms (file entries, or ``PATH<op>VALUE`` text; VALUE is a YAML flow value):

- ``set: PATH`` + ``value:`` / ``PATH=VALUE``: set a field (an empty value removes it);
- ``add: PATH`` + ``value:`` / ``PATH+=VALUE``: append to a list (``calendar.blocked``,
  ``students``, ``students[S01].periods``, ``rules`` to add or override a rule by id);
- ``remove: students[S03]`` / ``students-=S03``; ``rules-=ID`` disables a rule;
- ``disable: ID`` / ``rules[ID].enabled=false`` (and ``enable``);
- ``rules[ID].PARAM=VALUE``: a rule's parameter, ``weight`` or ``severity``
  (the programme rule is copied into the school policy, which overrides by id);
  ``rules[kind=KIND]`` selects every rule of a kind;
- ``at_most: PATH`` + ``value:`` / ``PATH<=VALUE``: lower a number to at most VALUE;
- ``replace: rules[...]`` + ``value: {kind: ..., param: "{old_param}"}``: the rule becomes
  another kind, keeping its id, scope and citation; ``"{name}"`` takes the old rule's
  parameter ``name`` (dropped when it has none);
- ``apply: NAME`` (+ ``students: [...]``) / ``apply=NAME[S01,S02]``: a built-in
  overlay of ``overlays/`` (reduced, exempt-one-unit, exempt, derogation).
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from solver.core.errors import InputError, msg
from solver.core.fields import Fields, suggest
from solver.core.yamlload import LDict, LList, load_file, load_text, plain
from solver.rules.base import REGISTRY

OPS = ("set", "add", "remove", "disable", "enable", "at_most", "replace", "apply")
OVERLAY_FIELDS = ("base", "changes", "label", "description", "$schema")
RULE_COMMON = ("weight", "severity", "applies_to", "citation", "reading", "title")

# the fields a path may name, by schema position (list items share their list's name)
SCHEMA: dict[str, tuple[str, ...]] = {
    "": ("label", "programme", "calendar", "students", "policy", "disabled_rules"),
    "calendar": ("zone", "start", "year2_start", "end", "blocked", "holidays", "subdivision",
                 "provisional", "holidays_file"),
    "calendar.blocked": ("from", "to", "reason"),
    "calendar.holidays": ("name", "from", "to"),
    "students": ("id", "name", "route", "adjustment", "status", "employment", "periods",
                 "note"),
    "students.employment": ("months", "full_time", "within_months"),
    "students.periods": ("from", "to", "weeks", "place", "country", "locked", "label"),
}
_SEGMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)(?:\[([^\]]*)\])?$")
# an operation's name inside a message (« impossible de faire supprimer sur ... »)
_OP_WORDS = {"remove": msg("remove"), "add": msg("add"), "set": msg("set"),
             "at_most": msg("at_most")}
_APPLY = re.compile(r"^([A-Za-z0-9_-]+)(?:\[([^\]]*)\])?$")


@dataclass(frozen=True)
class Change:
    """One change of an overlay: what to do, where, and where it was written."""

    op: str
    path: str
    value: Any = None
    file: str | None = None
    line: int | None = None
    field: str | None = None
    students: tuple[str, ...] = ()
    optional: bool = False          # a built-in's kind selector may match no rule
    # the written text of a plain scalar YAML 1.1 reads as true/false or a number
    # (``country=NO``): text fields read it back as written (issue 10)
    scalar_text: str | None = None

    def error(self, message: str, value: Any = None, hint: str | None = None) -> InputError:
        return InputError(message, self.file, self.line, self.field, value, hint)

    def text(self) -> str:
        """The change as ``PATH<op>VALUE`` text (reports, JSON)."""
        if self.op == "apply":
            return f"apply={self.path}" + (f"[{','.join(self.students)}]"
                                           if self.students else "")
        if self.op in ("disable", "enable"):
            return f"{self.path}.enabled={'false' if self.op == 'disable' else 'true'}"
        if self.op == "remove":
            return f"remove {self.path}"
        sign = {"set": "=", "add": "+=", "at_most": "<="}[self.op]
        return f"{self.path}{sign}{_flow(self.value)}"


def _flow(value: Any) -> str:
    import yaml

    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    text = yaml.safe_dump(plain(value), default_flow_style=True, allow_unicode=True,
                          sort_keys=False, width=10_000)
    return str(text).strip().removesuffix("...").strip()


# ---- reading changes ----------------------------------------------------------------

def parse_set(text: str, where: str = "--set", file: str | None = None,
              line: int | None = None) -> Change:
    """``PATH=VALUE``, ``PATH+=VALUE``, ``PATH-=VALUE``, ``PATH<=VALUE`` or ``apply=NAME[...]``."""
    cut, depth = -1, 0
    for i, ch in enumerate(text):   # the first '=' outside brackets (rules[kind=...])
        depth += (ch == "[") - (ch == "]")
        if ch == "=" and depth == 0:
            cut = i
            break
    if cut < 0:
        raise InputError(msg("'{}' is not PATH=VALUE", text[:80]), file or where, line, where,
                         text,
                         msg("e.g. calendar.zone=C or students[S01].adjustment=reduced"))
    head, raw_value = text[:cut], text[cut + 1:]
    op = "set"
    if head.endswith(("+", "-", "<")):
        op = {"+": "add", "-": "remove", "<": "at_most"}[head[-1]]
        head = head[:-1]
    path = head.strip()
    raw_value = raw_value.strip()
    if path == "apply" and op == "set":
        m = _APPLY.match(raw_value)
        if not m:
            raise InputError(msg("'{}' is not NAME or NAME[S01,S02]", raw_value[:80]),
                             file or where,
                             line, where, raw_value, msg("e.g. apply=reduced[S05,S06]"))
        ids = tuple(s.strip() for s in (m.group(2) or "").split(",") if s.strip())
        return Change("apply", m.group(1), None, file or where, line, where, ids)
    value = load_text(raw_value, file or where) if raw_value else None
    scalar_text = raw_value if isinstance(value, (bool, int, float)) else None
    if op == "remove":
        # students-=S03 -> remove students[S03]; rules-=ID -> disable the rule
        if path in ("rules", "policy"):
            return Change("disable", f"rules[{value}]", None, file or where, line, where)
        return Change("remove", f"{path}[{value}]", None, file or where, line, where)
    m = re.match(r"^(rules\[[^\]]*\])\.enabled$", path)
    if m and op == "set":
        if not isinstance(value, bool):
            raise InputError(msg("'enabled' is true or false"), file or where, line, where, value)
        return Change("enable" if value else "disable", m.group(1), None, file or where,
                      line, where)
    return Change(op, path, value, file or where, line, where, scalar_text=scalar_text)


def parse_changes(f: Fields) -> list[Change]:
    """The ``changes:`` list of an overlay file, each entry with its line."""
    out: list[Change] = []
    for i, item, line in f.items("changes"):
        where = f"changes[{i}]"
        if isinstance(item, str):
            out.append(parse_set(item, where, f.file, line))
            continue
        g = f.item_fields("changes", i, item, line)
        ops = [op for op in OPS if op in item]
        if len(ops) != 1:
            unknown = [k for k in item if k not in (*OPS, "value", "students", "note")]
            if unknown:
                g.reject_unknown((*OPS, "value", "students", "note"))
            raise g.error(ops[1] if ops else "set",
                          msg("a change has exactly one of: {}", ", ".join(OPS)),
                          hint=msg("e.g. {set: calendar.zone, value: C}"))
        op = ops[0]
        g.reject_unknown((op, "value", "students", "note"))
        path = g.str(op)
        if op == "apply":
            ids = tuple(g.str_list("students", []))
            out.append(Change("apply", path, None, f.file, line, where, ids))
            continue
        if op in ("set", "add", "at_most", "replace") and "value" not in item:
            raise g.error("value", msg("is required"), hint=msg("add 'value:' under '{}: {}'", op,
                                                                path))
        if op in ("disable", "enable") and not path.startswith("rules["):
            path = f"rules[{path}]"
        text = item.text_of("value") if isinstance(item, LDict) else None
        out.append(Change(op, path, item.get("value"), f.file, line, where,
                          scalar_text=text))
    return out


# ---- applying changes ------------------------------------------------------------------

def _segments(change: Change) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for part in _split_path(change.path):
        m = _SEGMENT.match(part)
        if not m:
            raise change.error(msg("'{}' is not a path", change.path), change.path,
                               msg("e.g. calendar.zone, students[S01].route, rules[ID].min"))
        out.append((m.group(1), m.group(2)))
    if not out:
        raise change.error(msg("the path is empty"), change.path)
    return out


def _split_path(path: str) -> list[str]:
    """Split at dots outside brackets (rule ids may not contain dots, dates may)."""
    parts, depth, cur = [], 0, ""
    for ch in path:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "." and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts]


def _item_id(item: Any, index: int, prefix: str = "") -> str:
    if isinstance(item, dict) and item.get("id") is not None:
        return str(item["id"])
    return f"{prefix}{index}"


def _select(items: list[Any], key: str, change: Change, what: str) -> int:
    """Index of the item of ``items`` whose id is ``key`` (or whose position it is)."""
    ids = [_item_id(it, i) for i, it in enumerate(items)]
    if key in ids:
        return ids.index(key)
    if key.isdigit() and int(key) < len(items):
        return int(key)
    hint = suggest(key, ids) or (msg("known: {}", ", ".join(ids[:12])) if ids else None)
    raise change.error(msg("no {} '{}' in the base scenario", what, key), key, hint)


def _check_key(schema: str, name: str, change: Change) -> None:
    known = SCHEMA.get(schema)
    if known is not None and name not in known:
        hint = suggest(name, known) or msg("known: {}", ", ".join(known))
        raise change.error(msg("unknown field '{}' in '{}'", name, change.path), name, hint)


class _Applier:
    """Applies changes to one scenario's raw data (a deep copy of the base's)."""

    def __init__(self, data: dict[str, Any], base_dir: Path | None) -> None:
        self.data = data
        self.base_dir = base_dir

    # -- rules ---------------------------------------------------------------------
    def _programme(self, change: Change) -> Any:
        from solver.load.programme import load_programme

        ref = self.data.get("programme")
        if not isinstance(ref, str):
            raise change.error(msg("the base scenario names no programme"))
        return load_programme(ref, self.base_dir, change.file, change.line)

    def _policy(self) -> list[Any]:
        policy = self.data.get("policy")
        if not isinstance(policy, list):
            policy = self.data["policy"] = LList()
            policy.item_lines = []
        return policy

    def _rule_ids(self, change: Change) -> dict[str, str]:
        """Effective rule id -> kind (programme rules, then policy)."""
        programme = self._programme(change)
        out = {r.id: r.kind for r in (*programme.rules, *programme.policy)}
        for i, entry in enumerate(self._policy()):
            if isinstance(entry, dict):
                out[_item_id(entry, i, f"{entry.get('kind')}-")] = str(entry.get("kind"))
        return out

    def _rules(self, key: str, change: Change) -> list[str]:
        known = self._rule_ids(change)
        if key.startswith("kind="):
            kind = key[5:].strip()
            found = [rid for rid, k in known.items() if k == kind]
            if not found and not change.optional:
                hint = suggest(kind, set(known.values())) or msg("kinds here: {}", ", ".join(
                    sorted(set(known.values()))))
                raise change.error(msg("no rule of kind '{}' in this scenario", kind), kind, hint)
            return found
        if key not in known:
            hint = suggest(key, known) or msg("known: {}", ", ".join(known))
            raise change.error(msg("no rule '{}' in this scenario", key), key, hint)
        return [key]

    def _policy_entry(self, rule_id: str, change: Change) -> dict[str, Any]:
        """The policy entry of ``rule_id``, copying the programme rule there if needed."""
        policy = self._policy()
        for i, entry in enumerate(policy):
            if isinstance(entry, dict) and _item_id(entry, i, f"{entry.get('kind')}-") == rule_id:
                return entry
        programme = self._programme(change)
        model = _model_data(programme.file)
        raw = next(r for r in (*model["rules"], *model.get("policy", []))
                   if isinstance(r, dict) and r.get("id") == rule_id)
        entry = copy.deepcopy(raw)
        citation = entry.get("citation")
        if isinstance(citation, str):
            entry["citation"] = {"source": programme.short, "text": citation}
        elif isinstance(citation, dict) and "source" not in citation:
            citation["source"] = programme.short
        policy.append(entry)
        if isinstance(policy, LList):
            policy.item_lines.append(change.line or 0)
        return entry

    def rule_change(self, change: Change, key: str, rest: list[tuple[str, str | None]]
                    ) -> None:
        ids = self._rules(key, change)
        if change.op == "replace":
            if rest:
                raise change.error(msg("'replace' takes a rule, not a parameter"), change.path)
            for rid in ids:
                self._replace(rid, change)
            return
        if change.op in ("disable", "enable", "remove"):
            if rest:
                raise change.error(msg("'{}' takes a rule, not a parameter", change.op),
                                   change.path)
            disabled = [str(x) for x in self.data.get("disabled_rules") or []]
            for rid in ids:
                if change.op == "enable":
                    disabled = [d for d in disabled if d != rid]
                elif rid not in disabled:
                    disabled.append(rid)
            self.data["disabled_rules"] = disabled
            return
        if len(rest) != 1 or rest[0][1] is not None:
            raise change.error(msg("'{}': give one parameter after the rule", change.path),
                               change.path, msg("e.g. rules[total-weeks].min=12"))
        param = rest[0][0]
        known_ids = self._rule_ids(change)
        for rid in ids:
            cls = REGISTRY.get(known_ids[rid])
            params = (*cls.param_names(), *RULE_COMMON) if cls else RULE_COMMON
            if param not in params:
                hint = suggest(param, params) or msg("parameters: {}", ", ".join(params))
                raise change.error(msg("rule '{}' ({}) has no parameter '{}'", rid, known_ids[rid],
                                       param), param, hint)
            entry = self._policy_entry(rid, change)
            if change.op == "set":
                _set_or_delete(entry, param, change.value)
            elif change.op == "at_most":
                entry[param] = _at_most(entry.get(param, _rule_value(self, rid, param, change)),
                                        change)
            else:
                raise change.error(msg("'{}' does not apply to a rule parameter", change.op))

    def _replace(self, rule_id: str, change: Change) -> None:
        template = change.value
        if not isinstance(template, dict) or "kind" not in template:
            raise change.error(msg("'replace' needs a rule mapping with 'kind:'"), template)
        entry = self._policy_entry(rule_id, change)
        new: dict[str, Any] = {k: entry[k] for k in ("id", "severity", "weight", "applies_to",
                                                     "citation", "title") if k in entry}
        new["id"] = rule_id
        for key, value in template.items():
            m = re.fullmatch(r"\{([A-Za-z_]+)\}", value) if isinstance(value, str) else None
            if m:
                value = entry.get(m.group(1), _rule_value(self, rule_id, m.group(1), change))
            if value is not None:
                new[key] = value
        entry.clear()
        entry.update(new)

    def add_rule(self, change: Change) -> None:
        items = change.value if isinstance(change.value, list) else [change.value]
        policy = self._policy()
        for item in items:
            if not isinstance(item, dict) or "kind" not in item:
                raise change.error(msg("a rule is a mapping with 'kind:'"), item,
                                   msg("e.g. {id: cap, kind: max_abroad_per_week, max: 8}"))
            ids = [_item_id(e, i, f"{e.get('kind')}-") if isinstance(e, dict) else ""
                   for i, e in enumerate(policy)]
            rid = item.get("id")
            if rid is not None and str(rid) in ids:   # same id: override the school rule
                policy[ids.index(str(rid))] = item
            else:
                policy.append(item)
                if isinstance(policy, LList):
                    policy.item_lines.append(change.line or 0)

    # -- everything else -------------------------------------------------------------
    def apply(self, change: Change) -> None:
        segs = _segments(change)
        head, key = segs[0]
        if head in ("rules", "policy"):
            if key is None:
                if change.op != "add":
                    raise change.error(msg("name the rule: rules[ID]"), change.path)
                self.add_rule(change)
                return
            self.rule_change(change, key, segs[1:])
            return
        if change.op in ("disable", "enable"):
            raise change.error(msg("'{}' applies to rules: rules[ID]", change.op), change.path)
        node: Any = self.data
        schema = ""
        for depth, (name, sel) in enumerate(segs):
            _check_key(schema, name, change)
            schema = f"{schema}.{name}" if schema else name
            last = depth == len(segs) - 1
            if last and sel is None:
                self._leaf(node, name, change)
                return
            if name not in node or node[name] is None:
                if last or sel is not None:
                    if change.op == "add" and last:
                        node[name] = LList()
                        node[name].item_lines = []
                        self._leaf(node, name, change)
                        return
                    raise change.error(msg("'{}' is not in the base scenario",
                                           ".".join(n for n, _ in segs[:depth + 1])),
                                       change.path)
                node[name] = LDict()
                node[name].key_lines = {}
            child = node[name]
            if sel is not None:
                if not isinstance(child, list):
                    raise change.error(msg("'{}' is not a list", name), change.path)
                what = msg("student") if name == "students" else f"item of '{name}'"
                index = _select(child, sel, change, what)
                if last:
                    if change.op != "remove":
                        raise change.error(msg("'{}' is an item: name one of its fields, or "
                                               "remove it", change.path), change.path)
                    del child[index]
                    if isinstance(child, LList):
                        del child.item_lines[index:index + 1]
                    return
                child = child[index]
            if not isinstance(child, dict):
                raise change.error(msg("'{}' is not a mapping", name), change.path)
            node = child

    def _leaf(self, node: dict[str, Any], name: str, change: Change) -> None:
        if change.op == "set":
            _set_or_delete(node, name, change.value, change.scalar_text)
        elif change.op == "add":
            target = node.get(name)
            if target is None:
                target = node[name] = LList()
                target.item_lines = []
            if not isinstance(target, list):
                raise change.error(msg("'{}' is not a list: use '=' to set it", change.path),
                                   change.path)
            extra = change.value if isinstance(change.value, list) else [change.value]
            target.extend(extra)
            if isinstance(target, LList):
                target.item_lines.extend([change.line or 0] * len(extra))
        elif change.op == "at_most":
            node[name] = _at_most(node.get(name), change)
        else:
            raise change.error(msg("cannot {} '{}'", _OP_WORDS.get(change.op, change.op),
                                   change.path), change.path,
                               msg("remove takes an item: students[S03] or students-=S03"))


def _set_or_delete(node: dict[str, Any], name: str, value: Any,
                   scalar_text: str | None = None) -> None:
    if value is None:
        node.pop(name, None)
    else:
        node[name] = value
        if isinstance(node, LDict):
            texts = node.scalar_text = dict(node.scalar_text or {})
            if scalar_text is not None:
                texts[name] = scalar_text
            else:
                texts.pop(name, None)


def _at_most(current: Any, change: Change) -> Any:
    if isinstance(change.value, bool) or not isinstance(change.value, (int, float)):
        raise change.error(msg("'at_most' needs a number"), change.value)
    if current is None:
        return change.value
    if isinstance(current, bool) or not isinstance(current, (int, float)):
        raise change.error(msg("'{}' is not a number ({})", change.path, repr(current)), current)
    return min(current, change.value)


def _rule_value(app: _Applier, rule_id: str, param: str, change: Change) -> Any:
    for rule in app._programme(change).rules:
        if rule.id == rule_id:
            return getattr(rule, param, None)
    return None


@functools.lru_cache(maxsize=32)
def _model_data_cached(path: str) -> Any:
    return load_file(path)


def _model_data(path: str | None) -> Any:
    if path is None:
        raise InputError(msg("the programme has no model file"))
    return _model_data_cached(path)


# ---- built-in overlays ------------------------------------------------------------------

def overlays_dir() -> Path:
    from solver.core.model import data_dir

    return data_dir("overlays")


def builtin_overlays() -> list[str]:
    return sorted(p.stem for p in overlays_dir().glob("*.yaml"))


@dataclass
class BuiltinOverlay:
    """A situation the texts or the rectorates know, as changes (see overlays/*.yaml)."""

    id: str
    title: str
    scope: str                      # "students" (applied to chosen students) or "class"
    adjustment: str | None
    source: str
    citations: dict[str, str]
    reading: str | None
    changes: list[Change] = field(default_factory=list)


def load_builtin(name: str, change: Change | None = None) -> BuiltinOverlay:
    if name not in builtin_overlays():
        known = builtin_overlays()
        hint = suggest(name, known) or msg("built-in overlays: {}", ", ".join(known))
        if change is not None:
            raise change.error(msg("unknown built-in overlay '{}'", name), name, hint)
        raise InputError(msg("unknown built-in overlay '{}'", name), None, None, "apply", name,
                         hint)
    path = str(overlays_dir() / f"{name}.yaml")
    f = Fields(_model_data_cached(path), "", path)
    f.reject_unknown(("id", "title", "scope", "adjustment", "source", "citations", "reading",
                      "changes", "note"))
    citations = {str(k): str(v) for k, v in (f.raw("citations", {}) or {}).items()}
    return BuiltinOverlay(f.str("id"), f.str("title"), f.str("scope", choices=("students",
                          "class")), f.str("adjustment", None), f.str("source"), citations,
                          f.str("reading", None), parse_changes(f))


def _expand_apply(change: Change, app: _Applier) -> list[Change]:
    overlay = load_builtin(change.path, change)
    if overlay.scope == "students" and not change.students:
        raise change.error(msg("'{}' applies to chosen students", overlay.id), change.path,
                           msg("e.g. apply={}[S01,S02]", overlay.id))
    if overlay.scope == "class" and change.students:
        raise change.error(msg("'{}' applies to the whole class, not to students", overlay.id),
                           change.path)
    if overlay.adjustment:
        programme = app._programme(change)
        if overlay.adjustment not in programme.adjustments:
            raise change.error(msg("{} does not provide '{}'", programme.short,
                                   overlay.adjustment),
                               change.path, msg("accepted: {}", ", ".join(programme.adjustments)))
    out: list[Change] = []
    targets = change.students or ("",)
    for student in targets:
        for inner in overlay.changes:
            # the built-in overlay's changes act as if written at the apply line
            out.append(Change(inner.op, inner.path.replace("{student}", student),
                              inner.value, change.file, change.line, change.field,
                              inner.students, optional=True))
    return out


# ---- resolution --------------------------------------------------------------------------

def apply_changes(data: dict[str, Any], changes: list[Change],
                  base_dir: Path | None) -> dict[str, Any]:
    """A deep copy of ``data`` with ``changes`` applied in order (raises InputError)."""
    out = copy.deepcopy(data)
    app = _Applier(out, base_dir)
    for change in changes:
        if change.op == "apply":
            for inner in _expand_apply(change, app):
                app.apply(inner)
        else:
            app.apply(change)
    return out
