"""The models restate the XSD's structure by hand (element names, order, repetition, lengths,
value kinds, decimal places, domain tables); here every such fact is compared with
``tissbill.spec`` in every version, at every place the model stands in a message, so a model
cannot drift from the standard.

The other direction is explicit too: the XSD elements no model has (messages tissbill does not
handle, signatures, odontologia) are listed, so a version that adds an element to a modelled
type fails here until the model has it.
"""

from __future__ import annotations

from collections.abc import Iterator

import annotated_types
import pytest
from pydantic.fields import FieldInfo

from tissbill import spec
from tissbill.models.base import TissModel
from tissbill.versions import TissVersion, supported_versions
from tissbill.xml.plan import FieldSpec, Kind, facts_of, model_paths, plan

MODELS = sorted(model_paths(), key=lambda model: model.__name__)

# XSD elements of modelled types that no model field holds, by why.
_OTHER_MESSAGES = {
    ("PrestadorParaOperadora", element)
    for element in (
        "cancelaGuia", "comunicacaoInternacao", "envioDocumentos", "loteAnexos", "recursoGlosa",
        "solicitaStatusAutorizacao", "solicitacaoDemonstrativoRetorno", "solicitacaoProcedimento",
        "solicitacaoStatusProtocolo", "solicitacaoStatusRecursoGlosa", "verificaElegibilidade",
    )
} | {
    ("EnvioPrestador", element)
    for element in (
        "cancelaGuia", "comunicacaoInternacao", "envioDocumentos", "loteAnexos", "loteGuias",
        "solicitaStatusAutorizacao", "solicitacaoProcedimento", "solicitacaoStatusRecursoGlosa",
        "verificaElegibilidade",
    )
} | {
    ("OperadoraParaPrestador", element)
    for element in (
        "autorizacaoServicos", "recebimentoAnexo", "recebimentoDocumentos",
        "recebimentoRecursoGlosa", "reciboCancelaGuia", "reciboComunicacao",
        "respostaElegibilidade", "situacaoAutorizacao",
    )
} | {
    ("DemonstrativosRetorno", "situacaoDemonstrativoRetorno"),
    ("SituacaoProtocolo", "situacaoProtocoloAnexo"),
}  # fmt: skip
"""Messages tissbill does not build or read (autorização, elegibilidade, anexos…): the lote
de guias travels in PrestadorParaOperadora, the other prestador messages in EnvioPrestador."""

_ODONTO = {
    ("DadosGuiasProtocolo", "dadosGuiasOdonto"),
    ("DemonstrativosRetorno", "demonstrativoPagamentoOdonto"),
    ("GuiasLoteStatus", "guiasOdonto"),
    ("RecursoGlosa", "guiaRecursoGlosaOdonto"),
    ("RespostaRecursoGlosa", "reciboGlosaOdonto"),
}
"""The operadora's answers about guias odontológicas."""

_SIGNATURES = {
    (model, "Signature") for model in ("MensagemTISS", "MensagemOperadora", "MensagemPrestador")
} | {
    (guia, "assinaturaDigitalGuia")
    for guia in ("GuiaConsulta", "GuiaSPSADT", "GuiaResumoInternacao", "GuiaHonorarios")
}
"""XML signatures: kept byte for byte by the reader's hash, never modelled."""

_CHOICE_SPLIT = {
    ("MensagemTISS", "operadoraParaPrestador"),
    ("MensagemOperadora", "prestadorParaOperadora"),
    ("MensagemPrestador", "operadoraParaPrestador"),
    ("Origem", "registroANS"),
    ("OrigemOperadora", "identificacaoPrestador"),
    ("Destino", "identificacaoPrestador"),
    ("DestinoPrestador", "registroANS"),
    ("Cabecalho", "falhaNegocio"),
}
"""One branch of an XSD choice per class: a prestador's message and an operadora's are two
classes (and ``falhaNegocio`` is the operadora's, in CabecalhoOperadora)."""

NOT_MODELLED = _OTHER_MESSAGES | _ODONTO | _SIGNATURES | _CHOICE_SPLIT

FILLED_WHEN_WRITTEN = {
    ("GuiaSPSADT", "valorTotal"),
    ("GuiaResumoInternacao", "valorTotal"),
    ("GuiaHonorarios", "valorTotalHonorarios"),
    ("ProcedimentoExecutadoSADT", "sequencialItem"),
    ("ProcedimentoExecutadoSADT", "valorTotal"),
    ("ProcedimentoExecutadoInternacao", "sequencialItem"),
    ("ProcedimentoExecutadoInternacao", "valorTotal"),
    ("ProcedimentoRealizado", "sequencialItem"),
    ("ProcedimentoRealizado", "valorTotal"),
    ("ServicosExecutados", "valorTotal"),
    ("Despesa", "sequencialItem"),
}
"""Mandatory in the XSD, None by default in the model: the totals and item numbers the library
computes (docs/models.md, "O que é calculado para você") rather than asking for them."""


def _facts(model: type[TissModel], field: FieldSpec) -> list[spec.ElementFacts]:
    return [
        found for version in supported_versions()
        if (found := facts_of(model, field.element, version)) is not None
    ]  # fmt: skip


