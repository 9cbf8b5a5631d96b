"""RET-*: the totals of a demonstrativo de análise de conta must add up, within a cent; those
of a recurso de glosa of items, exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import schemas_dir
from tests.retornos.factories import (
    demonstrativos,
    guia_recurso,
    sample_analise,
    sample_recurso_guias,
)
from tissbill.models.retornos import (
    DemonstrativoAnaliseConta,
    MensagemOperadora,
    MensagemPrestador,
    RelacaoGlosa,
)
from tissbill.schemas import SchemaStore
from tissbill.validation.api import validate
from tissbill.validation.findings import Finding
from tissbill.versions import TissVersion
from tissbill.xml.writer import write_message

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RET = ("RET-001", "RET-002", "RET-003", "RET-004")


def _analise(message: MensagemOperadora) -> DemonstrativoAnaliseConta:
    retorno = message.operadora_para_prestador.demonstrativos_retorno
    assert retorno is not None and retorno.demonstrativo_analise_conta
    return retorno.demonstrativo_analise_conta[0]


def _findings(message: MensagemOperadora | MensagemPrestador) -> list[Finding]:
    store = SchemaStore(schemas_dir(message.version.value))
    return validate(write_message(message), store=store).findings


def _codes(message: MensagemOperadora) -> set[str]:
    return {f.code for f in _findings(message)}


@pytest.mark.parametrize("version", list(TissVersion), ids=str)
def test_guia_liberado_plus_glosa_must_equal_informado(version: TissVersion) -> None:
    message = sample_analise(version)
    guia = _analise(message).dados_conta.dados_protocolo[0].relacao_guias[0]
    # Informado 230,00 = liberado 199,50 + glosa 30,50; a cent off is tolerated.
    guia.valor_liberado_guia = Decimal("199.49")
    assert not {"RET-001"} & _codes(message)
    guia.valor_liberado_guia = Decimal("199.40")
    (finding,) = [f for f in _findings(message) if f.code == "RET-001"]
    assert finding.message == (
        "Na guia G1 do demonstrativo, o valor informado (R$ 230,00) não é igual ao liberado "
        "(R$ 199,40) mais a glosa (R$ 30,50): R$ 229,90; diferença de R$ 0,10"
    )
    assert finding.severity == "error"


def test_item_glosas_must_sum_to_the_guia_glosa() -> None:
    message = sample_analise(TissVersion.V4_03_00)
    guia = _analise(message).dados_conta.dados_protocolo[0].relacao_guias[0]
    guia.detalhes_guia[0].relacao_glosa[1].valor_glosa = Decimal("11.50")
    messages = [f.message for f in _findings(message) if f.code == "RET-002"]
    assert messages == [
        "Na guia G1 do demonstrativo, as glosas dos itens somam R$ 31,50, mas o valor glosado "
        "da guia é R$ 30,50"
    ]


def test_a_guia_glosada_without_items_is_not_compared_with_items() -> None:
    message = sample_analise(TissVersion.V4_03_00)
    guia = _analise(message).dados_conta.dados_protocolo[0].relacao_guias[1]
    guia.detalhes_guia = []
    assert not set(RET) & _codes(message)


def test_protocolo_and_geral_totals_must_sum_their_parts() -> None:
    message = sample_analise(TissVersion.V4_03_00)
    analise = _analise(message)
    protocolo = analise.dados_conta.dados_protocolo[0]
    protocolo.valor_processado_protocolo += Decimal("1.00")
    found = [f for f in _findings(message) if f.code in RET]
    assert [(f.code, f.message) for f in found] == [
        (
            "RET-003",
            "No lote 1 do demonstrativo, o valor processado total (R$ 381,00) não é a soma dos "
            "valores das partes (R$ 380,00); diferença de R$ 1,00",
        ),
        (
            "RET-004",
            "No demonstrativo D2031-02, o valor processado total (R$ 380,00) não é a soma dos "
            "valores das partes (R$ 381,00); diferença de -R$ 1,00",
        ),
    ]


@given(demonstrativos(TissVersion.V4_03_00))
@SETTINGS
def test_consistent_demonstrativos_never_trigger_the_rules(message: MensagemOperadora) -> None:
    assert not set(RET) & _codes(message)


_DELTA = st.integers(min_value=2, max_value=10_000).map(lambda c: Decimal(c) / 100)


@given(demonstrativos(TissVersion.V4_03_00), _DELTA, st.sampled_from(RET), st.data())
@SETTINGS
def test_one_value_off_by_two_cents_or_more_is_found(
    message: MensagemOperadora, delta: Decimal, code: str, data: st.DataObject
) -> None:
    analise = _analise(message)
    protocolos = analise.dados_conta.dados_protocolo
    protocolo = data.draw(st.sampled_from(protocolos))
    guia = data.draw(st.sampled_from(protocolo.relacao_guias))
    if code == "RET-001":
        guia.valor_liberado_guia += delta
    elif code == "RET-002":
        item = data.draw(st.sampled_from(guia.detalhes_guia))
        item.relacao_glosa.append(RelacaoGlosa(valor_glosa=delta, tipo_glosa="1705"))
    elif code == "RET-003":
        protocolo.valor_informado_protocolo += delta
    else:
        analise.valor_liberado_geral += delta
    assert code in _codes(message)


@pytest.mark.parametrize("version", list(TissVersion), ids=str)
def test_a_recurso_of_items_must_total_their_values_exactly(version: TissVersion) -> None:
    message = sample_recurso_guias(version)
    body = guia_recurso(message)
    guias = body.opcao_recurso.recurso_guia
    assert guias is not None
    body.opcao_recurso.recurso_guia = guias[:1]  # the guia appealed item by item: R$ 20,00
    body.valor_total_recursado = Decimal("20.00")
    assert "RET-005" not in {f.code for f in _findings(message)}
    body.valor_total_recursado = Decimal("20.01")  # a cent off is an error: no rounding here
    assert [(f.code, f.message) for f in _findings(message)] == [
        (
            "RET-005",
            "No recurso de glosa, o valor total recursado (R$ 20,01) não é a soma dos valores "
            "recursados dos itens (R$ 20,00); diferença de R$ 0,01",
        )
    ]


def test_a_recurso_with_a_whole_guia_has_no_total_to_check() -> None:
    message = sample_recurso_guias(TissVersion.V4_03_00)
    guia_recurso(message).valor_total_recursado = Decimal("1.00")
    assert "RET-005" not in {f.code for f in _findings(message)}
