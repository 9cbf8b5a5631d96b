"""How each model class maps to XML, derived once per class from its field annotations.

The models declare fields in XSD order with the element name as ``serialization_alias`` and
markers from :mod:`tissbill.models.types`; this module turns that into a flat list of
:class:`FieldSpec` that the writer and the reader both walk, so the two can never disagree.
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

from tissbill.models.base import TissModel
from tissbill.models.types import AlphanumericSince, Decimals, Items, Since, TotalDigits


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
    digits: TotalDigits | None
    since: Since | None
    alphanumeric_since: AlphanumericSince | None


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
                digits=_marker(metadata, TotalDigits),
                since=_marker(metadata, Since),
                alphanumeric_since=_marker(metadata, AlphanumericSince),
            )
        )
    return tuple(specs)


@cache
def by_element(model: type[TissModel]) -> dict[str, FieldSpec]:
    """``plan(model)`` indexed by element name, for the reader."""
    return {spec.element: spec for spec in plan(model)}
