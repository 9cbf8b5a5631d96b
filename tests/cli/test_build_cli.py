"""``tissbill build``: golden output, validation before writing, --force, options and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import EXAMPLES, IPAM, run

INPUTS = sorted(p for p in EXAMPLES.glob("*/lote.*") if p.suffix in (".json", ".yaml"))


@pytest.mark.parametrize("source", INPUTS, ids=lambda p: p.parent.name)
def test_build_writes_the_golden_files_of_every_example(source: Path, tmp_path: Path) -> None:
    result = run("build", source, "-o", tmp_path, "--quiet")
    assert result.exit_code == 0, result.stderr
    expected = source.parent / "expected"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in expected.iterdir())
    for path in expected.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    assert result.stdout == ""


def test_build_prints_the_lotes_in_brazilian_format(tmp_path: Path) -> None:
    result = run("build", EXAMPLES / "mistura_250_guias" / "lote.json", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    for text in ("1000", "Consulta", "100", "R$ 9.300,00", "SP/SADT", "Honorários", "Total"):
        assert text in result.stdout
    assert "lote-1003-honorarios.xml" in result.stdout


def test_build_csv_with_config_period_and_status(tmp_path: Path) -> None:
    result = run(
        "build",
        IPAM / "atendimentos_novembro.csv",
        "--config",
        IPAM / "config.yaml",
        "--periodo",
        "01/11/2023:30/11/2023",
        "-o",
        tmp_path,
    )
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["lote-58114-consulta.xml"]
    assert "Deixados de fora do lote (5)" in result.stdout
    assert result.stdout.count("fora do período 01/11/2023 a 30/11/2023") == 2
    assert "status 'não conferido'" in result.stdout
    assert "status 'removido'" in result.stdout
    assert "R$ 2.883,00" in result.stdout


def test_options_override_the_config(tmp_path: Path) -> None:
    result = run(
        "build",
        IPAM / "atendimentos_novembro.csv",
        "--config",
        IPAM / "config.yaml",
        "--periodo",
        "2023-11-01:2023-11-30",
        "--max-guias",
        "10",
        "--numero-lote-inicial",
        "900",
        "--versao-tiss",
        "4.02.00",
        "--prestador",
        "11222333000181",
        "-o",
        tmp_path,
        "-q",
    )
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"lote-{n}-consulta.xml" for n in (900, 901, 902, 903)]
    xml = (tmp_path / "lote-903-consulta.xml").read_bytes()
    assert b"<ans:Padrao>4.02.00</ans:Padrao>" in xml
    assert b"<ans:CNPJ>11222333000181</ans:CNPJ>" in xml
    # --quiet still says that rows were left out, on stderr
    assert "5 atendimento(s) deixado(s) de fora" in result.stderr


def test_lote_with_validation_errors_is_not_written_without_force(tmp_path: Path) -> None:
    document = json.loads((EXAMPLES / "sadt_exames" / "lote.json").read_text(encoding="utf-8"))
    # Valid for the models (14 digits), but the check digits are wrong: a validator error.
    document["guias"][0]["dados_executante"]["contratado_executante"]["cnpj_contratado"] = (
        "12345678000199"
    )
    source = tmp_path / "lote.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    args = ("build", source, "-o")
    result = run(*args, tmp_path / "a")
    assert result.exit_code == 1
    assert not (tmp_path / "a").exists()
    assert "ID-" in result.stderr
    assert "dígito verificador" in result.stderr
    assert "não gravado" in result.stderr
    assert "(não gravado)" in result.stdout

    forced = run(*args, tmp_path / "b", "--force")
    assert forced.exit_code == 1
    assert (tmp_path / "b" / "lote-300-sp_sadt.xml").is_file()
    assert "gravado(s) com --force" in forced.stderr


@pytest.mark.parametrize(
    ("prestador", "expected"),
    [
        ("11.222.333/0001-81", b"<ans:CNPJ>11222333000181</ans:CNPJ>"),
        ("529.982.247-25", b"<ans:CPF>52998224725</ans:CPF>"),
        ("codigo:11222333000199", b"<ans:codigoPrestadorNaOperadora>11222333000199<"),
    ],
)
def test_prestador_with_punctuation_or_explicit_code(
    tmp_path: Path, prestador: str, expected: bytes
) -> None:
    source = EXAMPLES / "sadt_exames" / "lote.json"
    result = run("build", source, "--prestador", prestador, "-o", tmp_path, "-q")
    assert result.exit_code == 0, result.stderr
    assert expected in (tmp_path / "lote-300-sp_sadt.xml").read_bytes()


@pytest.mark.parametrize(
    ("prestador", "message"),
    [
        # Issue #15: a mistyped CNPJ became a codigoPrestadorNaOperadora in a "válido" lote.
        ("11222333000199", "'11222333000199' não é um CNPJ válido: os dígitos verificadores"),
        ("11.222.333/0001-99", "não é um CNPJ válido: os dígitos verificadores"),
        ("52998224700", "'52998224700' não é um CPF válido"),
        ("cnpj:11222333000199", "não é um CNPJ válido"),
        ("11.222.333/0001-8", "parece um CNPJ ou CPF, mas tem 13 caracteres"),
    ],
)
def test_mistyped_cnpj_or_cpf_is_refused(tmp_path: Path, prestador: str, message: str) -> None:
    source = EXAMPLES / "sadt_exames" / "lote.json"
    result = run("build", source, "--prestador", prestador, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.startswith("Erro: --prestador: ")
    assert message in result.stderr
    assert "codigo:" in result.stderr or "Confira" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_schemas_not_installed_is_a_usage_error(tmp_path: Path) -> None:
    empty = tmp_path / "schemas"
    empty.mkdir()
    source = EXAMPLES / "sadt_exames" / "lote.json"
    result = run("build", source, "-o", tmp_path / "out", "--store", empty)
    assert result.exit_code == 2
    assert "tissbill schemas" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-guias", "101"], "101"),
        (["--periodo", "2023-11-30:2023-11-01"], "data final é anterior"),
        (["--versao-tiss", "3.05.00"], "3.05.00"),
    ],
)
def test_bad_options_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("build", IPAM / "lote.json", "-o", tmp_path, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_missing_input_and_missing_prestador_exit_2(tmp_path: Path) -> None:
    missing = run("build", tmp_path / "nao-existe.csv", "-o", tmp_path)
    assert missing.exit_code == 2
    document = json.loads((IPAM / "lote.json").read_text(encoding="utf-8"))
    guias = tmp_path / "guias.json"
    guias.write_text(json.dumps(document["guias"][:1]), encoding="utf-8")
    no_prestador = run("build", guias, "-o", tmp_path / "out")
    assert no_prestador.exit_code == 2
    assert "informe o prestador" in no_prestador.stderr


def test_bad_input_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "guias.json"
    broken.write_text('{"guias": [', encoding="utf-8")
    result = run("build", broken, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.startswith("Erro: ")
    assert "JSON inválido" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_everything_removed_is_an_error_that_lists_why(tmp_path: Path) -> None:
    result = run(
        "build",
        IPAM / "atendimentos_novembro.csv",
        "--config",
        IPAM / "config.yaml",
        "--periodo",
        "2024-01-01:2024-01-31",
        "-o",
        tmp_path / "out",
    )
    assert result.exit_code == 1
    assert "nenhuma guia para faturar" in result.stderr
    assert "Deixados de fora do lote (36)" in result.stdout


def test_guias_of_a_json_list_need_settings_from_options(tmp_path: Path) -> None:
    document = json.loads((IPAM / "lote.json").read_text(encoding="utf-8"))
    guias = tmp_path / "guias.json"
    guias.write_text(json.dumps(document["guias"][:3]), encoding="utf-8")
    result = run(
        "build", guias, "--prestador", "00621", "--operadora", "331988", "-o", tmp_path / "o", "-q"
    )
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "o" / "lote-1-consulta.xml").is_file()
