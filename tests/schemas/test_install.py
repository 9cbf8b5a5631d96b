"""Installing from folders and ZIPs: what is accepted, what is refused, and atomicity."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import VERSIONS, schemas_dir
from tests.schemas.helpers import (
    ANS_FOLDER,
    build_zip,
    official_files,
    official_zip,
    snapshot,
    to_crlf,
    write_folder,
)
from tissbill.schemas import (
    SchemaInstallError,
    SchemaSourceError,
    SchemaStore,
    install,
    load_schema,
    verify,
)
from tissbill.schemas import installer as install_module
from tissbill.schemas.installer import is_unsafe_member
from tissbill.versions import TissVersion


def test_folder_with_several_versions(store: SchemaStore) -> None:
    source = schemas_dir()
    report = install(source, store)
    assert report.installed == tuple(TissVersion)
    assert report.root == store.root
    # Beside the version folders: README.md and the digest lists in ../shared, nothing in a store.
    besides = {p.name for p in source.iterdir() if p.is_file()}
    assert {Path(p).name for p in report.ignored} == besides
    for version in VERSIONS:
        assert verify(version, store) == []
        # Each version keeps its own bytes, even for files shared across versions (CRLF in
        # 4.02/4.03, LF in 4.01).
        assert {
            p.name: p.read_bytes() for p in store.version_dir(version).iterdir()
        } == official_files(version)
    assert sorted(p.name for p in store.root.iterdir()) == list(VERSIONS)  # no leftovers


def test_single_version_folder(store: SchemaStore) -> None:
    report = install(schemas_dir("4.02.00") / "4.02.00", store)
    assert report.installed == (TissVersion.V4_02_00,)
    assert store.installed_versions() == (TissVersion.V4_02_00,)


def test_only_restricts_the_versions_installed(store: SchemaStore) -> None:
    report = install(schemas_dir("4.01.00"), store, only={"4.01.00"})
    assert report.installed == (TissVersion.V4_01_00,)
    assert store.installed_versions() == (TissVersion.V4_01_00,)


def test_single_xsd_files_can_be_listed(store: SchemaStore) -> None:
    files = sorted((schemas_dir("4.03.00") / "4.03.00").glob("*.xsd"))
    assert install(files, store).installed == (TissVersion.V4_03_00,)


@pytest.mark.parametrize(
    ("names", "folder"),
    [
        ("utf-8", ANS_FOLDER),
        ("cp850", ANS_FOLDER),  # how ANS's own ZIP stores "Padrão" (no UTF-8 flag)
        ("cp437", "Arquivos Técnicos Saúde 040300"),  # the ZIP format's default code page
    ],
)
@pytest.mark.parametrize("version", VERSIONS)
def test_zip_with_crlf_files_in_an_accented_folder(
    store: SchemaStore, tmp_path: Path, version: str, names: str, folder: str
) -> None:
    source = tmp_path / "PadroTISSComunicao.zip"
    source.write_bytes(official_zip(version, folder=folder, names=names))
    with zipfile.ZipFile(source) as archive:
        flagged = {bool(info.flag_bits & 0x800) for info in archive.infolist()}
    assert flagged == {names == "utf-8"}

    report = install(source, store)

    assert report.installed == (TissVersion(version),)
    assert f"{source}: {folder}/tissMonitoramentoV1_06_00.xsd" in report.ignored
    assert f"{source}: {folder}/tissVerificaElegibilidadeV4_03_00.wsdl" in report.ignored
    assert verify(version, store) == []
    installed = store.root_schema(version).read_bytes()
    assert installed == to_crlf(official_files(version)[store.root_schema(version).name])
    assert load_schema(version, store) is not None


def test_reinstalling_the_same_files_changes_nothing(good_store: SchemaStore) -> None:
    folder = good_store.version_dir("4.03.00")
    before = folder.stat().st_ino
    report = install(schemas_dir("4.03.00") / "4.03.00", good_store)
    assert report.installed == ()
    assert report.unchanged == (TissVersion.V4_03_00,)
    assert folder.stat().st_ino == before


def test_a_different_copy_replaces_the_installation_whole(
    good_store: SchemaStore, tmp_path: Path
) -> None:
    lf = {n: d.replace(b"\r", b"") for n, d in official_files("4.03.00").items()}
    report = install(write_folder(tmp_path / "lf", lf), good_store)
    assert report.installed == (TissVersion.V4_03_00,)
    assert {p.name: p.read_bytes() for p in good_store.version_dir("4.03.00").iterdir()} == lf
    assert sorted(p.name for p in good_store.root.iterdir()) == ["4.03.00"]


# --- refusals: each one leaves the existing good installation exactly as it was -------------


def _refused(source: Path | list[Path], store: SchemaStore) -> str:
    before = snapshot(store.root)
    with pytest.raises(SchemaInstallError) as raised:
        install(source, store)
    assert snapshot(store.root) == before
    assert verify("4.03.00", store) == []
    assert str(raised.value).startswith("Instalação recusada")
    return str(raised.value)


def test_tampered_file_is_refused(good_store: SchemaStore, tmp_path: Path) -> None:
    files = official_files("4.03.00")
    files["tissGuiasV4_03_00.xsd"] = files["tissGuiasV4_03_00.xsd"].replace(
        b'maxOccurs="100"', b'maxOccurs="999"', 1
    )
    message = _refused(write_folder(tmp_path / "4.03.00", files), good_store)
    assert "tissGuiasV4_03_00.xsd: difere do arquivo oficial" in message


def test_missing_file_is_refused(good_store: SchemaStore, tmp_path: Path) -> None:
    files = official_files("4.03.00")
    del files["tissSimpleTypesV4_03_00.xsd"]
    message = _refused(write_folder(tmp_path / "4.03.00", files), good_store)
    assert "4.03.00 incompleta" in message
    assert "faltam: tissSimpleTypesV4_03_00.xsd" in message


def test_unknown_xsd_is_refused(good_store: SchemaStore, tmp_path: Path) -> None:
    files = official_files("4.03.00") | {"tissV4_04_00.xsd": b"<schema/>"}
    message = _refused(write_folder(tmp_path / "novo", files), good_store)
    assert "tissV4_04_00.xsd: XSD desconhecido" in message


def test_renamed_official_file_is_refused(good_store: SchemaStore, tmp_path: Path) -> None:
    files = official_files("4.03.00")
    files["guias.xsd"] = files.pop("tissGuiasV4_03_00.xsd")
    message = _refused(write_folder(tmp_path / "4.03.00", files), good_store)
    assert "guias.xsd: tem o conteúdo do arquivo oficial tissGuiasV4_03_00.xsd" in message


@pytest.mark.parametrize(
    "evil", ["../tissV4_03_00.xsd", "pasta/../../x.xsd", "/etc/x.xsd", "C:\\x.xsd", "..\\x.txt"]
)
def test_zip_with_escaping_paths_is_refused(
    good_store: SchemaStore, tmp_path: Path, evil: str
) -> None:
    members = {f"{ANS_FOLDER}/{n}": d for n, d in official_files("4.03.00").items()}
    source = tmp_path / "evil.zip"
    source.write_bytes(build_zip(members | {evil: b"<schema/>"}))
    message = _refused(source, good_store)
    assert "caminho inseguro" in message
    assert not (tmp_path / "tissV4_03_00.xsd").exists()


def test_zip_bomb_is_refused(good_store: SchemaStore, tmp_path: Path) -> None:
    members = {f"{ANS_FOLDER}/{n}": d for n, d in official_files("4.03.00").items()}
    members[f"{ANS_FOLDER}/tissGuiasV4_03_00.xsd"] = b" " * (8 * 1024 * 1024)
    source = tmp_path / "bomb.zip"
    source.write_bytes(build_zip(members))
    assert source.stat().st_size < 100 * 1024
    assert "ZIP bomb" in _refused(source, good_store)


def test_total_uncompressed_size_is_capped(
    good_store: SchemaStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(install_module, "MAX_TOTAL_BYTES", 200_000)
    source = tmp_path / "ans.zip"
    source.write_bytes(official_zip("4.03.00"))
    assert "ZIP bomb" in _refused(source, good_store)


def test_corrupted_zip_is_refused(good_store: SchemaStore, tmp_path: Path) -> None:
    data = bytearray(official_zip("4.03.00"))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        biggest = max(archive.infolist(), key=lambda info: info.compress_size)
    middle = biggest.header_offset + 100 + biggest.compress_size // 2
    data[middle : middle + 64] = bytes(64)
    source = tmp_path / "ans.zip"
    source.write_bytes(bytes(data))
    assert "não foi possível descompactar" in _refused(source, good_store)


def test_truncated_zip_is_refused(good_store: SchemaStore, tmp_path: Path) -> None:
    source = tmp_path / "PadroTISSComunicao_202511.zip"
    source.write_bytes(official_zip("4.03.00")[:5000])
    assert "ZIP inválido ou incompleto" in _refused(source, good_store)


def test_failure_between_two_versions_says_what_was_replaced(
    store: SchemaStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_swap = install_module._swap

    def swap_once(staging: Path, target: Path) -> None:
        if target.name != "4.01.00":
            raise OSError(13, "Permission denied", str(target))
        real_swap(staging, target)

    monkeypatch.setattr(install_module, "_swap", swap_once)
    with pytest.raises(SchemaInstallError) as raised:
        install(schemas_dir(), store)
    assert raised.value.replaced == (TissVersion.V4_01_00,)
    assert str(raised.value).startswith("Instalação interrompida; só as versões 4.01.00")
    assert sorted(p.name for p in store.root.iterdir()) == ["4.01.00"]  # staging cleaned up
    assert verify("4.01.00", store) == []


def test_write_failure_leaves_the_old_installation(
    good_store: SchemaStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lf = {n: d.replace(b"\r", b"") for n, d in official_files("4.03.00").items()}
    source = write_folder(tmp_path / "lf", lf)
    calls = 0

    def failing_fsync(fd: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(install_module.os, "fsync", failing_fsync)
    message = _refused(source, good_store)
    assert "Não foi possível gravar" in message
    assert calls == 4


@pytest.mark.parametrize("name", ["nao-existe", "leia-me.txt"])
def test_unusable_source_is_a_usage_error(store: SchemaStore, tmp_path: Path, name: str) -> None:
    (tmp_path / "leia-me.txt").write_text("não é ZIP")
    with pytest.raises(SchemaSourceError):
        install(tmp_path / name, store)
    assert not store.root.exists()


def test_folder_without_tiss_files_is_refused(store: SchemaStore, tmp_path: Path) -> None:
    (tmp_path / "vazia").mkdir()
    with pytest.raises(SchemaInstallError, match="nenhum arquivo XSD do Padrão TISS"):
        install(tmp_path / "vazia", store)


_segment = st.text(
    alphabet=st.characters(exclude_characters="/\\\x00:"), min_size=1, max_size=12
).filter(lambda s: s not in {".", ".."})


@given(st.lists(_segment, min_size=1, max_size=5), st.integers(min_value=0, max_value=5))
def test_any_dotdot_component_is_unsafe(parts: list[str], at: int) -> None:
    assert not is_unsafe_member("/".join(parts))
    escaping = [*parts[: at % len(parts)], "..", *parts[at % len(parts) :]]
    assert is_unsafe_member("/".join(escaping))
    assert is_unsafe_member("\\".join(escaping))
    assert is_unsafe_member("/" + "/".join(parts))


def test_staging_folders_live_inside_the_store(
    store: SchemaStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The final rename must stay on one filesystem to be atomic."""
    renames: list[tuple[Path, Path]] = []
    real_rename = Path.rename

    def spy(self: Path, target: str | os.PathLike[str]) -> Path:
        renames.append((self, Path(target)))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", spy)
    install(schemas_dir("4.01.00") / "4.01.00", store)
    assert [(a.parent, b) for a, b in renames] == [(store.root, store.version_dir("4.01.00"))]
    assert renames[0][0].name.startswith(".4.01.00-")
