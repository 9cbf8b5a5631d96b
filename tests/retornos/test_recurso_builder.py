"""build_recurso: the glosas chosen from a demonstrativo become a recurso de glosa that is
XSD-valid, hashed, clean under validate and read back as the same message in every version;
valorTotalRecursado is the exact sum; a justificativa over the XSD limit is
refused, not cut."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import assert_valid_xsd, schemas_dir
from tests.retornos.factories import demonstrativos, guia_recurso
from tissbill.billing.recurso import (
    GlosaRecursada,
    GlosasDaGuia,
    GuiaRecursada,
    ItemRecursado,
    RecursoRequest,
    RecursoTISS,
    build_recurso,
)
from tissbill.errors import RecursoError, TissBillError
from tissbill.models.common import ProcedimentoDados
from tissbill.models.enums import CentroConsumo
from tissbill.models.mensagem import IdentificacaoPrestador
from tissbill.models.retornos import (
    DetalheGuia,
    RelacaoGuia,
)
from tissbill.schemas import SchemaStore
from tissbill.versions import TissVersion
from tissbill.xml.reader import read_message

CONSULTA = ProcedimentoDados(
    codigo_procedimento="10101012", descricao_procedimento="Consulta em consultorio"
)


def _item(
    sequencial: int, *glosas: tuple[str, str], justificativa: str | None = None
) -> ItemRecursado:
    return ItemRecursado(
        sequencial_item=sequencial,
        data_inicio=dt.date(2031, 1, 15),
        procedimento=CONSULTA,
        glosas=[GlosaRecursada(codigo_glosa=c, valor_recursado=Decimal(v)) for c, v in glosas],
        justificativa=justificativa,
    )


def _request(version: TissVersion, guias: list[GuiaRecursada]) -> RecursoRequest:
    return RecursoRequest(
        registro_ans="331988",
        nome_operadora="Operadora Exemplo",
        prestador=IdentificacaoPrestador(codigo_prestador_na_operadora="123"),
        numero_lote="1",
        numero_protocolo="000123",
        numero_recurso="7",
        sequencial_transacao="42",
        versao=version,
        data_registro=dt.datetime(2031, 3, 1, 9, 0),
        guias=guias,
    )


def _sample(version: TissVersion) -> RecursoRequest:
    """G1 item by item (two codes on item 1, item 2 with its own reasons); G2 whole."""
    por_itens = GuiaRecursada(
        numero_guia_prestador="G1",
        numero_guia_operadora="OP-9",
        justificativa="Valor conforme tabela contratada, anexo II",
        itens=[
            _item(1, ("1705", "20.00"), ("1801", "10.50")),
            _item(2, ("1705", "0.01"), justificativa="Item autorizado pela senha 123"),
        ],
    )
    inteira = GuiaRecursada(
        numero_guia_prestador="G2",
        justificativa="Carteira ativa na data do atendimento",
        completa=GlosasDaGuia(codigos_glosa=["1001", "1002"], valor_recursado=Decimal("150.00")),
    )
    return _request(version, [por_itens, inteira])


def _built(request: RecursoRequest) -> RecursoTISS:
    return build_recurso(request, store=SchemaStore(schemas_dir(request.versao.value)))


@pytest.mark.parametrize("version", list(TissVersion), ids=str)
def test_recurso_is_schema_valid_hashed_clean_and_round_trips(version: TissVersion) -> None:
    recurso = _built(_sample(version))
    assert_valid_xsd(recurso.xml, version.value)
    assert recurso.report is not None and recurso.report.findings == []
    read = read_message(recurso.xml)
    assert read == recurso.message  # the model handed back says what the file says
    # The hash rules are part of validate: a clean report means the epílogo matches the bytes.
    assert len(recurso.hash) == 32 and recurso.hash.encode() in recurso.xml
    body = guia_recurso(read)
    assert body.valor_total_recursado == Decimal("180.51")
    assert body.numero_guia_rec_glosa_prestador == "7"
    assert body.numero_protocolo == "000123"  # st_numerico12 keeps its leading zeros
    assert read.cabecalho.identificacao_transacao.sequencial_transacao == "42"
    guias = body.opcao_recurso.recurso_guia
    assert guias is not None
    itens = guias[0].opcao_recurso_guia.itens_guia
    assert itens is not None
    # One itensGuia per glosa code; an item without reasons of its own takes the guia's.
    assert [(i.sequencial_item, i.cod_glosa_item, i.justificativa_item) for i in itens] == [
        (1, "1705", "Valor conforme tabela contratada, anexo II"),
        (1, "1801", "Valor conforme tabela contratada, anexo II"),
        (2, "1705", "Item autorizado pela senha 123"),
    ]
    completa = guias[1].opcao_recurso_guia.recurso_guia_completa
    assert completa is not None
    assert [(c.cod_glosa_guia, c.justificativa_guia) for c in completa] == [
        ("1001", "Carteira ativa na data do atendimento"),
        ("1002", "Carteira ativa na data do atendimento"),
    ]
    assert recurso.filename == "recurso-7.xml"


@pytest.mark.parametrize("version", list(TissVersion), ids=str)
def test_justificativa_over_the_xsd_limit_is_refused_naming_the_limit(
    version: TissVersion,
) -> None:
    request = _sample(version)
    request.guias[1].justificativa = "x" * 500  # the limit itself is fine
    assert _built(request).report is not None
    request.guias[0].itens[1].justificativa = "y" * 501  # type: ignore[index]
    with pytest.raises(RecursoError) as caught:
        build_recurso(request, validate=False)
    message = str(caught.value)
    assert "guia G1, item 2" in message
    assert "501 caracteres" in message and f"{version.value} é 500" in message


def test_whole_guia_justificativa_over_the_limit_is_refused() -> None:
    request = _sample(TissVersion.V4_03_00)
    request.guias[1].justificativa = "z" * 600
    with pytest.raises(RecursoError, match=r"guia G2: a justificativa tem 600 caracteres"):
        build_recurso(request, validate=False)


def test_missing_justificativa_is_refused() -> None:
    request = _sample(TissVersion.V4_03_00)
    request.guias[0].justificativa = None
    with pytest.raises(RecursoError, match=r"guia G1, item 1: informe a justificativa"):
        build_recurso(request, validate=False)


def test_a_guia_or_a_glosa_appealed_twice_is_refused() -> None:
    request = _sample(TissVersion.V4_03_00)
    twice = _request(TissVersion.V4_03_00, [request.guias[1], request.guias[1]])
    with pytest.raises(RecursoError, match="guia repetida no recurso: G2"):
        build_recurso(twice, validate=False)
    guia = GuiaRecursada(
        numero_guia_prestador="G3",
        justificativa="Procedimento realizado",
        itens=[_item(1, ("1705", "1.00")), _item(1, ("1705", "2.00"))],
    )
    with pytest.raises(RecursoError, match="glosa contestada mais de uma vez: item 1, glosa 1705"):
        build_recurso(_request(TissVersion.V4_03_00, [guia]), validate=False)


def test_centro_consumo_before_4_03_00_is_a_tissbill_error() -> None:
    request = _sample(TissVersion.V4_02_00)
    request.guias[0].itens[0].centro_consumo = CentroConsumo.UTI  # type: ignore[index]
    with pytest.raises(TissBillError, match=r"centro_consumo.*4\.03\.00"):
        build_recurso(request, validate=False)


# --- random selections of a demonstrativo's glosas ----------------------------------------------


def _glosas(by_code: dict[str, Decimal]) -> list[GlosaRecursada]:
    return [GlosaRecursada(codigo_glosa=c, valor_recursado=v) for c, v in by_code.items() if v]


def _appeal(guia: RelacaoGuia, whole: bool, chosen: list[bool]) -> GuiaRecursada | None:
    """The glosas of ``guia`` a hospital could appeal: all of them (whole), or those of the
    chosen items; a code repeated on an item is appealed once, for the sum."""
    per_item: list[tuple[DetalheGuia, dict[str, Decimal]]] = []
    for detalhe, pick in zip(guia.detalhes_guia or (), chosen, strict=False):
        by_code: dict[str, Decimal] = {}
        for g in detalhe.relacao_glosa or ():
            by_code[g.tipo_glosa] = by_code.get(g.tipo_glosa, Decimal(0)) + g.valor_glosa
        if (pick or whole) and any(by_code.values()):
            per_item.append((detalhe, by_code))
    if not per_item:
        return None
    numero = guia.numero_guia_prestador
    if whole:
        total: dict[str, Decimal] = {}
        for _, by_code in per_item:
            for code, valor in by_code.items():
                total[code] = total.get(code, Decimal(0)) + valor
        return GuiaRecursada(
            numero_guia_prestador=numero,
            justificativa="Guia correta",
            completa=GlosasDaGuia(codigos_glosa=list(total), valor_recursado=sum(total.values())),
        )
    itens = [
        ItemRecursado(
            sequencial_item=detalhe.sequencial_item,
            data_inicio=detalhe.data_realizacao,
            procedimento=detalhe.procedimento,
            glosas=_glosas(by_code),
        )
        for detalhe, by_code in per_item
    ]
    return GuiaRecursada(numero_guia_prestador=numero, justificativa="Item devido", itens=itens)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), version=st.sampled_from(list(TissVersion)))
def test_random_selection_total_is_the_exact_sum_and_schema_valid(
    data: st.DataObject, version: TissVersion
) -> None:
    message = data.draw(demonstrativos(version))
    retorno = message.operadora_para_prestador.demonstrativos_retorno
    assert retorno is not None and retorno.demonstrativo_analise_conta
    conta = retorno.demonstrativo_analise_conta[0].dados_conta.dados_protocolo[0]
    guias = []
    for guia in conta.relacao_guias or ():
        chosen = data.draw(st.lists(st.booleans(), min_size=4, max_size=4))
        appeal = _appeal(guia, data.draw(st.booleans()), chosen)
        if appeal is not None:
            guias.append(appeal)
    if not guias:
        return
    recurso = _built(_request(version, guias))
    assert_valid_xsd(recurso.xml, version.value)
    appealed = [guia.completa.valor_recursado for guia in guias if guia.completa] + [
        g.valor_recursado for guia in guias for i in guia.itens or () for g in i.glosas
    ]
    assert recurso.valor_total_recursado == sum(appealed, Decimal(0))
    assert guia_recurso(recurso.message).valor_total_recursado == recurso.valor_total_recursado
    assert read_message(recurso.xml) == recurso.message
