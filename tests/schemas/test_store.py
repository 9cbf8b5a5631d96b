"""The store layout, the not-installed error, verify() and the compiled-schema cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SEEDS, VERSIONS, schemas_dir
from tissbill.errors import SchemaNotInstalledError
from tissbill.schemas import SchemaStore, default_store_root, install, load_schema, verify
from tissbill.schemas.store import ENV_VAR

SEED = SEEDS / "seed_opme_resumo_401.xml"


def test_root_comes_from_argument_then_env_then_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env"))
    assert SchemaStore().root == tmp_path / "from-env"
    assert SchemaStore(tmp_path / "explicit").root == tmp_path / "explicit"
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setattr("platformdirs.user_data_dir", lambda app: f"/data/{app}")
    assert default_store_root() == Path("/data/tissbill/schemas")


def test_reference_folder_has_the_store_layout() -> None:
    shared = SchemaStore(schemas_dir())
    for version in VERSIONS:
        assert shared.is_installed(version)
        assert shared.version_dir(version) == schemas_dir(version) / version
        assert shared.root_schema(version) == (
            schemas_dir(version) / version / f"tissV{version.replace('.', '_')}.xsd"
        )


def test_missing_version_names_the_command_to_run(store: SchemaStore) -> None:
    with pytest.raises(SchemaNotInstalledError) as raised:
        store.root_schema("4.03.00")
    assert raised.value.version == "4.03.00"
    message = str(raised.value)
    assert "tissbill schemas download 4.03.00" in message
    assert "tissbill schemas install <pasta-ou-zip>" in message
    assert f"--store {store.root}" in message  # not the default store: say which one


def test_missing_version_in_the_default_store_needs_no_store_option() -> None:
    with pytest.raises(SchemaNotInstalledError) as raised:
        load_schema("4.03.00")
    assert "`tissbill schemas download 4.03.00` " in str(raised.value)
    assert "--store" not in str(raised.value)


def test_version_without_known_zip_address_points_to_the_ans_page(store: SchemaStore) -> None:
    with pytest.raises(SchemaNotInstalledError) as raised:
        store.root_schema("4.02.00")
    message = str(raised.value)
    assert "PadroTISSComunicao202505.zip" in message
    assert "https://www.gov.br/ans/" in message
    assert "tissbill schemas install <pasta-ou-zip>" in message


def test_verify_reports_altered_and_missing_files(good_store: SchemaStore) -> None:
    assert verify("4.03.00", good_store) == []
    folder = good_store.version_dir("4.03.00")
    (folder / "tissGuiasV4_03_00.xsd").write_bytes(b"<schema/>")
    (folder / "xmldsig-core-schema.xsd").unlink()
    problems = verify("4.03.00", good_store)
    assert {(p.file, p.kind) for p in problems} == {
        ("tissGuiasV4_03_00.xsd", "altered"),
        ("xmldsig-core-schema.xsd", "missing"),
    }
    assert all(str(folder) in str(p) for p in problems)


def test_verify_of_a_version_never_installed_raises(store: SchemaStore) -> None:
    with pytest.raises(SchemaNotInstalledError):
        verify("4.01.00", store)


@pytest.mark.parametrize("version", VERSIONS)
def test_load_schema_validates_the_seed_example(version: str) -> None:
    schema = load_schema(version, SchemaStore(schemas_dir()))
    assert schema.validate(etree.parse(str(SEED))), schema.error_log


def test_load_schema_compiles_once_per_store_and_version(tmp_path: Path) -> None:
    store = SchemaStore(tmp_path / "a")
    install(schemas_dir(), store)
    first = load_schema("4.03.00", store)
    assert load_schema("4.03.00", SchemaStore(tmp_path / "a")) is first
    assert load_schema("4.02.00", store) is not first
    other = SchemaStore(tmp_path / "b")
    shutil.copytree(store.version_dir("4.03.00"), other.version_dir("4.03.00"))
    assert load_schema("4.03.00", other) is not first


def test_load_schema_refuses_an_altered_installation(good_store: SchemaStore) -> None:
    root = good_store.root_schema("4.03.00")
    root.write_bytes(root.read_bytes().replace(b"mensagemTISS", b"mensagemXXXX"))
    with pytest.raises(SchemaNotInstalledError, match="danificada") as raised:
        load_schema("4.03.00", good_store)
    assert "tissbill schemas download 4.03.00" in str(raised.value)


def test_store_path_with_spaces_accents_and_url_characters(tmp_path: Path) -> None:
    """Includes are matched by path; a folder name that needs URL escaping must still work."""
    store = SchemaStore(tmp_path / "Área de Trabalho" / "schemas #1 %20")
    install(schemas_dir("4.01.00") / "4.01.00", store)
    assert load_schema("4.01.00", store).validate(etree.parse(str(SEED)))
