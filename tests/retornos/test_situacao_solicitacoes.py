"""situacaoProtocolo (operadora → prestador) and the prestador's solicitações
(solicitacaoDemonstrativoRetorno, solicitacaoStatusProtocolo): XSD-valid, read back as the same
typed model and clean under validate in every version."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import ValidationError

from tests.conftest import assert_valid_xsd, schemas_dir
from tests.retornos.factories import (
    sample_situacao,
    sample_situacao_erro,
    sample_solicitacao_analise,
    sample_solicitacao_pagamento,
    sample_solicitacao_status,
)
from tissbill.models.retornos import (
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
