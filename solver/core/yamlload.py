"""Safe YAML/JSON loading that remembers where every value came from.

Only PyYAML's SafeLoader is used (no tags that build Python objects). Mappings and
sequences come back as ``LDict``/``LList``, which carry the line of each key and
item, so validation errors can name the line a user has to fix. JSON files are read
with the same loader (JSON is YAML's flow style), which gives them line numbers too.

Untrusted files are bounded before they can cost much: the size is checked before
reading (FIFOs and devices are refused), nesting is limited while composing (no
recursion error), numbers longer than any field can hold and non-finite floats are
refused, surrogate escapes (``"\\ud83d\\ude00"``, as ``json.dumps`` writes an emoji)
are joined into their character or refused when alone, and the tree the validator will
walk (aliases expanded) is capped in values and characters, so an alias bomb is an
error and not gigabytes of output.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from solver.core.errors import InputError, msg

MAX_INPUT_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 50            # nested mappings/lists; a real class file uses fewer than 10
MAX_VALUES = 200_000      # values the validator walks, aliases expanded (the web's cap)
MAX_CHARS = 4 * MAX_INPUT_BYTES   # characters of text, aliases expanded
MAX_NUMBER_CHARS = 40     # no field holds a number with more digits than this


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
    # plain: style None (PyYAML's parser) or "" (libyaml's)
    if isinstance(node, yaml.ScalarNode) and not node.style and \
            isinstance(value, (bool, int, float)):
        return str(node.value)
    return None


_DATE_RE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_FR_DATE_RE = re.compile(r"^\d{1,2}([/.-])\d{1,2}\1\d{4}$")


class _Loader(yaml.SafeLoader):
    """SafeLoader building LDict/LList and refusing duplicate keys and bad dates."""

    filename: str | None = None
    depth: int = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # the composer recurses once per level: bound it before Python's stack does
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise InputError(msg("values are nested more than {} levels deep", MAX_DEPTH),
                                 self.filename, mark.line + 1,
                                 hint=msg("a class file needs only a few levels"))
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    text = loader.construct_scalar(node)
    if not _SURROGATE_RE.search(text):
        return text
    try:   # escaped UTF-16 pairs, as json.dumps writes characters beyond U+FFFF
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        lone = _SURROGATE_RE.search(text)
        code = f"\\u{ord(lone.group()):04x}" if lone else "\\u"
        raise InputError(msg("the escape {} is half of a character (a lone surrogate)", code),
                         loader.filename, node.start_mark.line + 1,
                         hint=msg("write the character itself, or both halves of the pair")
                         ) from None


def _number_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    text = loader.construct_scalar(node)
    if len(text) > MAX_NUMBER_CHARS:
        raise InputError(msg("a number of {} characters is far too large", len(text)),
                         loader.filename, node.start_mark.line + 1, value=text[:20] + "...",
                         hint=msg("no field takes a number of more than a few digits"))
    return text


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> Any:
    _number_text(loader, node)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> Any:
    text = _number_text(loader, node)
    value = yaml.SafeLoader.construct_yaml_float(loader, node)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(msg("'{}' is not a finite number", text), loader.filename,
                         node.start_mark.line + 1, value=text,
                         hint=msg("write an ordinary number such as 3 or 2.5"))
    return value


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
                msg("a key must be a plain word"), loader.filename, key_node.start_mark.line + 1
            )
        key = _plain_text(key_node, key) or str(key)   # a key ``NO:`` stays "NO"
        if key in result:
            raise InputError(
                msg("key '{}' appears twice in the same mapping", key),
                loader.filename,
                key_node.start_mark.line + 1,
                key,
                hint=msg("keep only one"),
            )
        try:
            result[key] = value = loader.construct_object(value_node, deep=True)
        except InputError as exc:   # e.g. a date that does not exist: name its field
            _prefix_field(exc, key)
            raise
        text = _plain_text(value_node, value)
        if text is not None:
            if result.scalar_text is None:
                result.scalar_text = {}
            result.scalar_text[key] = text
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _prefix_field(exc: InputError, part: str) -> None:
    """Grow the field of an error raised inside a value, on its way out, into the path
    validation errors use: ``students[0].periods[1].from``."""
    if not exc.field:
        exc.field = part
    elif exc.field.startswith("["):
        exc.field = part + exc.field
    else:
        exc.field = f"{part}.{exc.field}"


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    result = LList()
    for i, child in enumerate(node.value):
        try:
            result.append(loader.construct_object(child, deep=True))
        except InputError as exc:
            _prefix_field(exc, f"[{i}]")
            raise
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
            msg("'{}' is not a real date ({})", text, exc),
            loader.filename,
            node.start_mark.line + 1,
            value=text,
            hint=msg("write dates as YYYY-MM-DD"),
        ) from None


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def check_size(data: Any, name: str | None, max_values: int = MAX_VALUES,
               max_chars: int = MAX_CHARS) -> None:
    """Refuse a tree that is bigger than its file once aliases are expanded (an alias
    bomb): at most ``max_values`` values and ``max_chars`` characters of text. The walk
    stops as soon as a limit is passed, so it costs at most the limit."""
    values = chars = 0
    stack = [data]
    while stack:
        item = stack.pop()
        values += 1
        if isinstance(item, dict):
            stack.extend(item.values())
            for key in item:
                chars += len(key) if isinstance(key, str) else 1
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            chars += len(item)
        if values > max_values:
            raise InputError(msg("the file describes more than {} values", max_values), name,
                             hint=msg("YAML anchors and aliases may have multiplied them"))
        if chars > max_chars:
            raise InputError(msg("the file holds more than {} characters of text", max_chars),
                             name, hint=msg("YAML anchors and aliases may have multiplied them"))


# ---- the fast path: libyaml's parser where it is installed ---------------------------
#
# PyYAML's C parser (libyaml) builds the same nodes, with the same line marks, ten times
# faster than the Python one; the values are built by the same constructors as above, so
# the tree (LDict/LList, their lines, the text of plain scalars) is the same. Anything
# it does not accept as it is (an error of any kind, a control character, nesting
# deeper than MAX_DEPTH) is read again by the line-tracking loader above, whose message
# is the one the user gets: errors stay exactly as they were.

try:
    from yaml.cyaml import CParser as _CParserClass  # type: ignore[attr-defined]
    _CParser: Any = _CParserClass
except ImportError:   # PyYAML built without libyaml
    _CParser = None
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE


class _CLoader(*((_CParser,) if _CParser is not None else ()),   # type: ignore[misc]
               yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """libyaml's parser with ``_Loader``'s constructors."""

    yaml_constructors = _Loader.yaml_constructors
    filename: str | None = None

    def __init__(self, stream: str) -> None:
        _CParser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._tags: dict[tuple[Any, str, Any], str] = {}

    def resolve(self, kind: Any, value: str, implicit: Any) -> str:
        # libyaml asks the tag of every scalar; a class file repeats its values (dates,
        # places, countries) and the answer depends on nothing else (no path resolvers)
        key = (kind, value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = self._tags[key] = super().resolve(kind, value, implicit)
        return tag


def _too_deep(node: yaml.Node) -> bool:
    """Whether collections nest more than MAX_DEPTH levels (level by level: an alias
    bomb's shared nodes are counted once a level)."""
    level: dict[int, yaml.Node] = {id(node): node}
    for _ in range(MAX_DEPTH):
        below: dict[int, yaml.Node] = {}
        for item in level.values():
            if isinstance(item, yaml.SequenceNode):
                below.update((id(c), c) for c in item.value)
            elif isinstance(item, yaml.MappingNode):
                for k, v in item.value:
                    below.update(((id(k), k), (id(v), v)))
        if not below:
            return False
        level = below
    return True


class _Unusual(Exception):
    """A node ``_Build`` leaves to PyYAML's constructors."""


_STR, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
_MAP, _SEQ = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, \
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_SCALARS = {_INT, "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"}
_SIMPLE_INT = re.compile(r"^-?(?:0|[1-9][0-9]{0,17})$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class _Build:
    """The tree ``loader.construct_document(node)`` builds, built by walking the nodes
    directly (PyYAML's construction machinery was most of the reading of a large class
    file, issue 19): the same LDict/LList with the same lines and texts, a node reached
    twice (an alias) built once, each scalar by the constructor ``_Loader`` registers
    for its tag (a plain int or ISO date inline, as those give them). A merge key or a
    tag other than those of ``_Loader`` raises ``_Unusual``; any error is the caller's
    cue to read the file again the slow way."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.done: dict[int, Any] = {}
        self.constructors = loader.yaml_constructors

    def value(self, node: yaml.Node) -> Any:
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            text = node.value
            if tag == _STR:
                return _construct_str(self.loader, node) if _SURROGATE_RE.search(text) else text
            if tag not in _SCALARS:
                raise _Unusual(tag)
            if tag == _INT and _SIMPLE_INT.match(text):
                return int(text)
            if tag == "tag:yaml.org,2002:timestamp" and _ISO_DATE.match(text):
                return dt.date.fromisoformat(text)
            return self.constructors[tag](self.loader, node)
        done = self.done.get(id(node))
        if done is not None:
            return done
        if tag == _MAP and isinstance(node, yaml.MappingNode):
            return self.mapping(node)
        if tag == _SEQ and isinstance(node, yaml.SequenceNode):
            return self.sequence(node)
        raise _Unusual(tag)

    def mapping(self, node: yaml.MappingNode) -> LDict:
        result = LDict()
        self.done[id(node)] = result
        result.line = node.start_mark.line + 1
        result.key_lines = lines = {}
        result.file = self.loader.filename
        value_of = self.value
        for key_node, value_node in node.value:
            if key_node.tag != _STR or not isinstance(key_node, yaml.ScalarNode):
                key = value_of(key_node)   # a merge key, a number: ``_Unusual`` or a test
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    raise _Unusual("key")
                key = _plain_text(key_node, key) or str(key)
            else:
                key = value_of(key_node)
            if key in result:
                raise _Unusual("twice")
            result[key] = value = value_of(value_node)
            if isinstance(value, (bool, int, float)) and \
                    isinstance(value_node, yaml.ScalarNode) and not value_node.style:
                if result.scalar_text is None:
                    result.scalar_text = {}
                result.scalar_text[key] = str(value_node.value)
            lines[key] = key_node.start_mark.line + 1
        return result

    def sequence(self, node: yaml.SequenceNode) -> LList:
        result = LList()
        self.done[id(node)] = result
        value_of = self.value
        texts: dict[int, str] = {}
        for i, child in enumerate(node.value):
            value = value_of(child)
            result.append(value)
            if isinstance(value, (bool, int, float)) and \
                    isinstance(child, yaml.ScalarNode) and not child.style:
                texts[i] = str(child.value)
        result.item_text = texts or None
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        result.file = self.loader.filename
        return result


def _load_fast(text: str, filename: str | None) -> tuple[bool, Any]:
    """(True, the data) when libyaml reads ``text`` cleanly, else (False, None)."""
    if _CParser is None or _NON_PRINTABLE.search(text):
        return False, None
    try:
        loader = _CLoader(text)
    except Exception:   # noqa: BLE001 (the line-tracking loader says what is wrong)
        return False, None
    loader.filename = filename
    try:
        node = loader.get_single_node()
        if node is None:
            return True, None
        if _too_deep(node):
            return False, None
        try:
            data = _Build(loader).value(node)
        except _Unusual:   # merge keys, other tags: PyYAML's constructors build it
            data = loader.construct_document(node)
        check_size(data, filename)
        return True, data
    except Exception:   # noqa: BLE001 (idem: read again for the exact message)
        return False, None
    finally:
        loader.dispose()


def load_text(text: str, filename: str | None = None) -> Any:
    """Parse YAML (or JSON) text into LDict/LList/scalars, raising InputError: with
    libyaml where it is installed, else (and to report any error) the loader above."""
    ok, data = _load_fast(text, filename)
    if ok:
        return data
    try:
        loader = _Loader(text)  # the reader rejects control characters right here
    except yaml.YAMLError as exc:
        raise InputError(msg("not valid YAML/JSON: {}", str(exc).replace("\n", " ")), filename,
                         hint=msg("remove the control characters")) from None
    loader.filename = filename
    try:
        data = loader.get_single_data()
        check_size(data, filename)
        return data
    except InputError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or str(exc)
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
            problem = f"{problem}; tags that build objects are not allowed"
        raise InputError(msg("not valid YAML/JSON: {}", problem), filename, line) from None
    except yaml.YAMLError as exc:
        raise InputError(msg("not valid YAML/JSON: {}", exc), filename) from None
    finally:
        loader.dispose()


def load_file(path: str | Path) -> Any:
    """Read a UTF-8 YAML or JSON file, with clear errors for missing, huge or binary files."""
    p = Path(path)
    name = str(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):   # opening a FIFO would wait for a writer
            raise InputError(msg("this is not a regular file (a pipe, a device or a socket)"),
                             name, hint=msg("save the class in a file and give its name"))
        if info.st_size > MAX_INPUT_BYTES:   # refused before reading a byte of it
            raise InputError(msg("file is larger than {} MiB", MAX_INPUT_BYTES // 1024 // 1024),
                             name)
        with open(p, "rb", opener=_open_nonblocking) as fh:
            raw = fh.read(MAX_INPUT_BYTES + 1)   # it may have grown since stat
    except FileNotFoundError:
        raise InputError(msg("file not found"), name) from None
    except IsADirectoryError:
        raise InputError(msg("this is a folder, not a file"), name) from None
    except OSError as exc:
        raise InputError(msg("cannot read the file: {}", exc.strerror), name) from None
    return load_bytes(raw, name)


def _open_nonblocking(path: str, flags: int) -> int:
    # should the file be swapped for a FIFO between stat and open, do not wait on it
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def load_bytes(raw: bytes, name: str) -> Any:
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(msg("file is larger than {} MiB", MAX_INPUT_BYTES // 1024 // 1024), name)
    if b"\x00" in raw:
        raise InputError(msg("this is a binary file, not YAML or JSON text"), name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            msg("not UTF-8 text (byte {})", exc.start), name, hint=msg("save the file as UTF-8")
        ) from None
    return load_text(text, name)


def load_json(raw: bytes | str, name: str) -> Any:
    """A JSON document that is not a class file (a web request's envelope), with the
    limits of ``load_text``: nesting, long numbers, NaN/Infinity, lone surrogates and
    size are an ``InputError``, never a ``RecursionError`` or a ``ValueError``."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise InputError(msg("not UTF-8 text (byte {})", exc.start), name) from None

    def number(kind: type) -> Any:
        def parse(token: str) -> Any:
            if len(token) > MAX_NUMBER_CHARS:
                raise InputError(msg("a number of {} characters is far too large", len(token)),
                                 name)
            return kind(token)
        return parse

    def constant(token: str) -> Any:
        raise InputError(msg("'{}' is not a finite number", token), name)

    try:
        data = json.loads(text, parse_int=number(int), parse_float=number(float),
                          parse_constant=constant)
    except RecursionError:
        raise InputError(msg("values are nested more than {} levels deep", MAX_DEPTH),
                         name) from None
    except json.JSONDecodeError as exc:
        raise InputError(msg("not valid JSON: {}", exc.msg), name, exc.lineno,
                         hint=msg("the body is not JSON")) from None
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(msg("values are nested more than {} levels deep", MAX_DEPTH), name)
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
            stack.extend((k, depth + 1) for k in item)
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, str) and _SURROGATE_RE.search(item):
            lone = _SURROGATE_RE.search(item)
            code = f"\\u{ord(lone.group()):04x}" if lone else "\\u"
            raise InputError(msg("the escape {} is half of a character (a lone surrogate)", code),
                             name, hint=msg("write the character itself, or both halves of "
                                            "the pair"))
    check_size(data, name)
    return data


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
