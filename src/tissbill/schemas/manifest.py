"""The schema manifest: which files make each official TISS release and their SHA-256.

The manifest lives at the repository root (``schemas/manifest.json``) and is copied into the
wheel as ``tissbill/schemas/manifest.json``; :func:`load_manifest` finds it in either place.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from tissbill.errors import ManifestError
from tissbill.versions import TissVersion

MANIFEST_NAME = "manifest.json"
# src/tissbill/schemas/manifest.py -> repository root, for editable installs and checkouts.
_CHECKOUT_MANIFEST = Path(__file__).resolve().parents[3] / "schemas" / MANIFEST_NAME


def lf_sha256(data: bytes) -> str:
    """SHA-256 (hex) of ``data`` with every carriage return removed.

    ANS publishes CRLF files and copies often end up with LF; removing CR makes both
    spellings of the same official file hash alike.
    """
    return hashlib.sha256(data.replace(b"\r", b"")).hexdigest()


@dataclass(frozen=True, slots=True)
class SchemaFile:
    """One XSD file of a release: its exact name and its :func:`lf_sha256` digest."""

    name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class SchemaSource:
    """Where ANS publishes a release."""

    page: str
    zip_name: str | None
    zip_url: str | None
    note: str


@dataclass(frozen=True, slots=True)
class SchemaRelease:
    """The official XSD set of one TISS version."""

    version: TissVersion
    root: str
    files: tuple[SchemaFile, ...]
    source: SchemaSource
    valid_from: date | None
    valid_until: date | None
    validity_note: str

    @property
    def names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.files)

    def file(self, name: str) -> SchemaFile | None:
        """The manifest entry called ``name``, or None."""
        return next((f for f in self.files if f.name == name), None)


@dataclass(frozen=True, slots=True)
class Manifest:
    """Every release tissbill knows, plus the names it deliberately ignores in ANS packages."""

    releases: tuple[SchemaRelease, ...]
    ignore_patterns: tuple[str, ...]

    def release(self, version: TissVersion | str) -> SchemaRelease:
        wanted = TissVersion.parse(version)
        for release in self.releases:
            if release.version is wanted:
                return release
        raise ManifestError(f"O manifesto de schemas não descreve a versão {wanted.value}.")

    def matches(self, digest: str) -> list[tuple[SchemaRelease, SchemaFile]]:
        """Every (release, file) whose digest is ``digest``; shared files match several releases."""
        return [(r, f) for r in self.releases for f in r.files if f.sha256 == digest]

    def is_ignored(self, name: str) -> bool:
        """True for files ANS ships next to the TISS schemas that tissbill does not use."""
        lowered = name.lower()
        return any(fnmatch.fnmatchcase(lowered, p.lower()) for p in self.ignore_patterns)

    @property
    def known_names(self) -> frozenset[str]:
        return frozenset(name for r in self.releases for name in r.names)


def _read_manifest_text() -> str:
    packaged = resources.files("tissbill.schemas").joinpath(MANIFEST_NAME)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    try:
        return _CHECKOUT_MANIFEST.read_text(encoding="utf-8")
    except OSError:
        raise ManifestError(
            "Manifesto de schemas não encontrado (nem no pacote instalado nem em "
            f"{_CHECKOUT_MANIFEST}); reinstale o tissbill."
        ) from None


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _release(version: str, raw: Mapping[str, Any]) -> SchemaRelease:
    source = raw["source"]
    files = tuple(SchemaFile(name, digest) for name, digest in sorted(raw["files"].items()))
    release = SchemaRelease(
        version=TissVersion.parse(version),
        root=raw["root"],
        files=files,
        source=SchemaSource(
            page=source["page"],
            zip_name=source.get("zip_name"),
            zip_url=source.get("zip_url"),
            note=source.get("note", ""),
        ),
        valid_from=_date(raw.get("valid_from")),
        valid_until=_date(raw.get("valid_until")),
        validity_note=raw.get("validity_note", ""),
    )
    if release.root not in release.names:
        raise ManifestError(
            f"Manifesto inválido: raiz {release.root} fora da lista da versão {version}."
        )
    return release


def parse_manifest(text: str) -> Manifest:
    """Build a :class:`Manifest` from the JSON ``text``, raising :class:`ManifestError`."""
    try:
        raw = json.loads(text)
        releases = tuple(_release(v, r) for v, r in sorted(raw["versions"].items()))
        patterns = tuple(raw.get("ignore", {}).get("patterns", ()))
    except ManifestError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ManifestError(f"Manifesto de schemas inválido: {exc!r}") from None
    missing = [v.value for v in TissVersion if v not in {r.version for r in releases}]
    if missing:
        raise ManifestError(f"Manifesto de schemas sem as versões: {', '.join(missing)}.")
    return Manifest(releases=releases, ignore_patterns=patterns)


@cache
def load_manifest() -> Manifest:
    """The manifest shipped with tissbill (read once per process)."""
    return parse_manifest(_read_manifest_text())
