"""situacaoProtocolo, the demonstrativo de pagamento and respostaRecursoGlosa (operadora →
prestador) and the prestador's solicitações
(solicitacaoDemonstrativoRetorno, solicitacaoStatusProtocolo): XSD-valid, read back as the same
typed model and clean under validate in every version."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from pydantic import ValidationError

from tests.conftest import assert_valid_xsd, schemas_dir
from tests.retornos.factories import (
    sample_pagamento,
    sample_resposta_recurso,
    sample_resposta_status,
    sample_situacao,
    sample_situacao_erro,
    sample_solicitacao_analise,
    sample_solicitacao_pagamento,
    sample_solicitacao_status,
)
from tissbill.errors import VersionFieldError
from tissbill.models.retornos import (
    DebitoCredito,
    Mensagem,
    MensagemOperadora,
    MensagemPrestador,
    Periodo,
    Protocolos,
)
from tissbill.schemas import SchemaStore
from tissbill.validation.api import validate
from tissbill.versions import TissVersion
from tissbill.xml.reader import read_message
from tissbill.xml.writer import write_message

SAMPLES: list[tuple[Callable[[TissVersion], Mensagem], type[Mensagem]]] = [
    (sample_pagamento, MensagemOperadora),
    (sample_resposta_recurso, MensagemOperadora),
    (sample_resposta_status, MensagemOperadora),
    (sample_situacao, MensagemOperadora),
    (sample_situacao_erro, MensagemOperadora),
    (sample_solicitacao_analise, MensagemPrestador),
    (sample_solicitacao_pagamento, MensagemPrestador),
    (sample_solicitacao_status, MensagemPrestador),
]


@pytest.mark.parametrize("version", list(TissVersion), ids=str)
@pytest.mark.parametrize(("sample", "kind"), SAMPLES, ids=lambda x: getattr(x, "__name__", ""))
def test_round_trip_schema_valid_and_clean(
    sample: Callable[[TissVersion], Mensagem], kind: type[Mensagem], version: TissVersion
) -> None:
    message = sample(version)
    xml = write_message(message)
    assert_valid_xsd(xml, version.value)
    read = read_message(xml)
    assert type(read) is kind
    assert read.model_copy(update={"epilogo": message.epilogo}) == message
    store = SchemaStore(schemas_dir(version.value))
    assert validate(xml, store=store).findings == []


def test_periodo_is_a_date_or_a_competencia() -> None:
    with pytest.raises(ValidationError, match="período: informe exatamente um"):
        Periodo()
    with pytest.raises(ValidationError, match="AAAAMM"):
        Periodo(competencia="2031-02")


def test_at_most_30_protocolos_per_solicitacao() -> None:
    Protocolos(numero_protocolo=[str(n) for n in range(30)])
    with pytest.raises(ValidationError, match="at most 30"):
        Protocolos(numero_protocolo=[str(n) for n in range(31)])


def test_debito_credito_value_is_narrower_in_4_01_00() -> None:
    # valorDbCr is st_decimal8-2 in 4.01.00 and st_decimal10-2 from 4.02.00.
    big = Decimal("1234567.89")
    for version in (TissVersion.V4_01_00, TissVersion.V4_02_00):
        message = sample_pagamento(version)
        retorno = message.operadora_para_prestador.demonstrativos_retorno
        assert retorno is not None and retorno.demonstrativo_pagamento is not None
        retorno.demonstrativo_pagamento.totais_demonstrativo.debitos_creditos_demonstrativo[0] = (
            DebitoCredito(
                indicador="1", tipo_debito_credito="02", descricao_db_cr="ISS", valor_db_cr=big
            )
        )
        if version is TissVersion.V4_01_00:
            with pytest.raises(VersionFieldError, match="valor_db_cr"):
                write_message(message)
        else:
            assert_valid_xsd(write_message(message), version.value)
