"""The installer and downloader load on first use: validation never needs urllib or ssl."""

from __future__ import annotations

import subprocess
import sys

import tissbill.schemas
from tissbill.schemas import downloader, installer


def test_validation_does_not_import_the_network_stack() -> None:
    # Not ssl: python-stdnum (the CNPJ/CPF rules) imports it whenever validation runs.
    code = (
        "import sys, tissbill.validation.api, tissbill.schemas; "
        "print(sorted(m for m in ('urllib.request', 'http.client', "
        "'tissbill.schemas.downloader', 'tissbill.schemas.installer') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_lazy_names_are_the_modules_objects() -> None:
    assert tissbill.schemas.download is downloader.download
    assert tissbill.schemas.SchemaDownloadError is downloader.SchemaDownloadError
    for name in (
        "InstallReport",
        "SchemaInstallError",
        "SchemaSourceError",
        "install",
        "install_zip",
    ):
        assert getattr(tissbill.schemas, name) is getattr(installer, name)
    for name in tissbill.schemas.__all__:  # every public name resolves
        getattr(tissbill.schemas, name)
