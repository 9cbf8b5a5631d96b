"""The schema store: one folder per TISS version holding the official XSD files.

Layout: ``<root>/<version>/<file>.xsd`` (e.g. ``<root>/4.03.00/tissV4_03_00.xsd``). The root is
the ``root`` argument, else the ``TISSBILL_SCHEMAS`` environment variable, else
``user_data_dir("tissbill")/schemas``.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tissbill.errors import SchemaNotInstalledError
from tissbill.schemas.location import ENV_VAR, default_store_root, store_root
from tissbill.schemas.manifest import SchemaRelease, lf_sha256, load_manifest
from tissbill.versions import TissVersion

__all__ = [
    "ENV_VAR",
    "MAX_XSD_BYTES",
    "SchemaProblem",
    "SchemaStore",
    "default_store_root",
    "verify",
]

MAX_XSD_BYTES = 16 * 1024 * 1024
"""Largest XSD file read (16 MB); the biggest official file is under 200 KB."""


ProblemKind = Literal["missing", "altered", "unreadable"]


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    """Something wrong with one installed file; ``message`` is meant for the user."""

    version: TissVersion
    file: str
    kind: ProblemKind
    message: str

    def __str__(self) -> str:
        return self.message


class SchemaStore:
    """The folder where the official XSD files of each TISS version are installed."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = store_root(root)

    def __repr__(self) -> str:
        return f"SchemaStore({str(self.root)!r})"

    def version_dir(self, version: TissVersion | str) -> Path:
        return self.root / TissVersion.parse(version).value

    def is_installed(self, version: TissVersion | str) -> bool:
        """True when every file of ``version`` is present; :meth:`verify` checks the contents."""
        release = load_manifest().release(version)
        folder = self.version_dir(release.version)
        return all((folder / name).is_file() for name in release.names)

    def installed_versions(self) -> tuple[TissVersion, ...]:
        return tuple(v for v in TissVersion if self.is_installed(v))

    def root_schema(self, version: TissVersion | str) -> Path:
        """Path of the root XSD of ``version``; :class:`SchemaNotInstalledError` when absent."""
        release = load_manifest().release(version)
        if not self.is_installed(release.version):
            raise self.not_installed(release)
        return self.version_dir(release.version) / release.root

    def verify(self, version: TissVersion | str) -> list[SchemaProblem]:
        """Re-check every file of ``version`` against the manifest; empty list when all is well."""
        release = load_manifest().release(version)
        if not self.version_dir(release.version).is_dir():
            raise self.not_installed(release)
        return self._check(release)[1]

    def read_verified(self, version: TissVersion | str) -> dict[str, bytes]:
        """The bytes of every file of ``version``, after checking them against the manifest."""
        release = load_manifest().release(version)
        if not self.is_installed(release.version):
            raise self.not_installed(release)
        contents, problems = self._check(release)
        if problems:
            details = " ".join(p.message for p in problems)
            raise self.not_installed(release, f"A instalação está danificada: {details}")
        return contents

    def not_installed(
        self, release: SchemaRelease, detail: str | None = None
    ) -> SchemaNotInstalledError:
        """The error for a missing or damaged ``release``, naming the command that fixes it."""
        version = release.version.value
        store = (
            "" if self.root == default_store_root() else f" --store {shlex.quote(str(self.root))}"
        )
        if release.source.zip_url:
            how = (
                f"Rode `tissbill schemas download {version}{store}` ou, com o ZIP da ANS (ou a "
                f"pasta dos XSD) no computador, `tissbill schemas install <pasta-ou-zip>{store}`."
            )
        else:
            zip_name = release.source.zip_name or "o ZIP do Componente de Comunicação"
            how = (
                f"Baixe {zip_name} em {release.source.page} e rode "
                f"`tissbill schemas install <pasta-ou-zip>{store}`."
            )
        what = detail or (
            f"Os schemas XSD oficiais da versão TISS {version} não estão instalados em "
            f"{self.version_dir(version)}."
        )
        return SchemaNotInstalledError(version, f"{what} {how}")

    def _check(self, release: SchemaRelease) -> tuple[dict[str, bytes], list[SchemaProblem]]:
        folder = self.version_dir(release.version)
        contents: dict[str, bytes] = {}
        problems: list[SchemaProblem] = []
        for expected in release.files:
            path = folder / expected.name
            try:
                if path.stat().st_size > MAX_XSD_BYTES:
                    raise OSError("arquivo grande demais para um XSD")
                data = path.read_bytes()
            except FileNotFoundError:
                problems.append(self._problem(release, expected.name, "missing", "arquivo ausente"))
                continue
            except OSError as exc:
                reason = f"ilegível ({exc.strerror or exc})"
                problems.append(self._problem(release, expected.name, "unreadable", reason))
                continue
            if lf_sha256(data) != expected.sha256:
                reason = "conteúdo diferente do arquivo oficial da ANS (SHA-256 não confere)"
                problems.append(self._problem(release, expected.name, "altered", reason))
                continue
            contents[expected.name] = data
        return contents, problems

    def _problem(
        self, release: SchemaRelease, name: str, kind: ProblemKind, reason: str
    ) -> SchemaProblem:
        path = self.version_dir(release.version) / name
        return SchemaProblem(release.version, name, kind, f"{path}: {reason}.")


def verify(version: TissVersion | str, store: SchemaStore | None = None) -> list[SchemaProblem]:
    """Re-check the installed files of ``version`` in ``store`` (default store when None)."""
    return (store or SchemaStore()).verify(version)
