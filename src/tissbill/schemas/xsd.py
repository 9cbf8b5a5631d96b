"""Compiling the official XSD of a TISS version, once per process."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from tissbill.schemas.manifest import load_manifest
from tissbill.schemas.store import SchemaStore
from tissbill.versions import TissVersion

_cache: dict[tuple[Path, TissVersion], etree.XMLSchema] = {}
_lock = threading.Lock()


class _VerifiedIncludes(etree.Resolver):
    """Serves ``include``/``import`` from bytes already checked against the manifest.

    Compiling exactly the verified bytes means a file swapped after the check is never used,
    and any location outside the version folder (another folder, a URL) is refused.
    """

    def __init__(self, folder: Path, files: Mapping[str, bytes]) -> None:
        super().__init__()
        self._folder = folder
        self._files = files

    # lxml passes a third ``context`` argument that lxml-stubs leaves out.
    def resolve(  # type: ignore[override]
        self, system_url: str, public_id: str, context: object
    ) -> etree._InputDocument:
        path = _local_path(system_url)
        data = self._files.get(path.name) if path.parent == self._folder else None
        if data is None:
            raise ValueError(f"schemaLocation fora dos arquivos oficiais: {system_url}")
        return self.resolve_string(data, context, base_url=str(path))


def _local_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    return Path(url)


def _compile(store: SchemaStore, version: TissVersion) -> etree.XMLSchema:
    release = load_manifest().release(version)
    files = store.read_verified(version)
    folder = store.version_dir(version).resolve()
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    parser.resolvers.add(_VerifiedIncludes(folder, files))
    root_path = folder / release.root
    try:
        document = etree.fromstring(files[release.root], parser, base_url=str(root_path))
        return etree.XMLSchema(document.getroottree())
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
        raise store.not_installed(
            release, f"Não foi possível compilar {root_path}: {exc}."
        ) from None


def load_schema(version: TissVersion | str, store: SchemaStore | None = None) -> etree.XMLSchema:
    """The compiled official schema of ``version`` from ``store`` (default store when None).

    Compiled once per process per (store folder, version) and then reused. Raises
    :class:`tissbill.errors.SchemaNotInstalledError` when the files are missing or altered.
    """
    store = store or SchemaStore()
    wanted = TissVersion.parse(version)
    key = (store.root.resolve(), wanted)
    with _lock:
        schema = _cache.get(key)
        if schema is None:
            schema = _cache[key] = _compile(store, wanted)
        return schema
