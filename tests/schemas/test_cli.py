"""``tissbill schemas`` through click's CliRunner: output, exit codes, no tracebacks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import VERSIONS, schemas_dir
from tests.schemas.helpers import official_zip
from tissbill.cli import cli
from tissbill.schemas import SchemaStore


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["schemas", *args])
    # User errors end in SystemExit with a message, never in an exception with a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_list_on_an_empty_store(store: SchemaStore) -> None:
    result = run("list", "--store", str(store.root))
    assert result.exit_code == 0
    assert f"Pasta dos schemas: {store.root} (opção --store)" in result.stdout
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line[:1].isdigit()}
    assert sorted(lines) == list(VERSIONS)
    assert all("não instalada" in line for line in lines.values())
    assert lines["4.03.00"].endswith("padrão")
    assert "desde 01/12/2025" in lines["4.03.00"]
    assert "tissbill schemas download" in result.stdout


def test_list_uses_the_environment_variable(_default_store_in_tmp: Path) -> None:
    result = run("list")
    assert f"{_default_store_in_tmp} (variável TISSBILL_SCHEMAS)" in result.stdout


def test_install_list_verify(store: SchemaStore, tmp_path: Path) -> None:
    # A file beside the version folders (as the README of ../shared/tiss-schemas) is ignored.
    source = shutil.copytree(schemas_dir(), tmp_path / "source")
    (source / "LEIAME.txt").write_text("anotações\n", encoding="utf-8")
    installed = run("install", str(source), "--store", str(store.root))
    assert installed.exit_code == 0, installed.output
    for version in VERSIONS:
        assert f"Versão TISS {version} instalada em {store.root / version}" in installed.stdout
    assert "ignorado(s)" in installed.stdout

    listed = run("list", "--store", str(store.root))
    assert listed.stdout.count(" instalada ") == 3

    verified = run("verify", "--store", str(store.root))
    assert verified.exit_code == 0
    assert verified.stdout.count(": OK") == 3


def test_install_from_the_ans_zip(store: SchemaStore, tmp_path: Path) -> None:
    source = tmp_path / "PadroTISSComunicao_202511.zip"
    source.write_bytes(official_zip("4.03.00", names="cp850"))
    result = run("install", str(source), "--store", str(store.root))
    assert result.exit_code == 0, result.output
    assert "Padrão TISS Comunicação 040300/tissMonitoramentoV1_06_00.xsd" in result.stdout


def test_verify_finds_altered_files(good_store: SchemaStore) -> None:
    guias = good_store.version_dir("4.03.00") / "tissGuiasV4_03_00.xsd"
    guias.write_bytes(guias.read_bytes() + b" ")
    result = run("verify", "--store", str(good_store.root))
    assert result.exit_code == 1
    assert "4.03.00: 1 problema(s)" in result.stderr
    assert "tissGuiasV4_03_00.xsd: conteúdo diferente" in result.stderr
    assert "tissbill schemas download" in result.stderr


def test_verify_of_an_explicit_missing_version(store: SchemaStore) -> None:
    result = run("verify", "4.01.00", "--store", str(store.root))
    assert result.exit_code == 1
    assert "tissbill schemas download 4.01.00" in result.stderr


def test_verify_with_nothing_installed_fails(store: SchemaStore) -> None:
    result = run("verify", "--store", str(store.root))
    assert result.exit_code == 1
    assert f"Nenhuma versão instalada em {store.root}; nada foi conferido" in result.stderr
    assert "tissbill schemas download" in result.stderr


def test_refused_install_exits_1(good_store: SchemaStore, tmp_path: Path) -> None:
    folder = tmp_path / "4.03.00"
    folder.mkdir()
    (folder / "tissV4_03_00.xsd").write_bytes(b"<schema/>")
    result = run("install", str(folder), "--store", str(good_store.root))
    assert result.exit_code == 1
    assert "Instalação recusada" in result.stderr
    assert "tissV4_03_00.xsd: difere do arquivo oficial" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("install", "/caminho/que/nao/existe"),
        ("download", "9.99.99"),
        ("verify", "4.00.00"),
        ("install",),
    ],
)
def test_usage_errors_exit_2(store: SchemaStore, args: tuple[str, ...]) -> None:
    result = run(*args, "--store", str(store.root))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_download_without_known_address_exits_1(store: SchemaStore) -> None:
    result = run("download", "4.02.00", "--store", str(store.root))
    assert result.exit_code == 1
    assert "--url" in result.stderr


def test_download_refuses_plain_http_to_other_hosts(store: SchemaStore) -> None:
    result = run("download", "--url", "http://www.gov.br/x.zip", "--store", str(store.root))
    assert result.exit_code == 1
    assert "Endereço recusado" in result.stderr
    assert "tissbill schemas install" in result.stderr
