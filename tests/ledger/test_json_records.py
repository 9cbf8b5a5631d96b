"""The JSON of the ledger's records (``tissbill glosas``/``tissbill lotes --format json`` and the
``lotes`` CSV columns): key order and value forms are a contract, now derived from the dataclass
fields, so reordering or retyping a field must show up here."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from tissbill.ledger.glosas import Divergencia, GlosaInfo, GlosaRecebida, ItemGlosas
from tissbill.ledger.store import LoteInfo


def test_glosas_records_keep_their_keys_order_and_money_form() -> None:
    assert Divergencia("pago_liberado", "lote 58114", Decimal("10"), Decimal("9.5")).to_dict() == {
        "tipo": "pago_liberado",
        "onde": "lote 58114",
        "esperado": "10.00",
        "encontrado": "9.50",
    }
    for kind in (GlosaInfo, GlosaRecebida):
        assert list(kind(None, "1705", None, None).to_dict().items()) == [
            ("sequencial_item", None),
            ("codigo_glosa", "1705"),
            ("descricao", None),
            ("valor_glosa", None),
        ]
    item = ItemGlosas(2, "10101012", True, *(Decimal(v) for v in ("93", "93", "72.5", "20.5")))
    assert list(item.to_dict().items()) == [
        ("sequencial_item", 2),
        ("codigo_procedimento", "10101012"),
        ("faturado", True),
        ("valor_informado", "93.00"),
        ("valor_processado", "93.00"),
        ("valor_liberado", "72.50"),
        ("valor_glosa", "20.50"),
        ("valor_recursado", "0.00"),
        ("valor_recuperado", "0.00"),
    ]


def test_lote_listing_keeps_its_columns_and_value_forms() -> None:
    criado = dt.datetime(2026, 3, 2, 9, 30)
    info = LoteInfo(
        "58114", "58114", "IPAM", "331988", "consulta", "4.03.00", 31, Decimal("2883.00"),
        "gerado", "lote-58114-consulta.xml", criado, None, "0" * 32,
    )  # fmt: skip
    assert list(info.to_dict().items()) == [
        ("numero_lote", "58114"),
        ("sequencial_transacao", "58114"),
        ("prestador", "IPAM"),
        ("operadora", "331988"),
        ("tipo_guia", "consulta"),
        ("versao", "4.03.00"),
        ("guias", 31),
        ("valor_total", "2883.00"),
        ("estado", "gerado"),
        ("arquivo", "lote-58114-consulta.xml"),
        ("criado_em", "2026-03-02T09:30:00"),
        ("enviado_em", None),
        ("hash", "0" * 32),
    ]
    assert replace(info, enviado_em=criado).to_dict()["enviado_em"] == "2026-03-02T09:30:00"
