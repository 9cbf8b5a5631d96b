"""The manifest matches the reference copies and digests ignore line endings."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import VERSIONS, schemas_dir
from tissbill.schemas import ManifestError, lf_sha256, load_manifest
from tissbill.schemas import manifest as manifest_module
from tissbill.schemas.manifest import parse_manifest
from tissbill.versions import TissVersion

REPO_MANIFEST = Path(__file__).resolve().parents[2] / "schemas" / "manifest.json"
# Digest lists made from the reference copies (`tr -d '\r' < FILE | sha256sum`), kept here so
# that the manifest is checked against them on any clone.
REFERENCE = Path(__file__).resolve().parent / "reference"


@pytest.mark.parametrize("version", VERSIONS)
def test_digests_equal_the_reference_sha256_lf_files(version: str) -> None:
    listed = {}
    for line in (REFERENCE / f"{version}.sha256-lf").read_text().splitlines():
        digest, name = line.split(None, 1)
        listed[name.strip()] = digest
    release = load_manifest().release(version)
    assert {f.name: f.sha256 for f in release.files} == listed


@pytest.mark.parametrize("version", VERSIONS)
def test_manifest_describes_the_reference_folder(version: str) -> None:
    release = load_manifest().release(version)
    folder = schemas_dir(version) / version
    assert release.names == {p.name for p in folder.glob("*.xsd")}
    assert release.root == f"tissV{version.replace('.', '_')}.xsd"
    for entry in release.files:
        assert lf_sha256((folder / entry.name).read_bytes()) == entry.sha256


def test_every_supported_version_has_a_source_and_a_start_date() -> None:
    manifest = load_manifest()
    assert [r.version for r in manifest.releases] == list(TissVersion)
    for release in manifest.releases:
        assert release.source.page.startswith("https://www.gov.br/ans/")
        assert release.source.zip_name and release.source.zip_name.endswith(".zip")
        if release.source.zip_url is not None:
            assert release.source.zip_url.startswith("https://www.gov.br/ans/")
            assert release.source.zip_url.endswith("/" + release.source.zip_name)
        else:
            assert release.source.note  # says why and what to do instead
        assert release.valid_from is not None
    assert load_manifest().release("4.03.00").source.zip_name == "PadroTISSComunicao_202511.zip"
    assert load_manifest().release("4.02.00").source.zip_name == "PadroTISSComunicao202505.zip"


def test_4_02_00_points_at_the_page_that_publishes_it() -> None:
    """Not the generic TISS index: the monthly page of May 2025 lists the 4.02.00 ZIP. Its own
    address is unknown (no source states it) and is never guessed: download says so."""
    source = load_manifest().release("4.02.00").source
    assert source.page.endswith(
        "/padrao-para-troca-de-informacao-de-saude-suplementar-2013-tiss/padrao-tiss-maio-2025"
    )
    assert source.zip_url is None and source.note and "--url" in source.note


def test_packaged_manifest_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a wheel the manifest is package data; it wins over the checkout copy."""
    raw = json.loads(REPO_MANIFEST.read_text(encoding="utf-8"))
    raw["versions"]["4.03.00"]["source"]["note"] = "cópia empacotada"
    (tmp_path / "manifest.json").write_text(json.dumps(raw), encoding="utf-8")
    monkeypatch.setattr(manifest_module.resources, "files", lambda _package: tmp_path)
    assert (
        "empacotada"
        in parse_manifest(manifest_module._read_manifest_text()).release("4.03.00").source.note
    )


def test_checkout_manifest_is_the_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(manifest_module.resources, "files", lambda _package: tmp_path)
    assert manifest_module._read_manifest_text() == REPO_MANIFEST.read_text(encoding="utf-8")


def test_incomplete_manifest_is_refused() -> None:
    raw = json.loads(REPO_MANIFEST.read_text(encoding="utf-8"))
    del raw["versions"]["4.02.00"]
    with pytest.raises(ManifestError, match=r"4\.02\.00"):
        parse_manifest(json.dumps(raw))
    with pytest.raises(ManifestError):
        parse_manifest("{}")


def test_monitoring_component_is_ignored_but_tiss_files_are_not() -> None:
    manifest = load_manifest()
    assert manifest.is_ignored("tissMonitoramentoV1_06_00.xsd")
    assert manifest.is_ignored("tissComplexTypesMonitoramentoV1_06_00.xsd")
    assert not manifest.is_ignored("tissV4_03_00.xsd")
    assert not manifest.is_ignored("xmldsig-core-schema.xsd")


@given(st.binary())
def test_crlf_and_lf_copies_have_the_same_digest(data: bytes) -> None:
    assert lf_sha256(data.replace(b"\n", b"\r\n")) == lf_sha256(data)


@given(st.binary(), st.lists(st.integers(min_value=0), max_size=20))
def test_carriage_returns_anywhere_do_not_change_the_digest(data: bytes, cuts: list[int]) -> None:
    with_cr = data
    for cut in cuts:
        at = cut % (len(with_cr) + 1)
        with_cr = with_cr[:at] + b"\r" + with_cr[at:]
    assert lf_sha256(with_cr) == lf_sha256(data)


@given(st.binary().map(lambda b: b.replace(b"\r", b"")))
def test_digest_of_a_file_without_cr_is_its_plain_sha256(data: bytes) -> None:
    assert lf_sha256(data) == hashlib.sha256(data).hexdigest()
