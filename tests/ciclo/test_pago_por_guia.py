"""What the demonstrativo de pagamento paid per guia (guiasDoLote): stored, matched to the billed
guias, shown as ``valor_pago`` per guia in the glosas JSON and reconciled per guia (paid ≠
liberado of the guia is a divergence, even when the lote's total is right)."""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import select

from tests.ciclo import factories as f
from tests.ciclo.conftest import Faturado, run
from tests.ciclo.test_glosas import GLOSAS, INFORMADO, LIBERADO, V
from tissbill.ledger import Ledger
from tissbill.ledger.schema import PagamentoGuiaRow
from tissbill.models.enums import TipoPagamento

CENTAVO = Decimal("0.01")


def test_paid_per_guia_is_stored_matched_and_reconciled(faturado: Faturado) -> None:
    guias = f.relacao_guias(faturado.lote, GLOSAS)
    pagas = list(guias)
    # One centavo moved from guia 5 to guia 2: the protocolo's total is still the liberado.
    for index, delta in ((2, CENTAVO), (5, -CENTAVO)):
        g = guias[index]
        pagas[index] = g.model_copy(
            update={
                "valor_liberado_guia": g.valor_liberado_guia + delta,
                "valor_glosa_guia": (g.valor_glosa_guia or Decimal("0.00")) - delta,
            }
        )
    files = [
        faturado.write("analise.xml", f.analise(V, faturado.lote, guias)),
        faturado.write("pago.xml", f.pagamento(V, "58114", LIBERADO, INFORMADO, pagas)),
    ]
    code, _, err = faturado.importar(*files)
    assert code == 0, err

    with Ledger.open(faturado.ledger) as ledger:
        with ledger.session(write=False) as session:
            rows = list(session.scalars(select(PagamentoGuiaRow).order_by(PagamentoGuiaRow.id)))
            assert len(rows) == 31 and all(r.guia_id is not None for r in rows)
            assert [r.tipo_pagamento for r in rows] == ["1"] * 31
        (lote,) = ledger.glosas()
    numero = [g.numero_guia_prestador for g in faturado.lote.guias]
    assert [(d.tipo, d.onde, d.esperado, d.encontrado) for d in lote.divergencias] == [
        ("pago_liberado", f"guia {numero[2]}", guias[2].valor_liberado_guia,
         guias[2].valor_liberado_guia + CENTAVO),
        ("pago_liberado", f"guia {numero[5]}", guias[5].valor_liberado_guia,
         guias[5].valor_liberado_guia - CENTAVO),
    ]  # fmt: skip
    assert lote.valor_pago == LIBERADO

    code, out, err = run("glosas", "--format", "json", "--ledger", faturado.ledger)
    assert code == 0, err
    (json_lote,) = json.loads(out)["lotes"]
    pagos = {g["numero_guia_prestador"]: g["valor_pago"] for g in json_lote["guias"]}
    assert pagos[numero[0]] == "0.00"  # glosada in full, nothing paid
    assert pagos[numero[2]] == str(guias[2].valor_liberado_guia + CENTAVO)
    assert pagos[numero[5]] == str(guias[5].valor_liberado_guia - CENTAVO)
    assert sum(Decimal(v) for v in pagos.values()) == LIBERADO
    _, text, _ = run("glosas", "--ledger", faturado.ledger)
    assert f"Divergência: guia {numero[2]}: valor pago diferente do liberado" in text


def test_without_a_payment_valor_pago_is_zero_and_nothing_diverges(faturado: Faturado) -> None:
    guias = f.relacao_guias(faturado.lote, GLOSAS)
    code, _, err = faturado.importar(faturado.write("a.xml", f.analise(V, faturado.lote, guias)))
    assert code == 0, err
    with Ledger.open(faturado.ledger) as ledger:
        (lote,) = ledger.glosas()
    assert lote.divergencias == ()
    assert {g.valor_pago for g in lote.guias} == {Decimal("0.00")}


def test_a_recurso_paid_later_adds_to_what_was_paid_without_a_divergence(
    faturado: Faturado,
) -> None:
    """The payment of an accepted recurso (tipoPagamento 2) comes on top of the liberado: the
    lote shows it as paid, and the análise's liberado is still matched by the first payments."""
    guias = f.relacao_guias(faturado.lote, GLOSAS)
    recuperada = guias[0].model_copy(
        update={"valor_liberado_guia": Decimal("93.00"), "valor_glosa_guia": Decimal("0.00")}
    )
    files = [
        faturado.write("analise.xml", f.analise(V, faturado.lote, guias)),
        faturado.write("pago.xml", f.pagamento(V, "58114", LIBERADO, INFORMADO, guias)),
        faturado.write(
            "pago-recurso.xml",
            f.pagamento(
                V,
                "58114",
                Decimal("93.00"),
                Decimal("93.00"),
                [recuperada],
                numero="PG-2024-02",
                tipo=TipoPagamento.RECURSO,
            ),
        ),
    ]
    code, _, err = faturado.importar(*files)
    assert code == 0, err
    with Ledger.open(faturado.ledger) as ledger:
        (lote,) = ledger.glosas()
    assert lote.divergencias == ()
    assert lote.valor_pago == LIBERADO + Decimal("93.00")
    assert lote.guias[0].valor_pago == Decimal("93.00")
