"""Official TISS XSD management: manifest, store, verified install/download, compiled schemas.

tissbill ships no XSD files; it knows which files make each official release (the manifest)
and installs them, verified, into a store folder (see ``docs/schemas.md``).
"""

from __future__ import annotations

from tissbill.schemas.downloader import SchemaDownloadError, download
from tissbill.schemas.installer import (
    InstallReport,
    SchemaInstallError,
    SchemaSourceError,
    install,
    install_zip,
)
from tissbill.schemas.manifest import (
    Manifest,
    ManifestError,
    SchemaFile,
    SchemaRelease,
    SchemaSource,
    lf_sha256,
    load_manifest,
)
from tissbill.schemas.store import ENV_VAR, SchemaProblem, SchemaStore, default_store_root, verify
from tissbill.schemas.xsd import load_schema

__all__ = [
    "ENV_VAR",
    "InstallReport",
    "Manifest",
    "ManifestError",
    "SchemaDownloadError",
    "SchemaFile",
    "SchemaInstallError",
    "SchemaProblem",
    "SchemaRelease",
    "SchemaSource",
    "SchemaSourceError",
    "SchemaStore",
    "default_store_root",
    "download",
    "install",
    "install_zip",
    "lf_sha256",
    "load_manifest",
    "load_schema",
    "verify",
]
