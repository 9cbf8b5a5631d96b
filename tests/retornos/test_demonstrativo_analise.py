"""Demonstrativo de análise de conta (operadora → prestador): model → XML valid against the
official XSD → model, in every supported version; read_message gives the typed message and
validate finds nothing in a consistent one."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import TypeAdapter, ValidationError

from tests.conftest import assert_valid_xsd, schemas_dir
from tests.retornos.factories import demonstrativos, sample_analise
from tissbill import spec
from tissbill.errors import VersionFieldError
from tissbill.models.enums import CentroConsumo, StatusProtocolo
from tissbill.models.retornos import (
    DemonstrativosRetorno,
    MensagemOperadora,
    MotivoGlosa,
    RelacaoGuia,
)
from tissbill.models.types import CodigoGlosa
from tissbill.schemas import SchemaStore
from tissbill.validation.api import validate
from tissbill.versions import TissVersion
from tissbill.xml import epilogo
from tissbill.xml.parser import parse_bytes
from tissbill.xml.reader import ReadError, read_lote, read_message
from tissbill.xml.writer import write_message

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same(read: MensagemOperadora, built: MensagemOperadora) -> bool:
    # The writer fills the hash in; everything else must come back as it was built.
    return read.model_copy(update={"epilogo": built.epilogo}) == built


@pytest.mark.parametrize("version", list(TissVersion), ids=str)
def test_sample_round_trips_schema_valid_and_validates_clean(version: TissVersion) -> None:
    message = sample_analise(version)
    xml = write_message(message)
    assert_valid_xsd(xml, version.value)
    read = read_message(xml)
    assert isinstance(read, MensagemOperadora)
    assert _same(read, message)
    assert epilogo.verify(parse_bytes(xml).root).ok
    report = validate(xml, store=SchemaStore(schemas_dir(version.value)))
    assert report.findings == []
    assert report.version == version.value


@pytest.mark.parametrize("version", list(TissVersion), ids=str)
def test_random_consistent_demonstrativos_round_trip(version: TissVersion) -> None:
    @SETTINGS
    @given(demonstrativos(version))
    def check(message: MensagemOperadora) -> None:
        xml = write_message(message, encoding="utf-8")
        assert_valid_xsd(xml, version.value)
        read = read_message(xml)
        assert isinstance(read, MensagemOperadora)
        assert _same(read, message)

    check()


def test_fields_of_later_versions_are_refused_in_earlier_ones() -> None:
    message = sample_analise(TissVersion.V4_02_00)
    demonstrativo = message.operadora_para_prestador.demonstrativos_retorno
    assert demonstrativo is not None and demonstrativo.demonstrativo_analise_conta
    analise = demonstrativo.demonstrativo_analise_conta[0]
    item = analise.dados_conta.dados_protocolo[0].relacao_guias[0].detalhes_guia[0]
    item.centro_consumo = CentroConsumo.UTI
    with pytest.raises(VersionFieldError, match=r"centro_consumo.*4\.03\.00"):
        write_message(message)
    item.centro_consumo = None
    analise.observacao = "revisado"
    write_message(message)  # observacao exists from 4.02.00
    old = message.model_copy(
        update={"cabecalho": message.cabecalho.model_copy(update={"padrao": TissVersion.V4_01_00})}
    )
    with pytest.raises(VersionFieldError, match=r"observacao.*4\.02\.00"):
        write_message(old)


def test_a_demonstrativo_is_not_a_lote() -> None:
    xml = write_message(sample_analise(TissVersion.V4_03_00))
    with pytest.raises(ReadError, match=r"DEMONSTRATIVO_ANALISE_CONTA.*não um lote de guias"):
        read_lote(xml)


def test_error_or_demonstrativos_exactly_one() -> None:
    with pytest.raises(ValidationError, match="exatamente um"):
        DemonstrativosRetorno()
    erro = DemonstrativosRetorno(mensagem_erro=MotivoGlosa(codigo_glosa="5001"))
    assert erro.demonstrativo_analise_conta is None


@pytest.mark.parametrize("version", list(TissVersion), ids=str)
def test_every_glosa_code_of_tabela_38_is_accepted(version: TissVersion) -> None:
    # The models take any 4 digits and leave tabela 38 to the XSD, like CBO-S.
    codes = [c for c in spec.for_version(version).enum_values("dm_tipoGlosa") if c]
    adapter = TypeAdapter(CodigoGlosa)
    assert len(codes) > 600
    assert [adapter.validate_python(c) for c in codes] == codes
    with pytest.raises(ValidationError, match="4 dígitos"):
        adapter.validate_python("17O5")


def test_a_status_code_of_a_later_version_is_refused_when_writing() -> None:
    # dm_statusProtocolo gained 10 (bloqueio judicial) in 4.02.00.
    for version in TissVersion:
        message = sample_analise(version)
        guia = _analise_guia(message)
        guia.situacao_guia = StatusProtocolo.BLOQUEIO_JUDICIAL_PRESTADOR
        if version is TissVersion.V4_01_00:
            with pytest.raises(
                VersionFieldError, match=r"situacao_guia.*código 10 .*a partir da versão TISS 4\.02"
            ):
                write_message(message)
        else:
            assert_valid_xsd(write_message(message), version.value)


def _analise_guia(message: MensagemOperadora) -> RelacaoGuia:
    retorno = message.operadora_para_prestador.demonstrativos_retorno
    assert retorno is not None and retorno.demonstrativo_analise_conta
    return retorno.demonstrativo_analise_conta[0].dados_conta.dados_protocolo[0].relacao_guias[0]
