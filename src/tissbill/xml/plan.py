"""How each model class maps to XML, derived once per class from its field annotations.

The models declare fields in XSD order with the element name as ``serialization_alias`` and
markers from :mod:`tissbill.models.types`; this module turns that into a flat list of
:class:`FieldSpec` that the writer and the reader both walk, so the two can never disagree.

What differs between TISS versions (whether a field exists, is mandatory, how many digits or
which pattern its value has) is not in the models: :func:`facts_of` finds it in
:mod:`tissbill.spec` at the places the model stands in ``mensagemTISS``.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, auto
from functools import cache
from typing import Any

from tissbill import spec
from tissbill.models.base import TissModel
from tissbill.models.mensagem import MensagemTISS
from tissbill.models.retornos import MensagemOperadora, MensagemPrestador
from tissbill.models.types import Decimals, Items
from tissbill.versions import TissVersion, supported_versions


class Kind(Enum):
    MODEL = auto()
    TEXT = auto()
    DECIMAL = auto()
    INT = auto()
    DATE = auto()
    TIME = auto()
    ENUM = auto()
    BASE64 = auto()


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    """Python field name (snake_case)."""
    element: str
    """Element name; for wrapped lists, the wrapper element."""
    kind: Kind
    model: type[TissModel] | None
    """Nested model class (Kind.MODEL with a single class)."""
    choices: dict[str, type[TissModel]] | None
    """Element name → class, for lists of several model types (the guias of a lote)."""
    enum: type[Enum] | None
    """The domain table of a Kind.ENUM field (some codes exist only from a later version)."""
    repeated: bool
    """The element itself repeats (``diagnostico``, ``equipeSadt``)."""
    item_element: str | None
    """For wrapped lists: the repeated child element inside the wrapper."""
    wrapped: bool
    places: int | None


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """Strip Annotated/Optional/list layers; return the base type, all markers, and list-ness."""
    metadata: list[Any] = []
    is_list = False
    tp = annotation
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, *extra = typing.get_args(tp)
            metadata.extend(extra)
            tp = base
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tuple(args), metadata, is_list
            tp = args[0]
        elif origin is list:
            is_list = True
            tp = typing.get_args(tp)[0]
        else:
            return tp, metadata, is_list


def _kind(tp: Any) -> Kind:
    if isinstance(tp, type):
        if issubclass(tp, TissModel):
            return Kind.MODEL
        if issubclass(tp, Enum):
            return Kind.ENUM
        if issubclass(tp, bool):
            raise TypeError("booleans are not TISS values")
        if issubclass(tp, int):
            return Kind.INT
        if issubclass(tp, Decimal):
            return Kind.DECIMAL
        if issubclass(tp, dt.datetime):
            raise TypeError("datetime is not a TISS value; use date and time fields")
        if issubclass(tp, dt.date):
            return Kind.DATE
        if issubclass(tp, dt.time):
            return Kind.TIME
        if issubclass(tp, bytes):
            return Kind.BASE64
        if issubclass(tp, str):
            return Kind.TEXT
    raise TypeError(f"no XML mapping for {tp!r}")


def _marker(metadata: list[Any], cls: type[Any]) -> Any:
    return next((m for m in metadata if isinstance(m, cls)), None)


@cache
def plan(model: type[TissModel]) -> tuple[FieldSpec, ...]:
    """The XML mapping of ``model``'s fields, in XSD order."""
    specs = []
    for name, info in model.model_fields.items():
        if name in model.__xml_exclude__:
            continue
        base, metadata, is_list = _unwrap(info.annotation)
        metadata.extend(info.metadata)
        items: Items | None = _marker(metadata, Items)
        decimals: Decimals | None = _marker(metadata, Decimals)
        choices = None
        nested = None
        if isinstance(base, tuple):
            choices = {cls.__tiss_element__: cls for cls in base}
            kind = Kind.MODEL
        else:
            kind = _kind(base)
            nested = base if kind is Kind.MODEL else None
        specs.append(
            FieldSpec(
                name=name,
                element=info.serialization_alias or name,
                kind=kind,
                model=nested,
                choices=choices,
                enum=base if kind is Kind.ENUM else None,
                repeated=is_list and items is None,
                item_element=items.element if items is not None else None,
                wrapped=items is not None,
                places=decimals.places if decimals is not None else None,
            )
        )
    return tuple(specs)


@cache
def by_element(model: type[TissModel]) -> dict[str, FieldSpec]:
    """``plan(model)`` indexed by element name, for the reader."""
    return {spec.element: spec for spec in plan(model)}


@cache
def model_paths() -> dict[type[TissModel], tuple[str, ...]]:
    """Where each model class stands in a message: its elements' paths from ``mensagemTISS``
    (as :mod:`tissbill.spec` names them), walking the field plans from each message class."""
    found: dict[type[TissModel], list[str]] = {}

    def walk(model: type[TissModel], path: str) -> None:
        paths = found.setdefault(model, [])
        if path in paths:
            return
        paths.append(path)
        for field in plan(model):
            child = f"{path}/{field.element}"
            if field.choices is not None:
                for element, cls in field.choices.items():
                    walk(cls, f"{child}/{element}")
            elif field.model is not None:
                walk(field.model, f"{child}/{field.item_element}" if field.wrapped else child)

    for message in (MensagemTISS, MensagemOperadora, MensagemPrestador):
        walk(message, "mensagemTISS")
    return {model: tuple(paths) for model, paths in found.items()}


def facts_of(
    model: type[TissModel], element: str, version: TissVersion
) -> spec.ElementFacts | None:
    """The facts of ``model``'s field ``element`` in ``version``: at the first place of the
    model whose XSD has it; None when the version has no such element."""
    facts = spec.for_version(version)
    for path in model_paths().get(model, ()):
        found = facts.find(f"{path}/{element}")
        if found is not None:
            return found
    return None


def added_in(model: type[TissModel], element: str, version: TissVersion) -> TissVersion | None:
    """The first version after ``version`` that has the field, when ``version`` lacks it."""
    if facts_of(model, element, version) is not None:
        return None
    later = (v for v in supported_versions() if v > version)
    return next((v for v in later if facts_of(model, element, v) is not None), None)


def required_since(
    model: type[TissModel], element: str, version: TissVersion
) -> TissVersion | None:
    """The version from which the field is mandatory without a break up to ``version``, when
    it is mandatory in ``version`` but not in every version (a requirement a version added)."""
    versions = supported_versions()

    def required(v: TissVersion) -> bool:
        found = facts_of(model, element, v)
        return found is not None and found.required

    if not required(version) or all(required(v) for v in versions):
        return None
    since = version
    for v in reversed([v for v in versions if v < version]):
        if not required(v):
            break
        since = v
    return since


def alternative_patterns(
    model: type[TissModel], element: str, version: TissVersion
) -> tuple[tuple[str, ...], tuple[tuple[TissVersion, tuple[str, ...]], ...]]:
    """The value patterns of the field in ``version`` and, when they differ from a later
    version's, those later versions' patterns (e.g. the alphanumeric CNPJ of 4.03.00)."""
    current = facts_of(model, element, version)
    own = tuple(current.facets.get("patterns", ())) if current is not None else ()
    later = []
    for v in supported_versions():
        found = facts_of(model, element, v) if v > version else None
        patterns = tuple(found.facets.get("patterns", ())) if found is not None else ()
        if patterns and patterns != own:
            later.append((v, patterns))
    return own, tuple(later)