def _max_length(model: type[TissModel], field: FieldSpec) -> int | None:
    """The model's own limit: of the text, or of the list for a repeated value (the list's
    own constraint only, not its items')."""
    info = model.model_fields[field.name]
    constraints: list[object] = list(info.metadata)
    pending: list[object] = [] if field.repeated else [info.annotation]
    while pending:
        annotation = pending.pop()
        constraints.extend(getattr(annotation, "__metadata__", ()))
        pending.extend(getattr(annotation, "__args__", ()))
    lengths = []
    for constraint in constraints:
        inner = constraint.metadata if isinstance(constraint, FieldInfo) else [constraint]
        lengths += [c.max_length for c in inner if isinstance(c, annotated_types.MaxLen)]
    return max(lengths, default=None)


def _always_required(facts: list[spec.ElementFacts]) -> bool:
    return len(facts) == len(supported_versions()) and all(f.required for f in facts)


def _fields(model: type[TissModel]) -> Iterator[tuple[FieldSpec, list[spec.ElementFacts]]]:
    for field in plan(model):
        yield field, _facts(model, field)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_field_is_an_element_of_the_xsd(model: type[TissModel]) -> None:
    for field, facts in _fields(model):
        assert facts, f"{model.__name__}.{field.name}: {field.element} is in no version"


@pytest.mark.parametrize("version", supported_versions())
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_fields_keep_the_xsd_order(model: type[TissModel], version: TissVersion) -> None:
    facts = spec.for_version(version)
    names = [field.element for field in plan(model)]
    for path in model_paths()[model]:
        if facts.find(path) is None:
            continue
        children = [child.name for child in facts.children(path)]
        assert [n for n in names if n in children] == [c for c in children if c in names], path


def test_the_xsd_elements_no_model_holds_are_the_known_ones() -> None:
    missing = set()
    for model in MODELS:
        names = {field.element for field in plan(model)}
        for version in supported_versions():
            facts = spec.for_version(version)
            for path in model_paths()[model]:
                if facts.find(path) is not None:
                    missing |= {
                        (model.__name__, child.name)
                        for child in facts.children(path)
                        if child.name not in names
                    }
    assert missing == NOT_MODELLED


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_repetition_and_lengths_are_the_widest_versions(model: type[TissModel]) -> None:
    for field, facts in _fields(model):
        where = f"{model.__name__}.{field.name}"
        repeats = {f.max_occurs is None or f.max_occurs > 1 for f in facts}
        assert repeats == {field.repeated}, where
        limit = _max_length(model, field)
        if field.repeated:
            bounded = [f.max_occurs for f in facts if f.max_occurs is not None]
            assert limit == (max(bounded) if len(bounded) == len(facts) else None), where
        elif field.kind is Kind.TEXT and limit is not None:
            widest = max(f.facets.get("max_length", f.facets.get("length", 0)) for f in facts)
            assert limit == widest, where


_XSD_KINDS = {
    Kind.MODEL: "complex", Kind.TEXT: "text", Kind.DECIMAL: "decimal", Kind.INT: "integer",
    Kind.DATE: "date", Kind.TIME: "time", Kind.ENUM: "enum", Kind.BASE64: "binary",
}  # fmt: skip

TEXT_FOR = {"dm_CBOS", "dm_tipoGlosa", "st_numerico12"}
"""XSD types the models hold as text of the right form: the CBO-S and glosa tables are long and
change with the ANS's tables (the XSD checks the code; tabela 38 is installed apart), and a
numeric protocolo or lote number keeps the digits as the operadora wrote them."""


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_value_kinds_and_decimal_places_are_the_xsd_types(model: type[TissModel]) -> None:
    for field, facts in _fields(model):
        where = f"{model.__name__}.{field.name}"
        for found in facts:
            as_text = field.kind is Kind.TEXT and found.type in TEXT_FOR
            assert as_text or found.kind == _XSD_KINDS[field.kind], f"{where}: {found.type}"
        if field.kind is Kind.DECIMAL:
            assert {f.facets["fraction_digits"] for f in facts} == {field.places}, where


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_domain_tables_are_the_xsd_types(model: type[TissModel]) -> None:
    for field, facts in _fields(model):
        if field.enum is not None:
            # Padrao's table is TissVersion, which has no __xsd_type__ of its own.
            expected = getattr(field.enum, "__xsd_type__", "dm_versao")
            assert {f.type for f in facts} == {expected}, f"{model.__name__}.{field.name}"


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_optional_and_required_follow_the_xsd(model: type[TissModel]) -> None:
    for field, facts in _fields(model):
        info = model.model_fields[field.name]
        where = (model.__name__, field.element)
        if info.is_required():
            # A choice alternative is required in a class that models its branch alone.
            assert all(f.required_when_chosen or f.choice is not None for f in facts), where
        elif _always_required(facts) and where not in FILLED_WHEN_WRITTEN:
            # Optional where every version asks for it: only with a default that is written.
            # (An element a later version added stays optional: older files lack it.)
            assert info.default is not None or info.default_factory is not None, where


def test_the_filled_fields_are_really_optional_and_required_by_the_xsd() -> None:
    # The exception list must not outlive a model change.
    by_name = {model.__name__: model for model in MODELS}
    for model_name, element in FILLED_WHEN_WRITTEN:
        model = by_name[model_name]
        field = next(f for f in plan(model) if f.element == element)
        assert model.model_fields[field.name].default is None
        assert _always_required(_facts(model, field))
