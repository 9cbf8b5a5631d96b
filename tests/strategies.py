"""Hypothesis strategies for every TISS model, derived from the same field plan the writer uses.

Values respect the XSD simple types (lengths, patterns, enumerations, decimal widths) and the
version being generated, so whatever comes out must validate against the official XSD.
"""

from __future__ import annotations

import datetime as dt
import typing
from decimal import Decimal
from enum import Enum
from typing import Any

from annotated_types import MaxLen
from hypothesis import strategies as st
from stdnum.br import cnpj as stdnum_cnpj
from stdnum.br import cpf as stdnum_cpf

from tissbill.models import (
    CodigoProfissional,
    ContratadoDados,
    ContratadoExecutanteConsulta,
    GuiaConsulta,
    GuiaHonorarios,
    GuiaResumoInternacao,
    GuiaSPSADT,
    IdentificacaoPrestador,
)
from tissbill.models.base import TissModel
from tissbill.models.enums import CentroConsumo
from tissbill.models.guias import CodigoContratadoLocal
from tissbill.versions import TissVersion
from tissbill.xml.plan import FieldSpec, Kind, facts_of, plan, required_since

# Latin-1 printable characters, accents included (C0/C1 controls are not valid TISS text).
LATIN1_TEXT = st.characters(
    codec="latin-1", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\x85\xa0"
)
CBOS = ("225125", "225225", "225320", "223505", "251510", "225133", "223605")

# Items stay below the 4.01.00 width (8-2) even after quantity × fator.
UNIT = st.decimals(min_value=0, max_value=Decimal("999.99"), places=2)
FATOR = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9.99"), places=2)
QTD_DESPESA = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("99.9999"), places=4)


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


def valid_cpf() -> st.SearchStrategy[str]:
    return (
        digits(9)
        .filter(lambda b: len(set(b)) > 1)
        .map(lambda b: b + stdnum_cpf._calc_check_digits(b))
    )


def valid_cnpj() -> st.SearchStrategy[str]:
    return (
        digits(12)
        .filter(lambda b: len(set(b)) > 1)
        .map(lambda b: b + stdnum_cnpj.calc_check_digits(b))
    )


def text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(LATIN1_TEXT, min_size=1, max_size=max_size).filter(lambda s: s.strip() != "")


# Fields whose values follow a pattern rather than a free length.
_BY_NAME: dict[str, st.SearchStrategy[Any]] = {
    "registro_ans": digits(6),
    "cnes": digits(7),
    "cnes_contratado_executante": digits(7),
    "cbos": st.sampled_from(CBOS),
    "cbo": st.sampled_from(CBOS),
    "cpf_contratado": valid_cpf(),
    "cpf": valid_cpf(),
    "cnpj_contratado": valid_cnpj(),
    "cnpj": valid_cnpj(),
    "cnpj_local_executante": valid_cnpj(),
    "diagnostico": st.from_regex(r"[A-Z][0-9]{2}[0-9A-Z]?", fullmatch=True),
    "diagnostico_obito": st.from_regex(r"[A-Z][0-9]{2}[0-9A-Z]?", fullmatch=True),
    "declaracao_nascido": st.from_regex(r"[a-zA-Z0-9]{1,11}", fullmatch=True),
    "declaracao_obito": st.from_regex(r"[a-zA-Z0-9]{1,11}", fullmatch=True),
    "valor_unitario": UNIT,
    "valor_procedimento": UNIT,
    "reducao_acrescimo": FATOR,
    "quantidade_executada": st.integers(1, 99),
    "sequencial_item": st.none(),
    "item_vinculado": st.none(),
}

# XSD choices: exactly one of these fields is filled.
_CHOICES: dict[type[TissModel], tuple[str, ...]] = {
    ContratadoDados: ("codigo_prestador_na_operadora", "cpf_contratado", "cnpj_contratado"),
    ContratadoExecutanteConsulta: (
        "codigo_prestador_na_operadora",
        "cpf_contratado",
        "cnpj_contratado",
    ),
    CodigoProfissional: ("codigo_prestador_na_operadora", "cpf_contratado"),
    CodigoContratadoLocal: ("codigo_na_operadora", "cnpj_local_executante"),
    IdentificacaoPrestador: ("cnpj", "cpf", "codigo_prestador_na_operadora"),
}

