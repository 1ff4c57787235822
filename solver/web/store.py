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

from ..errors import InputError

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
        raise InputError(f"'{name[:80]}' is not a valid scenario name", field="name",
                         value=name[:80],
                         hint="lower-case letters, digits and '-', 1 to 63 characters")
    return name


@dataclass(frozen=True)
class Version:
    name: str
    number: int
    path: Path
    mtime: float


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
                out.append(Version(name, int(m.group(1)), p, p.stat().st_mtime))
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

    def save(self, name: str, text: str) -> Version:
        """Write ``text`` as the next version of ``name``; never replaces an existing file."""
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
        finally:
            os.unlink(tmp)
        return Version(name, number, target, target.stat().st_mtime)

    def save_after(self, name: str, text: str, after: int) -> Version | None:
        """Write ``text`` as version ``after + 1`` only; None if that number is taken (someone
        saved meanwhile), so an edit is never applied on top of a version it did not see."""
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
        finally:
            os.unlink(tmp)
        return Version(name, after + 1, target, target.stat().st_mtime)

    # A class is deleted by archiving it: a marker file hides it from the list of
    # classes; every version stays where it was, so restoring it loses nothing.
    ARCHIVED = "ARCHIVED"

    def archived(self, name: str) -> bool:
        return (self.root / check_slug(name) / self.ARCHIVED).is_file()

    def archive(self, name: str) -> None:
        marker = self.root / check_slug(name) / self.ARCHIVED
        if self.versions(name) and not marker.exists():
            marker.write_text("archived from the web page; delete this file to restore\n",
                              encoding="utf-8")

    def unarchive(self, name: str) -> None:
        marker = self.root / check_slug(name) / self.ARCHIVED
        if marker.is_file():
            marker.unlink()

    def free_name(self, wanted: str) -> str:
        """``wanted`` if no scenario has it yet, else ``wanted-2``, ``wanted-3``..."""
        base = slugify(wanted)[:56].strip("-") or "classe"
        if not self.versions(base):
            return base
        n = 2
        while self.versions(f"{base}-{n}"):
            n += 1
        return f"{base}-{n}"
