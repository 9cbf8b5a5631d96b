"""``tissbill rules CODE`` shows one rule in detail; the text listing has titles; the JSON of
``validate`` and ``info`` share keys and guia identifiers; ``build --versao-tiss``."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import EXPECTED_XML, run
from tissbill.validation.docs import entries


def test_rules_code_shows_one_rule_in_detail() -> None:
    result = run("rules", "od-004")  # codes are case-insensitive
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("OD-004 — Registro ANVISA de OPME e materiais\n")
    assert "Severidade: erro" in out and "Área: OD" in out
    # What it checks: the whole docstring, not only its first paragraph.
    assert "O que confere:" in out and "OPME (08) com tabela própria (00)" in out
    assert "Como corrigir:" in out and "--profile" in out
    assert "``" not in out
    assert "LOT-001" not in out  # only the rule asked for


def test_rules_code_with_an_example() -> None:
    out = run("rules", "CON-003").stdout
    assert "Exemplo:\n  10101012\n" in out


def test_pipeline_code_in_detail() -> None:
    out = run("rules", "XML-TRUNCATED").stdout
    assert out.startswith("XML-TRUNCATED — ")
    assert "próprio arquivo" in out


@pytest.mark.parametrize("code", ["XX-999", "OD"])
def test_unknown_rule_code_exits_2(code: str) -> None:
    result = run("rules", code)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"código desconhecido: {code}" in result.stderr


def test_rules_code_as_json() -> None:
    (entry,) = json.loads(run("rules", "--format", "json", "OD-004").stdout)
    assert entry["code"] == "OD-004"


def test_text_listing_shows_titles() -> None:
    out = run("rules").stdout
    for entry in entries():
        line = next(line for line in out.splitlines() if line.startswith(entry.code + " "))
        assert line.rstrip().endswith(entry.title), line


def test_validate_and_info_json_share_keys_and_guia_identifiers() -> None:
    validated = json.loads(run("validate", "--format", "json", *EXPECTED_XML).stdout)["files"]
    summaries = json.loads(run("info", "--format", "json", *EXPECTED_XML).stdout)
    assert len(validated) == len(summaries) == len(EXPECTED_XML)
    for checked, summary in zip(validated, summaries, strict=True):
        shared = ("path", "version", "guia_type", "guias")
        assert {k: checked[k] for k in shared} == {k: summary[k] for k in shared}
        assert summary["guia_type"] in ("consulta", "sp_sadt", "resumo_internacao", "honorarios")
    for summary in summaries:
        assert set(summary) == {
            "path",
            "version",
            "registro_ans",
            "prestador",
            "numero_lote",
            "sequencial_transacao",
            "data_registro",
            "guia_type",
            "guias",
            "period",
            "totals",
            "hash",
        }
        assert set(summary["period"]) == {"start", "end"}


def test_build_tiss_version_option_does_not_clash_with_tissbill_version() -> None:
    help_text = run("build", "--help").stdout
    assert "--versao-tiss" in help_text
    assert "--version" not in help_text
    assert run("build", "--version").exit_code == 2  # not silently the program's version
