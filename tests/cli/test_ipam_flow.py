"""End to end, as a billing clerk would run it.

IPAM (seed manual 000): November's attendances exported as CSV, only the conferidos of the
period go into one lote of 31 consultas at R$ 93,00; then ``info`` and the printed summary.
PASA/AMS (seed manual 003): the OPME resumo de internação "Total" shows R$ 7.200,00 in OPME and
in the total geral.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import IPAM, OPME, run


def test_ipam_month_from_csv_to_printed_summary(tmp_path: Path) -> None:
    lotes = tmp_path / "lotes"
    built = run(
        "build",
        IPAM / "atendimentos_novembro.csv",
        "--config",
        IPAM / "config.yaml",
        "--periodo",
        "2023-11-01:2023-11-30",
        "-o",
        lotes,
    )
    assert built.exit_code == 0, built.stderr
    (lote,) = lotes.iterdir()
    assert lote.name == "lote-58114-consulta.xml"
    # The three unconfirmed and the two out-of-period rows are listed, not silently dropped.
    assert "Deixados de fora do lote (5)" in built.stdout
    for line in ("csv:2 ", "csv:10 ", "csv:23 ", "csv:30 ", "csv:37 "):
        assert line in built.stdout

    validated = run("validate", lote)
    assert validated.exit_code == 0, validated.stdout

    info = run("info", "--format", "json", lote)
    assert info.exit_code == 0
    (summary,) = json.loads(info.stdout)
    assert summary["numero_lote"] == "58114"
    assert summary["guias"] == 31
    assert summary["guia_type"] == "consulta"
    assert summary["prestador"] == "código na operadora 00621"
    assert summary["period"] == {"start": "2023-11-01", "end": "2023-11-30"}
    assert summary["totals"]["procedimentos"] == "2883.00"  # 31 × R$ 93,00
    assert summary["totals"]["total_geral"] == "2883.00"

    text = run("info", lote)
    assert "R$ 2.883,00" in text.stdout
    assert "31 (Consulta)" in text.stdout

    html = tmp_path / "lote.html"
    printed = run("report", lote, "-o", html)
    assert printed.exit_code == 0, printed.stderr
    page = html.read_text(encoding="utf-8")
    assert page.count("10101012 Consulta") == 31
    assert "R$ 2.883,00" in page
    assert "código na operadora 00621" in page
    assert "01/11/2023 a 30/11/2023" in page

    checked = run("hash", "--check", lote)
    assert checked.exit_code == 0


def test_pasa_opme_resumo_total_in_opme_and_total_geral(tmp_path: Path) -> None:
    built = run("build", OPME / "lote.yaml", "-o", tmp_path)
    assert built.exit_code == 0, built.stderr
    (lote,) = tmp_path.iterdir()
    info = run("info", lote)
    assert info.exit_code == 0
    lines = {line.split("│")[1].strip(): line for line in info.stdout.splitlines() if "│" in line}
    assert "R$ 7.200,00" in lines["OPME"]
    assert "R$ 7.200,00" in lines["Total geral"]
    assert "R$ 0,00" in lines["Materiais"]
    assert "Resumo de Internação" in info.stdout
