"""Official TISS XSD management: manifest, store, verified install/download, compiled schemas.

tissbill ships no XSD files; it knows which files make each official release (the manifest)
and installs them, verified, into a store folder (see ``docs/schemas.md``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tissbill.errors import (
    ManifestError,
    SchemaDownloadError,
    SchemaInstallError,
    SchemaSourceError,
)
from tissbill.lazy import lazy_exports

if TYPE_CHECKING:
    from tissbill.schemas.downloader import download
    from tissbill.schemas.installer import InstallReport, install, install_zip
    from tissbill.schemas.manifest import (
        Manifest,
        SchemaFile,
        SchemaRelease,
        SchemaSource,
        lf_sha256,
        load_manifest,
    )
    from tissbill.schemas.store import (
        ENV_VAR,
        SchemaProblem,
        SchemaStore,
        default_store_root,
        verify,
    )
    from tissbill.schemas.xsd import load_schema

_LAZY = {
    "download": ".downloader",
    "InstallReport": ".installer",
    "install": ".installer",
    "install_zip": ".installer",
    "Manifest": ".manifest",
    "SchemaFile": ".manifest",
    "SchemaRelease": ".manifest",
    "SchemaSource": ".manifest",
    "lf_sha256": ".manifest",
    "load_manifest": ".manifest",
    "ENV_VAR": ".store",
    "SchemaProblem": ".store",
    "SchemaStore": ".store",
    "default_store_root": ".store",
    "verify": ".store",
    "load_schema": ".xsd",
}
"""Names imported on first use. The installer and downloader pull in urllib, http, ssl and
email (~35 ms), which validation never needs; the compiled schemas need lxml, which a run served
from the cache of reports never needs; nor does it need the manifest (it keys on the installed
files), which :mod:`tissbill.schemas.location` lets it skip."""


__getattr__ = lazy_exports(__name__, _LAZY)


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
