"""recebimentoLote (operadora → prestador): the protocolo of a lote, or the error that refused
it; XSD-valid, read back as the same model and clean under validate in every version."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import ValidationError

from tests.conftest import assert_valid_xsd, schemas_dir
from tests.retornos.factories import sample_protocolo, sample_recebimento_erro
from tissbill.models.retornos import MensagemOperadora, RecebimentoLote
from tissbill.schemas import SchemaStore
from tissbill.validation.api import validate
from tissbill.versions import TissVersion
from tissbill.xml.reader import ReadError, read_lote, read_message
from tissbill.xml.writer import write_message

SAMPLES = [sample_protocolo, sample_recebimento_erro]


@pytest.mark.parametrize("version", list(TissVersion), ids=str)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda f: f.__name__)
def test_round_trip_schema_valid_and_clean(
    sample: Callable[[TissVersion], MensagemOperadora], version: TissVersion
) -> None:
    message = sample(version)
    xml = write_message(message)
    assert_valid_xsd(xml, version.value)
    read = read_message(xml)
    assert isinstance(read, MensagemOperadora)
    assert read.operadora_para_prestador.recebimento_lote is not None
    assert read.model_copy(update={"epilogo": message.epilogo}) == message
    store = SchemaStore(schemas_dir(version.value))
    assert validate(xml, store=store).findings == []


def test_protocolo_or_error_exactly_one() -> None:
    with pytest.raises(ValidationError, match="recebimento do lote: informe exatamente um"):
        RecebimentoLote()


def test_a_protocolo_is_not_a_lote() -> None:
    with pytest.raises(ReadError, match=r"PROTOCOLO_RECEBIMENTO\), não um lote"):
        read_lote(write_message(sample_protocolo(TissVersion.V4_03_00)))
