"""``tissbill tabelas`` through click's CliRunner: output, exit codes 0/1/2, no tracebacks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.tabelas.helpers import ACENTOS, EXEMPLO, csv_bytes, write
from tissbill.cli import cli
from tissbill.tabelas import TabelaStore


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["tabelas", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture
def store(tmp_path: Path) -> TabelaStore:
    return TabelaStore(tmp_path / "store")


def test_install_list_show_verify(store: TabelaStore) -> None:
    where = ("--store", str(store.root))

    installed = run("install", str(EXEMPLO), *where)
    assert installed.exit_code == 0
    assert "Tabela 38 instalada: 9 código(s) carregado(s)" in installed.stdout
    assert "(UTF-8)" in installed.stdout
    assert "Aviso" not in installed.stderr

    listed = run("list", *where)
    assert listed.exit_code == 0
    assert f"Pasta das tabelas: {store.root} (opção --store)" in listed.stdout
    (row,) = [line for line in listed.stdout.splitlines() if line.startswith("38")]
    assert row.split()[1] == "9" and row.endswith("tabela38_exemplo.csv")

    shown = run("show", "38", "1705", "1001", *where)
    assert shown.exit_code == 0
    assert shown.stdout.splitlines() == [
        "1705\tValor cobrado acima do contratado",
        "1001\tNúmero da carteira do beneficiário inválido",
    ]
    assert len(run("show", "38", *where).stdout.splitlines()) == 9

    verified = run("verify", *where)
    assert verified.exit_code == 0
    assert verified.stdout == "38: OK, igual ao que foi instalado.\n"

    again = run("install", str(EXEMPLO), *where)
    assert again.exit_code == 0 and "nada foi alterado" in again.stdout


def test_verify_exits_1_when_a_table_was_altered(store: TabelaStore) -> None:
    store.install(EXEMPLO)
    (rows,) = store.root.glob("tabela-38.*.csv")
    with rows.open("a", encoding="utf-8") as out:
        out.write("9999;Linha acrescentada à mão\n")

    result = run("verify", "--store", str(store.root))

    assert result.exit_code == 1
    assert "SHA-256 não confere" in result.stderr
    assert "tissbill tabelas install" in result.stderr
    shown = run("show", "38", "--store", str(store.root))
    assert shown.exit_code == 1 and "danificada" in shown.stderr


def test_list_shows_a_damaged_record_instead_of_failing(store: TabelaStore) -> None:
    store.install(EXEMPLO)
    store.install(EXEMPLO, "22")
    store.record_path(38).write_text("{", encoding="utf-8")

    result = run("list", "--store", str(store.root))

    assert result.exit_code == 0
    rows = [line.split()[:2] for line in result.stdout.splitlines()[2:]]
    assert rows == [["22", "9"], ["38", "?"]]
    assert "danificada: rode `tissbill tabelas verify`" in result.stdout


def test_verify_and_show_without_tables(store: TabelaStore) -> None:
    verified = run("verify", "--store", str(store.root))
    assert verified.exit_code == 1 and "Nenhuma tabela instalada" in verified.stderr
    shown = run("show", "38", "--store", str(store.root))
    assert shown.exit_code == 1 and "não está instalada" in shown.stderr
    listed = run("list", "--store", str(store.root))
    assert listed.exit_code == 0 and "códigos de glosa aparecem sem descrição" in listed.stdout


def test_show_exits_1_for_an_unknown_code(store: TabelaStore) -> None:
    store.install(EXEMPLO)
    result = run("show", "38", "1001", "9999", "--store", str(store.root))
    assert result.exit_code == 1
    assert result.stdout.startswith("1001\t")
    assert "9999" in result.stderr


def test_latin1_file_and_warning_for_codes_outside_tabela_38(
    store: TabelaStore, tmp_path: Path
) -> None:
    rows = {**ACENTOS, "0042": "Código próprio da operadora"}
    source = write(tmp_path, "latin.csv", csv_bytes(rows, "latin-1"))

    result = run("install", str(source), "--store", str(store.root))

    assert result.exit_code == 0
    assert "4 código(s) carregado(s)" in result.stdout
    assert "ISO-8859-1/Windows-1252" in result.stdout
    assert "Aviso: 1 código(s) fora da tabela 38" in result.stderr and "0042" in result.stderr
    shown = run("show", "38", "1308", "--store", str(store.root))
    assert shown.stdout == f"1308\t{ACENTOS['1308']}\n"


def test_refused_content_exits_1_and_keeps_the_table(store: TabelaStore, tmp_path: Path) -> None:
    store.install(EXEMPLO)
    source = write(tmp_path, "ruim.csv", b"1001;Carteira\r\n")

    result = run("install", str(source), "--store", str(store.root))

    assert result.exit_code == 1
    assert "falta o cabeçalho" in result.stderr and "Traceback" not in result.output
    assert store.verify(38) == []


def test_usage_errors_exit_2(store: TabelaStore, tmp_path: Path) -> None:
    fifo = tmp_path / "fila"
    os.mkfifo(fifo)
    for args, message in [
        (("install", str(tmp_path / "nao-existe.csv")), "Arquivo não encontrado"),
        (("install", str(fifo)), "não é um arquivo comum"),
        (("install", str(EXEMPLO), "--tabela", "x"), "número da tabela TUSS"),
        (("show", "abc"), "número da tabela TUSS"),
    ]:
        result = run(*args, "--store", str(store.root))
        assert result.exit_code == 2, args
        assert message in result.stderr, args
    assert not store.root.exists()


def test_the_environment_variable_chooses_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TISSBILL_TABELAS", str(tmp_path / "env"))
    assert run("install", str(EXEMPLO)).exit_code == 0
    assert (tmp_path / "env" / "tabela-38.json").is_file()
    assert f"{tmp_path / 'env'} (variável TISSBILL_TABELAS)" in run("list").stdout
