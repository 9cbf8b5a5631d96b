"""``tissbill retorno importar``: the operadora's returns recorded and matched to the IPAM lote."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.ciclo import factories as f
from tests.ciclo.conftest import Faturado, build_into
from tissbill.ledger import Ledger
from tissbill.ledger.schema import AnaliseGuiaRow, AnaliseItemRow, GlosaRow, ProtocoloRow
from tissbill.models.enums import StatusProtocolo
from tissbill.models.retornos import MensagemOperadora
from tissbill.versions import TissVersion

VERSIONS = list(TissVersion)


@pytest.mark.parametrize("version", VERSIONS, ids=str)
def test_protocolo_situacao_analise_and_pagamento_are_matched(
    version: TissVersion, faturado: Faturado
) -> None:
    lote = faturado.lote
    numeros = [g.numero_guia_prestador for g in lote.guias]
    guias = f.relacao_guias(lote, {0: None, 1: None, 2: Decimal("20.50")})
    informado = sum((g.valor_informado_guia for g in guias), Decimal(0))
    liberado = sum((g.valor_liberado_guia for g in guias), Decimal(0))
    files = [
        faturado.write("protocolo.xml", f.recebimento(version, "58114", numeros[:2])),
        faturado.write(
            "situacao.xml", f.situacao(version, "58114", StatusProtocolo.EM_ANALISE, numeros[:2])
        ),
        faturado.write("analise.xml", f.analise(version, lote, guias)),
        faturado.write("pagamento.xml", f.pagamento(version, "58114", liberado, informado, guias)),
    ]
    code, out, err = faturado.importar(*files)
    assert code == 0, err
    assert out.count("Importado:") == 4 and "Não casado" not in out
    with Ledger.open(faturado.ledger) as ledger:
        (info,) = ledger.lotes()
        assert info.estado == "pago"
        with ledger.session(write=False) as session:
            protocolo = session.scalars(select(ProtocoloRow)).one()
            assert (protocolo.numero_protocolo, protocolo.situacao) == (
                f.PROTOCOLO,
                StatusProtocolo.LIBERADO_PARA_PAGAMENTO.value,
            )
            rows = list(session.scalars(select(AnaliseGuiaRow).order_by(AnaliseGuiaRow.id)))
            assert len(rows) == 31 and all(r.guia_id is not None for r in rows)
            assert [r.valor_glosa for r in rows[:4]] == [
                Decimal("93.00"),
                Decimal("93.00"),
                Decimal("20.50"),
                Decimal("0.00"),
            ]
            items = list(session.scalars(select(AnaliseItemRow)))
            assert all(i.item_id is not None for i in items)
            codes = [(g.codigo_glosa, g.valor_glosa) for g in session.scalars(select(GlosaRow))]
            assert codes == [
                ("1001", Decimal("93.00")),
                ("1001", Decimal("93.00")),
                ("1705", Decimal("20.50")),
            ]


def test_unbilled_guias_and_items_are_listed_not_dropped(faturado: Faturado) -> None:
    lote = faturado.lote
    guias = f.relacao_guias(lote, {})
    guias.append(f.base.guia("NAO-FATURADA", [f.base.item(1, Decimal("50.00"), [])]))
    extra_item = f.base.item(2, Decimal("10.00"), [(Decimal("10.00"), "1705")])
    guias[0] = f.base.guia(guias[0].numero_guia_prestador, [*guias[0].detalhes_guia, extra_item])
    path = faturado.write("analise.xml", f.analise(TissVersion.V4_03_00, lote, guias))
    code, out, _ = faturado.importar(path)
    assert code == 0
    assert "Não casado com o faturado: guia NAO-FATURADA do demonstrativo não consta" in out
    assert f"item 2 da guia {lote.guias[0].numero_guia_prestador} não consta" in out
    with Ledger.open(faturado.ledger) as ledger, ledger.session(write=False) as session:
        unmatched = session.scalars(
            select(AnaliseGuiaRow).where(AnaliseGuiaRow.guia_id.is_(None))
        ).one()
        assert unmatched.numero_guia_prestador == "NAO-FATURADA"
        assert session.scalars(select(AnaliseItemRow).where(AnaliseItemRow.item_id.is_(None))).all()


def test_same_file_twice_and_same_demonstrativo_in_another_version_are_no_ops(
    faturado: Faturado,
) -> None:
    first = faturado.write("a403.xml", f.sample_analise(TissVersion.V4_03_00, faturado.lote))
    assert faturado.importar(first)[0] == 0
    before = faturado.dump()
    code, out, _ = faturado.importar(first)
    assert code == 0 and "Já importado:" in out and "já foi importado em" in out
    other = faturado.write("a401.xml", f.sample_analise(TissVersion.V4_01_00, faturado.lote))
    code, out, _ = faturado.importar(other)
    assert code == 0 and "Já importado:" in out
    assert "demonstrativo de análise de conta DA-2023-12 da operadora 331988 já foi" in out
    assert "versão TISS 4.03.00" in out
    assert faturado.dump() == before


def test_a_ledger_at_0001_with_lotes_upgrades_and_imports(tmp_path: Path) -> None:
    path = tmp_path / "antigo.sqlite"
    faturado = build_into(str(path), tmp_path)
    # Back to the first schema, as an older tissbill left it: the 0002 and 0003 tables do not
    # exist.
    with sqlite3.connect(path) as connection:
        for table in (
            "recurso_glosa",
            "recurso_guia",
            "recurso",
            "debito_credito",
            "glosa_recebimento",
            "pagamento_guia",
            "pagamento",
            "glosa",
            "analise_item",
            "analise_guia",
            "protocolo",
            "retorno_documento",
            "retorno_arquivo",
        ):
            connection.execute(f"DROP TABLE {table}")
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    lotes_before = faturado.dump()
    assert "retorno_arquivo" not in lotes_before
    path_analise = faturado.write("a.xml", f.sample_analise(TissVersion.V4_02_00, faturado.lote))
    code, _, err = faturado.importar(path_analise)
    assert code == 0, err
    after = faturado.dump()
    assert after["alembic_version"] == [("0005",)]
    assert after["guia"] == lotes_before["guia"] and after["item"] == lotes_before["item"]
    assert len(after["analise_guia"]) == 31


def test_an_older_situacao_imported_later_does_not_turn_the_protocolo_back(
    faturado: Faturado,
) -> None:
    """Files arrive in any order: the situação the operadora stated last wins, whatever the
    order of the imports."""
    numeros = [g.numero_guia_prestador for g in faturado.lote.guias][:2]

    def situacao(status: StatusProtocolo, dia: dt.date) -> MensagemOperadora:
        message = f.situacao(TissVersion.V4_03_00, "58114", status, numeros)
        transacao = message.cabecalho.identificacao_transacao.model_copy(
            update={"data_registro_transacao": dia}
        )
        cabecalho = message.cabecalho.model_copy(update={"identificacao_transacao": transacao})
        return message.model_copy(update={"cabecalho": cabecalho})

    newer = faturado.write(
        "novo.xml", situacao(StatusProtocolo.PAGAMENTO_EFETUADO, dt.date(2024, 2, 1))
    )
    older = faturado.write("antigo.xml", situacao(StatusProtocolo.EM_ANALISE, dt.date(2024, 1, 10)))
    for path in (newer, older):
        code, _, err = faturado.importar(path)
        assert code == 0, err
    with Ledger.open(faturado.ledger) as ledger, ledger.session(write=False) as session:
        (protocolo,) = session.scalars(select(ProtocoloRow))
        assert protocolo.situacao == StatusProtocolo.PAGAMENTO_EFETUADO.value
        assert protocolo.situacao_em is not None and protocolo.situacao_em.date() == dt.date(
            2024, 2, 1
        )
