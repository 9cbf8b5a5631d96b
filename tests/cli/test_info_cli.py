"""``tissbill info`` and the summary it prints (computed by :mod:`tissbill.billing.summary`)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from tests.cli.conftest import EXAMPLES, EXPECTED_XML, IPAM, OPME, run
from tissbill.billing.summary import summarise_file

SADT = EXAMPLES / "sadt_exames" / "expected" / "lote-300-sp_sadt.xml"


def test_summary_of_the_sadt_example_by_category() -> None:
    summary = summarise_file(SADT)
    assert summary.tipo_guia == "sp_sadt"
    assert summary.quantidade_guias == 1
    assert summary.totais["procedimentos"] == Decimal("75.11")
    assert summary.totais["materiais"] == Decimal("26.85")
    assert summary.totais["medicamentos"] == Decimal("9.30")
    assert summary.totais["total_geral"] == Decimal("111.26")
    assert summary.periodo_inicio == summary.periodo_fim == dt.date(2025, 3, 10)
    assert [line.categoria for line in summary.itens] == [
        "procedimentos",
        "procedimentos",
        "materiais",
        "materiais",
        "medicamentos",
    ]
    assert sum(line.valor for line in summary.itens) == summary.totais["total_geral"]


def test_total_geral_matches_the_builder_for_every_example() -> None:
    for path in EXPECTED_XML:
        summary = summarise_file(path)
        categories = sum(v for k, v in summary.totais.items() if k != "total_geral")
        assert categories == summary.totais["total_geral"], path.name


def test_info_text_like_the_portal_lote_screen() -> None:
    result = run("info", IPAM / "expected" / "lote-58114-consulta.xml")
    assert result.exit_code == 0, result.stderr
    for text in (
        "Versão TISS",
        "4.03.00",
        "331988",
        "CNPJ 11222333000181",
        "58114",
        "31 (Consulta)",
        "01/11/2023 a 30/11/2023",
        "Procedimentos",
        "Taxas e aluguéis",
        "Gases medicinais",
        "R$ 2.883,00",
    ):
        assert text in result.stdout


def test_info_json_for_several_files() -> None:
    opme = next(OPME.glob("expected/*.xml"))
    result = run("info", "--format", "json", opme, SADT)
    assert result.exit_code == 0
    first, second = json.loads(result.stdout)
    assert first["numero_lote"] == "1267811"
    assert first["guia_type"] == "resumo_internacao"
    assert first["totals"]["opme"] == "7200.00"
    assert first["totals"]["total_geral"] == "7200.00"
    # A resumo's period is its billing window, not the dates of its items.
    assert first["period"] == {"start": "2024-10-08", "end": "2025-01-29"}
    assert second["totals"]["materiais"] == "26.85"


def test_info_reports_unreadable_files_and_goes_on(tmp_path: Path) -> None:
    other = tmp_path / "outro.xml"
    other.write_bytes(b"<?xml version='1.0'?><nota/>")
    result = run("info", "--format", "json", other, SADT)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Erro: {other}: ")
    assert "mensagemTISS" in result.stderr
    assert "Traceback" not in result.stderr
    assert [s["numero_lote"] for s in json.loads(result.stdout)] == ["300"]
