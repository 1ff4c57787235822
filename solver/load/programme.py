"""Reading a programme model: its rules and its default school policy, parsed
into rule kinds (the data model itself does not import rule kinds)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from solver.core.errors import InputError, msg
from solver.core.fields import Fields, suggest
from solver.core.model import ADJUSTMENTS, ROUTES, Programme, builtin_models, models_dir
from solver.core.yamlload import load_file
from solver.rules.base import Rule, parse_rule, with_changes


@functools.lru_cache(maxsize=64)
def _load_programme_cached(path: str) -> Programme:
    return parse_programme(load_file(path), path)


def load_programme(ref: str, base: Path | None = None, file: str | None = None,
                   line: int | None = None) -> Programme:
    """A programme by built-in id (``bts-ci``) or by path to a model file."""
    if ref in builtin_models():
        return _load_programme_cached(str(models_dir() / f"{ref}.yaml"))
    if ref.endswith((".yaml", ".yml", ".json")):
        p = Path(ref)
        if not p.is_absolute() and base is not None:
            p = base / p
        if not p.exists():
            raise InputError(msg("model file '{}' not found", ref), file, line, "programme", ref)
        return _load_programme_cached(str(p.resolve()))
    hint = suggest(ref, builtin_models()) or msg("known: {}", ", ".join(builtin_models()))
    raise InputError(msg("unknown programme '{}'", ref), file, line, "programme", ref, hint)


def parse_programme(data: Any, file: str | None) -> Programme:
    f = Fields(data, "", file)
    f.reject_unknown(["id", "title", "short", "source", "sources", "routes", "adjustments",
                      "rules", "notes", "policy", "replaced_by"])
    f.str_list("sources", [])   # files of the texts cited, relative to the model (tests)
    routes = _named_map(f, "routes", ROUTES)
    adjustments = _named_map(f, "adjustments", ADJUSTMENTS)
    short = f.str("short", f.str("id"))
    seen: dict[str, int | None] = {}   # one id space for the rules and the policy

    def rule_list(key: str) -> list[Rule]:
        out: list[Rule] = []
        for i, item, line in f.items(key):
            rule = parse_rule(item, f"{key}[{i}]", file, line, short,
                              tuple(routes), tuple(adjustments))
            if rule.id in seen:
                raise InputError(msg("rule id '{}' is used twice (first at line {})", rule.id,
                                     seen[rule.id]), file, line, f"{key}[{i}].id", rule.id)
            seen[rule.id] = line
            out.append(rule)
        return out

    rules = rule_list("rules")
    policy = [with_changes(r, school_policy=True) for r in rule_list("policy")]
    notes = [str(n) for n in f.list("notes", [])]
    return Programme(id=f.str("id"), title=f.str("title"), short=short,
                     source=f.str("source", ""), routes=routes, adjustments=adjustments,
                     rules=rules, file=file, notes=notes, policy=policy,
                     replaced_by=f.str("replaced_by", None))


# the kind of a name inside a message (« voie inconnue », « aménagement inconnu »)
_KIND_WORDS = {"route": msg("route"), "adjustment": msg("adjustment")}


def _named_map(f: Fields, key: str, allowed: tuple[str, ...]) -> dict[str, str]:
    raw = f.raw(key)
    out: dict[str, str] = {}
    if isinstance(raw, list):
        names = f.str_list(key, choices=allowed)
        return {n: n for n in names}
    g = f.sub(key)
    for name in raw:
        if name not in allowed:
            hint = suggest(name, allowed) or msg("known: {}", ", ".join(allowed))
            raise g.error(name, msg("unknown {} '{}'", _KIND_WORDS.get(key[:-1], key[:-1]), name),
                          name, hint)
        value = raw[name]
        out[name] = str(value.get("label", name)) if isinstance(value, dict) else str(value)
    return out
