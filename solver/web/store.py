"""The data folder of the web page: named scenarios, each kept as numbered versions.

A scenario name is a validated slug (``bts-ci-2025``) chosen by the user; it maps to
the folder ``DATA/<slug>/`` and each save writes the next ``NNNN.yaml`` atomically
(temporary file + hard link, so two saves can never take the same number and nothing a
user saved is ever overwritten). No other path from a request reaches the filesystem.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from solver.core.errors import InputError, msg

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
VERSION_RE = re.compile(r"^(\d{4,6})\.yaml$")


def slugify(text: str) -> str:
    """A slug from free text (file names, labels): lower-case ASCII words joined by '-'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    plain = re.sub(r"\.(ya?ml|json)$", "", plain.strip(), flags=re.I)
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:63].strip("-")
    return slug or "classe"


def check_slug(name: str) -> str:
    if not SLUG_RE.match(name):
        raise InputError(msg("'{}' is not a valid scenario name", name[:80]), field="name",
                         value=name[:80],
                         hint=msg("lower-case letters, digits and '-', 1 to 63 characters"))
    return name


@dataclass(frozen=True)
class Version:
    name: str
    number: int
    path: Path
    mtime: float
    author: str = ""


class Store:
    """Scenario versions under one data folder."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def names(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir()
                      if p.is_dir() and SLUG_RE.match(p.name) and self.versions(p.name))

    def versions(self, name: str) -> list[Version]:
        folder = self.root / check_slug(name)
        if not folder.is_dir():
            return []
        out = []
        for p in folder.iterdir():
            m = VERSION_RE.match(p.name)
            if m and p.is_file():
                out.append(Version(name, int(m.group(1)), p, p.stat().st_mtime,
                                   _author(p)))
        return sorted(out, key=lambda v: v.number)

    def get(self, name: str, number: int | None = None) -> Version | None:
        versions = self.versions(name)
        if not versions:
            return None
        if number is None:
            return versions[-1]
        for v in versions:
            if v.number == number:
                return v
        return None

    def read(self, version: Version) -> str:
        return version.path.read_text(encoding="utf-8")

    def save(self, name: str, text: str, author: str = "") -> Version:
        """Write ``text`` as the next version of ``name``; never replaces an existing file.
        ``author`` (who saved it) is kept beside it, in ``NNNN.meta.json``."""
        folder = self.root / check_slug(name)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".new.", suffix=".tmp", dir=str(folder))
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(text.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
            while True:
                existing = self.versions(name)
                number = (existing[-1].number + 1) if existing else 1
                target = folder / f"{number:04d}.yaml"
                try:
                    os.link(tmp, target)  # fails if the number was taken meanwhile
                    break
                except FileExistsError:
                    continue
            if author:
                _write_meta(target, {"author": author})
        finally:
            os.unlink(tmp)
        return Version(name, number, target, target.stat().st_mtime, author)

    def save_after(self, name: str, text: str, after: int, author: str = "") -> Version | None:
        """Write ``text`` as version ``after + 1`` only; None if that number is taken (someone
        saved meanwhile), so an edit is never applied on top of a version it did not see.
        ``author`` is kept beside it like ``save``'s."""
        folder = self.root / check_slug(name)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{after + 1:04d}.yaml"
        fd, tmp = tempfile.mkstemp(prefix=".new.", suffix=".tmp", dir=str(folder))
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(text.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(tmp, target)
            except FileExistsError:
                return None
            if author:
                _write_meta(target, {"author": author})
        finally:
            os.unlink(tmp)
        return Version(name, after + 1, target, target.stat().st_mtime, author)

    def free_name(self, wanted: str) -> str:
        """``wanted`` if no scenario has it yet, else ``wanted-2``, ``wanted-3``..."""
        base = slugify(wanted)[:56].strip("-") or "classe"
        if not self.versions(base):
            return base
        n = 2
        while self.versions(f"{base}-{n}"):
            n += 1
        return f"{base}-{n}"


def _meta_path(version_file: Path) -> Path:
    return version_file.with_name(version_file.stem + ".meta.json")


def _write_meta(version_file: Path, meta: dict[str, str]) -> None:
    import json

    path = _meta_path(version_file)
    fd, tmp = tempfile.mkstemp(prefix=".new.", suffix=".tmp", dir=str(path.parent))
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(meta, fh)
    os.replace(tmp, path)


def _author(version_file: Path) -> str:
    """Who saved a version ('' when not recorded: saved before accounts existed)."""
    import json

    try:
        data = json.loads(_meta_path(version_file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    author = data.get("author") if isinstance(data, dict) else None
    return author[:64] if isinstance(author, str) else ""