# Lists that must be short to keep examples fast (and within XSD maxOccurs).
_MAX_ITEMS = {"diagnostico": 4, "declaracoes": 3}


def _max_length(model: type[TissModel], name: str) -> int:
    info = model.model_fields[name]
    found: list[int] = [m.max_length for m in info.metadata if isinstance(m, MaxLen)]

    def walk(tp: Any) -> None:
        for arg in typing.get_args(tp):
            if isinstance(arg, MaxLen):
                found.append(arg.max_length)
            elif hasattr(arg, "metadata"):
                found.extend(m.max_length for m in arg.metadata if isinstance(m, MaxLen))
            else:
                walk(arg)

    walk(info.annotation)
    return min(found) if found else 20


def _scalar(
    model: type[TissModel], spec: FieldSpec, version: TissVersion
) -> st.SearchStrategy[Any]:
    if spec.name in _BY_NAME:
        if spec.name == "quantidade_executada" and spec.kind is Kind.DECIMAL:
            return QTD_DESPESA
        return _BY_NAME[spec.name]
    kind = spec.kind
    if kind is Kind.ENUM:
        enum_type = model.model_fields[spec.name].annotation
        members = [m for m in _enum_of(enum_type)]
        return st.sampled_from(members)
    if kind is Kind.DECIMAL:
        return st.decimals(min_value=0, max_value=Decimal("99999.99"), places=spec.places or 2)
    if kind is Kind.INT:
        return st.integers(1, 99)
    if kind is Kind.DATE:
        return st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
    if kind is Kind.TIME:
        return st.times().map(lambda t: t.replace(microsecond=0))
    if kind is Kind.BASE64:
        return st.binary(min_size=1, max_size=32)
    return text(_max_length(model, spec.name))


def _enum_of(annotation: Any) -> type[Enum]:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    for arg in typing.get_args(annotation):
        try:
            return _enum_of(arg)
        except TypeError:
            continue
    raise TypeError(annotation)


def _field(
    model: type[TissModel], spec: FieldSpec, version: TissVersion
) -> tuple[st.SearchStrategy[Any], bool]:
    """The strategy of one field and whether the field must always be given."""
    if facts_of(model, spec.element, version) is None:
        return st.none(), True
    if spec.kind is Kind.MODEL and spec.model is not None:
        one = model_strategy(spec.model, version)
    elif spec.kind is Kind.MODEL:
        raise AssertionError("guia lists are generated by lote_strategy")
    else:
        one = _scalar(model, spec, version)
    if spec.name == "centro_consumo":
        one = st.sampled_from(list(CentroConsumo))
    info = model.model_fields[spec.name]
    if spec.repeated or spec.wrapped:
        min_size = 1 if any(getattr(m, "min_length", 0) for m in info.metadata) else 0
        return st.lists(one, min_size=min_size, max_size=_MAX_ITEMS.get(spec.name, 3)), True
    required = info.is_required() or required_since(model, spec.element, version) is not None
    return one, required


def model_strategy(model: type[TissModel], version: TissVersion) -> st.SearchStrategy[Any]:
    """Valid instances of ``model`` for ``version``."""
    specs = {spec.name: spec for spec in plan(model)}
    choice = _CHOICES.get(model, ())
    always: dict[str, st.SearchStrategy[Any]] = {}
    maybe: dict[str, st.SearchStrategy[Any]] = {}
    for name, spec in specs.items():
        if name in choice:
            continue
        strategy, required = _field(model, spec, version)
        (always if required else maybe)[name] = strategy
    if not choice:
        return st.fixed_dictionaries(always, optional=maybe).map(model.model_validate)

    def build(picked: str) -> st.SearchStrategy[Any]:
        value = _scalar(model, specs[picked], version)
        return st.fixed_dictionaries({**always, picked: value}, optional=maybe).map(
            model.model_validate
        )

    return st.sampled_from(choice).flatmap(build)


GUIA_TYPES: tuple[type[TissModel], ...] = (
    GuiaConsulta,
    GuiaSPSADT,
    GuiaResumoInternacao,
    GuiaHonorarios,
)


def guias(guia_type: type[TissModel], version: TissVersion, max_size: int = 3) -> Any:
    """Lists of guias of one type with distinct numeroGuiaPrestador."""
    return st.lists(
        model_strategy(guia_type, version),
        min_size=1,
        max_size=max_size,
        unique_by=lambda g: g.numero_guia_prestador,
    )
