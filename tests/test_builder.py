"""The lote builder: splitting, numbering, grouping, duplicates and limits."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import assert_valid_xsd
from tissbill.billing.builder import BuildError, LoteRequest, LoteSettings, build_lotes, group_guias
from tissbill.billing.inputs import load_data
from tissbill.models import GuiaConsulta, IdentificacaoPrestador

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _mixed() -> LoteRequest:
    return LoteRequest.model_validate(load_data(EXAMPLES / "mistura_250_guias" / "lote.json"))


def _consulta(numero: str, registro_ans: str = "331988") -> GuiaConsulta:
    source = load_data(EXAMPLES / "ipam_consultas" / "lote.json")["guias"][0]
    source["cabecalho_consulta"] = {"registro_ans": registro_ans, "numero_guia_prestador": numero}
    return GuiaConsulta.model_validate(source)


SETTINGS = LoteSettings(
    prestador=IdentificacaoPrestador(cnpj="11222333000181"),
    data_registro=dt.datetime(2025, 5, 2, 8, 0, 0),
)


def test_250_mixed_guias_split_into_typed_lotes_of_at_most_100() -> None:
    request = _mixed()
    lotes = build_lotes(request.guias, request.settings)
    assert [(lote.guia_type, len(lote.guias)) for lote in lotes] == [
        ("consulta", 100),
        ("consulta", 50),
        ("sp_sadt", 50),
        ("honorarios", 50),
    ]
    assert [lote.numero_lote for lote in lotes] == ["1000", "1001", "1002", "1003"]
    assert sum(len(lote.guias) for lote in lotes) == 250
    for lote in lotes:
        assert len({type(g) for g in lote.guias}) == 1
        assert lote.message.cabecalho.identificacao_transacao.sequencial_transacao == (
            lote.numero_lote
        )
        assert_valid_xsd(lote.xml, "4.03.00")


def test_smaller_maximum_and_sequencial_transacao() -> None:
    request = _mixed()
    custom = request.settings.model_copy(
        update={"max_guias": 30, "sequencial_transacao_inicial": 7}
    )
    lotes = build_lotes(request.guias, custom)
    assert max(len(lote.guias) for lote in lotes) == 30
    assert len(lotes) == 5 + 2 + 2
    sequenciais = [
        lote.message.cabecalho.identificacao_transacao.sequencial_transacao for lote in lotes
    ]
    assert sequenciais == [str(7 + i) for i in range(len(lotes))]


@pytest.mark.parametrize("maximum", [0, 101, 500])
def test_maximum_never_above_100(maximum: int) -> None:
    with pytest.raises(ValueError, match="max_guias"):
        LoteSettings.model_validate({**SETTINGS.model_dump(), "max_guias": maximum})
    with pytest.raises(BuildError, match="100"):
        group_guias([_consulta("1")], registro_ans=None, max_guias=maximum)


def test_duplicate_numero_guia_prestador_is_refused() -> None:
    with pytest.raises(BuildError, match=r"repetido.*G1"):
        build_lotes([_consulta("G1"), _consulta("G2"), _consulta("G1")], SETTINGS)


def test_guias_of_other_operadora_are_refused_or_grouped() -> None:
    guias = [_consulta("A", "331988"), _consulta("B", "123456"), _consulta("C", "331988")]
    with pytest.raises(BuildError, match="operadora 123456"):
        build_lotes(guias, SETTINGS.model_copy(update={"registro_ans": "331988"}))
    lotes = build_lotes(guias, SETTINGS)
    assert [(lote.registro_ans, len(lote.guias)) for lote in lotes] == [
        ("331988", 2),
        ("123456", 1),
    ]
    assert lotes[1].message.cabecalho.destino.registro_ans == "123456"


def test_nothing_to_bill() -> None:
    with pytest.raises(BuildError, match="nenhuma guia"):
        build_lotes([], SETTINGS)


def test_ipam_month_is_one_lote_of_31_consultas() -> None:
    request = LoteRequest.model_validate(load_data(EXAMPLES / "ipam_consultas" / "lote.json"))
    (lote,) = build_lotes(request.guias, request.settings)
    assert len(lote.guias) == 31
    assert lote.valor_total == Decimal("93.00") * 31


def test_opme_totals_only_in_opme_and_geral() -> None:
    request = LoteRequest.model_validate(load_data(EXAMPLES / "pasa_opme_resumo" / "lote.yaml"))
    (lote,) = build_lotes(request.guias, request.settings)
    total = lote.guias[0].valor_total  # type: ignore[union-attr]
    assert total is not None
    filled = {k: v for k, v in total.model_dump().items() if v is not None}
    assert filled == {"valor_opme": Decimal("7200.00"), "valor_total_geral": Decimal("7200.00")}


def test_given_totals_and_sequenciais_are_kept() -> None:
    data: dict[str, Any] = load_data(EXAMPLES / "sadt_exames" / "lote.json")
    guia = data["guias"][0]
    guia["procedimentos_executados"][0]["sequencial_item"] = 2
    guia["outras_despesas"][0]["servicos_executados"]["valor_total"] = "9.00"
    guia["valor_total"] = {"valor_total_geral": "1.00"}
    request = LoteRequest.model_validate(data)
    # Kept as given, so the validation of the built lote reports them rather than hiding them.
    with pytest.raises(BuildError) as raised:
        build_lotes(request.guias, request.settings)
    assert {"OD-011", "TOT-008"} <= {f.code for f in raised.value.findings}
    (lote,) = raised.value.lotes
    built = lote.guias[0]
    seqs = [p.sequencial_item for p in built.procedimentos_executados] + [  # type: ignore[union-attr]
        d.sequencial_item
        for d in built.outras_despesas  # type: ignore[union-attr]
    ]
    assert seqs == [2, 1, 3, 4, 5]
    assert built.outras_despesas[0].servicos_executados.valor_total == Decimal("9.00")  # type: ignore[union-attr]
    assert built.valor_total.valor_total_geral == Decimal("1.00")  # type: ignore[union-attr]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.sampled_from(["331988", "123456", "654321"]), min_size=1, max_size=260),
    st.integers(1, 100),
)
def test_grouping_property(operadoras: list[str], maximum: int) -> None:
    guias = [_consulta(f"N{i}", ans) for i, ans in enumerate(operadoras)]
    chunks = group_guias(guias, registro_ans=None, max_guias=maximum)
    assert all(1 <= len(members) <= maximum for _, _, members in chunks)
    assert all(g.registro_ans == ans for ans, _, members in chunks for g in members)
    flattened = [g.numero_guia_prestador for _, _, members in chunks for g in members]
    assert Counter(flattened) == Counter(g.numero_guia_prestador for g in guias)
    # Each operadora needs exactly ceil(n / maximum) lotes.
    for ans, n in Counter(operadoras).items():
        assert sum(1 for a, _, _ in chunks if a == ans) == -(-n // maximum)
