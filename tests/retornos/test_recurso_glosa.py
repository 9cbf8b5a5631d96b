"""recursoGlosa (prestador → operadora): a recurso of guias (whole or item by item) or of the
whole protocolo; XSD-valid, read back as the same model and clean under validate in every
version."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import ValidationError

from tests.conftest import assert_valid_xsd, schemas_dir
from tests.retornos.factories import guia_recurso, sample_recurso_guias, sample_recurso_protocolo
from tissbill.errors import VersionFieldError
from tissbill.models.enums import CentroConsumo
from tissbill.models.retornos import MensagemPrestador, OpcaoRecursoGuia
from tissbill.schemas import SchemaStore
from tissbill.validation.api import validate
from tissbill.versions import TissVersion
from tissbill.xml.reader import ReadError, read_lote, read_message
from tissbill.xml.writer import write_message

SAMPLES = [sample_recurso_guias, sample_recurso_protocolo]


@pytest.mark.parametrize("version", list(TissVersion), ids=str)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda f: f.__name__)
def test_round_trip_schema_valid_and_clean(
    sample: Callable[[TissVersion], MensagemPrestador], version: TissVersion
) -> None:
    message = sample(version)
    xml = write_message(message)
    assert_valid_xsd(xml, version.value)
    read = read_message(xml)
    assert isinstance(read, MensagemPrestador)
    assert read.model_copy(update={"epilogo": message.epilogo}) == message
    # st_numerico12 is kept as written: the leading zeros of the protocolo survive.
    assert guia_recurso(read).numero_protocolo == "000123"
    store = SchemaStore(schemas_dir(version.value))
    assert validate(xml, store=store).findings == []


def test_centro_consumo_of_an_item_only_from_4_03_00() -> None:
    message = sample_recurso_guias(TissVersion.V4_02_00)
    guias = guia_recurso(message).opcao_recurso.recurso_guia
    assert guias is not None and guias[0].opcao_recurso_guia.itens_guia
    guias[0].opcao_recurso_guia.itens_guia[0].centro_consumo = CentroConsumo.UTI
    with pytest.raises(VersionFieldError, match=r"centro_consumo.*4\.03\.00"):
        write_message(message)


def test_whole_guia_or_items_exactly_one() -> None:
    with pytest.raises(ValidationError, match="recurso da guia: informe exatamente um"):
        OpcaoRecursoGuia()


def test_a_recurso_is_not_a_lote() -> None:
    xml = write_message(sample_recurso_protocolo(TissVersion.V4_03_00))
    with pytest.raises(ReadError, match=r"do prestador para a operadora \(RECURSO_GLOSA\)"):
        read_lote(xml)
