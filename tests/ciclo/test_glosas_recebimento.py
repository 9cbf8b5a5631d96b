"""Glosas the operadora sends already at receipt (recebimentoLote's protocolo: glosaProtocolo,
glosaGuia, glosasProcedimento) are stored with their codes, matched to the billed guias, and
shown by ``tissbill glosas`` apart from the análise's, outside its totals."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from tests.ciclo import factories as f
from tests.ciclo.conftest import Faturado, run
from tests.cli.test_report import pdf_text, render_with_chromium
from tissbill.ledger import Ledger
from tissbill.ledger.schema import GlosaRecebimentoRow
from tissbill.models.common import ProcedimentoDados
from tissbill.models.retornos import (
    GlosaProtocolo,
    GlosasProcedimento,
    MensagemOperadora,
    MotivoGlosa,
    ProcedimentoRecebido,
)
from tissbill.versions import TissVersion

V = TissVersion.V4_03_00


def _recebimento(faturado: Faturado) -> MensagemOperadora:
    numeros = [g.numero_guia_prestador for g in faturado.lote.guias]
    message = f.recebimento(V, "58114", numeros[:3])
    recebimento = message.operadora_para_prestador.recebimento_lote
    assert recebimento is not None and recebimento.protocolo_recebimento is not None
    detalhe = recebimento.protocolo_recebimento.detalhe_protocolo
    guias = detalhe.dados_guias_protocolo.dados_guias
    procedimento = ProcedimentoRecebido(
        sequencial_item=1,
        data_execucao=dt.date(2023, 11, 6),
        procedimento=ProcedimentoDados(
            codigo_procedimento="10101012", descricao_procedimento="Consulta em consultorio"
        ),
        quantidade_executada=Decimal("1"),
        valor_unitario=Decimal("93.00"),
        valor_total=Decimal("93.00"),
        glosas_procedimento=GlosasProcedimento(
            motivo_glosa=[
                MotivoGlosa(codigo_glosa="1705", descricao_glosa="Valor acima do contratado"),
                MotivoGlosa(codigo_glosa="1801"),
            ],
            valor_glosa_procedimento=Decimal("20.50"),
        ),
    )
    guias[0] = guias[0].model_copy(
        update={"glosa_guia": [MotivoGlosa(codigo_glosa="1308", descricao_glosa="Já cobrada")]}
    )
    guias[1] = guias[1].model_copy(
        update={"glosa_guia": [], "procedimentos_realizados": [procedimento]}
    )
    guias[2] = guias[2].model_copy(update={"glosa_guia": []})
    detalhe.glosa_protocolo = GlosaProtocolo(
        motivos_glosa=[MotivoGlosa(codigo_glosa="1001")], vl_glosa_protocolo=Decimal("93.00")
    )
    return message


def test_glosas_at_receipt_are_stored_and_shown(faturado: Faturado) -> None:
    code, out, err = faturado.importar(faturado.write("protocolo.xml", _recebimento(faturado)))
    assert code == 0, err
    numeros = [g.numero_guia_prestador for g in faturado.lote.guias]
    with Ledger.open(faturado.ledger) as ledger, ledger.session(write=False) as session:
        rows = [
            (r.numero_guia_prestador, r.guia_id is not None, r.sequencial_item, r.codigo_glosa,
             r.valor_glosa)
            for r in session.scalars(select(GlosaRecebimentoRow).order_by(GlosaRecebimentoRow.id))
        ]  # fmt: skip
    assert rows == [
        (None, False, None, "1001", Decimal("93.00")),
        (numeros[0], True, None, "1308", None),
        (numeros[1], True, 1, "1705", Decimal("20.50")),
        (numeros[1], True, 1, "1801", Decimal("20.50")),
    ]

    code, out, err = run("glosas", "--format", "json", "--ledger", faturado.ledger)
    assert code == 0, err
    (lote,) = json.loads(out)["lotes"]
    assert lote["glosas_recebimento"] == [
        {"sequencial_item": None, "codigo_glosa": "1001", "descricao": None, "valor_glosa": "93.00"}
    ]
    guias = {g["numero_guia_prestador"]: g for g in lote["guias"]}
    assert guias[numeros[0]]["glosas_recebimento"] == [
        {"sequencial_item": None, "codigo_glosa": "1308", "descricao": "Já cobrada",
         "valor_glosa": None}
    ]  # fmt: skip
    assert [g["codigo_glosa"] for g in guias[numeros[1]]["glosas_recebimento"]] == [
        "1705",
        "1801",
    ]
    assert guias[numeros[2]]["glosas_recebimento"] == []
    # Outside the totals: nothing analysed yet.
    assert lote["valor_glosa"] == "0.00" and guias[numeros[0]]["glosas"] == []

    _, text, _ = run("glosas", "--ledger", faturado.ledger)
    assert "Glosa no recebimento: protocolo inteiro, glosa 1001: R$ 93,00" in text
    assert f"Glosa no recebimento: guia {numeros[0]}, glosa 1308 (Já cobrada)" in text
    assert f"guia {numeros[1]}, item 1, glosa 1705 (Valor acima do contratado): R$ 20,50" in text


def test_glosas_at_receipt_in_csv(faturado: Faturado, tmp_path: Path) -> None:
    code, _, err = faturado.importar(faturado.write("protocolo.xml", _recebimento(faturado)))
    assert code == 0, err
    numeros = [g.numero_guia_prestador for g in faturado.lote.guias]
    target = tmp_path / "glosas.csv"
    code, _, err = run("glosas", "--ledger", faturado.ledger, "--format", "csv", "-o", str(target))
    assert code == 0, err
    header, *rows = csv.reader(io.StringIO(target.read_text(encoding="utf-8")), delimiter=";")
    assert header[-1] == "Glosa enviada em"
    # Same layout as the análise's rows: guia, item, code, text, value; the guia's totals (the
    # billed 93,00, nothing analysed yet) on a guia's rows, none on the protocolo's.
    assert [(r[3], r[4], r[5], r[6], r[7], r[8], r[-1]) for r in rows] == [
        ("", "", "1001", "", "93,00", "", "recebimento"),
        (numeros[0], "", "1308", "Já cobrada", "", "93,00", "recebimento"),
        (numeros[1], "1", "1705", "Valor acima do contratado", "20,50", "93,00", "recebimento"),
        (numeros[1], "1", "1801", "", "20,50", "93,00", "recebimento"),
    ]
    assert all(r[:3] == ["58114", "P58114", "331988"] and len(r) == len(header) for r in rows)


def test_glosas_at_receipt_in_html(faturado: Faturado, tmp_path: Path) -> None:
    code, _, err = faturado.importar(faturado.write("protocolo.xml", _recebimento(faturado)))
    assert code == 0, err
    numeros = [g.numero_guia_prestador for g in faturado.lote.guias]
    html = tmp_path / "glosas.html"
    code, _, err = run("glosas", "--ledger", faturado.ledger, "--format", "html", "-o", str(html))
    assert code == 0, err
    pdf, png = tmp_path / "glosas.pdf", tmp_path / "glosas.png"
    render_with_chromium(html, pdf, png, tmp_path / "profile")
    lines = [" ".join(line.split()) for line in pdf_text(pdf).splitlines()]
    assert "Glosas no recebimento (4)" in lines
    assert "Protocolo inteiro — 1001 R$ 93,00" in lines
    assert f"{numeros[0]} — 1308 Já cobrada" in lines
    assert f"{numeros[1]} 1 1705 Valor acima do contratado R$ 20,50" in lines
    assert f"{numeros[1]} 1 1801 R$ 20,50" in lines
