"""Safe YAML/JSON loading that remembers where every value came from.

Only PyYAML's SafeLoader is used (no tags that build Python objects). Mappings and
sequences come back as ``LDict``/``LList``, which carry the line of each key and
item, so validation errors can name the line a user has to fix. JSON files are read
with the same loader (JSON is YAML's flow style), which gives them line numbers too.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

MAX_INPUT_BYTES = 5 * 1024 * 1024


class LDict(dict[str, Any]):
    """A mapping read from a file, with the 1-based line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]
    file: str | None = None
    # the source text of plain scalars YAML 1.1 read as something else than text
    # (``country: NO`` is false, ``id: 010`` is 8): fields typed as text read it back
    scalar_text: dict[str, str] | None = None

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def text_of(self, key: str) -> str | None:
        return self.scalar_text.get(key) if self.scalar_text else None


class LList(list[Any]):
    """A sequence read from a file, with the 1-based line of itself and of each item."""

    line: int = 0
    item_lines: list[int]
    file: str | None = None
    item_text: dict[int, str] | None = None   # as LDict.scalar_text, by index

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line

    def text_of(self, index: int) -> str | None:
        return self.item_text.get(index) if self.item_text else None


def _plain_text(node: yaml.Node, value: Any) -> str | None:
    """The text of a plain (unquoted) scalar that YAML did not read as text."""
    if isinstance(node, yaml.ScalarNode) and node.style is None and \
            isinstance(value, (bool, int, float)):
        return str(node.value)
    return None


_DATE_RE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_FR_DATE_RE = re.compile(r"^\d{1,2}([/.-])\d{1,2}\1\d{4}$")


class _Loader(yaml.SafeLoader):
    """SafeLoader building LDict/LList and refusing duplicate keys and bad dates."""

    filename: str | None = None


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LDict:
    result = LDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.file = loader.filename
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise InputError(
                "a key must be a plain word", loader.filename, key_node.start_mark.line + 1
            )
        key = _plain_text(key_node, key) or str(key)   # a key ``NO:`` stays "NO"
        if key in result:
            raise InputError(
                f"key '{key}' appears twice in the same mapping",
                loader.filename,
                key_node.start_mark.line + 1,
                key,
                hint="keep only one",
            )
        try:
            result[key] = value = loader.construct_object(value_node, deep=True)
        except InputError as exc:   # e.g. a date that does not exist: name its field
            if exc.field is None:
                exc.field = key
            raise
        text = _plain_text(value_node, value)
        if text is not None:
            if result.scalar_text is None:
                result.scalar_text = {}
            result.scalar_text[key] = text
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    result = LList(loader.construct_object(child, deep=True) for child in node.value)
    texts = {i: t for i, (child, value) in enumerate(zip(node.value, result, strict=True))
             if (t := _plain_text(child, value)) is not None}
    result.item_text = texts or None
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    result.file = loader.filename
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    text = loader.construct_scalar(node)
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise InputError(
            f"'{text}' is not a real date ({exc})",
            loader.filename,
            node.start_mark.line + 1,
            value=text,
            hint="write dates as YYYY-MM-DD",
        ) from None


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_text(text: str, filename: str | None = None) -> Any:
    """Parse YAML (or JSON) text into LDict/LList/scalars, raising InputError."""
    try:
        loader = _Loader(text)  # the reader rejects control characters right here
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML/JSON: {exc}".replace("\n", " "), filename,
                         hint="remove the control characters") from None
    loader.filename = filename
    try:
        return loader.get_single_data()
    except InputError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or str(exc)
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
            problem = f"{problem}; tags that build objects are not allowed"
        raise InputError(f"not valid YAML/JSON: {problem}", filename, line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML/JSON: {exc}", filename) from None
    finally:
        loader.dispose()


def load_file(path: str | Path) -> Any:
    """Read a UTF-8 YAML or JSON file, with clear errors for missing, huge or binary files."""
    p = Path(path)
    name = str(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", name) from None
    except IsADirectoryError:
        raise InputError("this is a folder, not a file", name) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", name) from None
    return load_bytes(raw, name)


def load_bytes(raw: bytes, name: str) -> Any:
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"file is larger than {MAX_INPUT_BYTES // 1024 // 1024} MiB", name)
    if b"\x00" in raw:
        raise InputError("this is a binary file, not YAML or JSON text", name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})", name, hint="save the file as UTF-8"
        ) from None
    return load_text(text, name)


def plain(value: Any) -> Any:
    """Loaded YAML (LDict/LList, keys of any type) as plain dicts and lists with str keys,
    for writing back with ``yaml.safe_dump``."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def parse_date(value: Any) -> dt.date | None:
    """A date from YAML (already a date) or JSON (an ISO string); None if it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(
                "-".join(p.zfill(2) for p in value.strip().split("-"))
            )
        except ValueError:
            return None
    if isinstance(value, str) and _FR_DATE_RE.match(value.strip()):
        # the French way a coordinator types a date: JJ/MM/AAAA (also JJ.MM.AAAA, JJ-MM-AAAA)
        day, month, year = (int(p) for p in re.split(r"[/.-]", value.strip()))
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None
