"""Base class of every TISS model."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class TissModel(BaseModel):
    """A TISS structure. Field names are the standard's element names in snake_case; the
    alias of each field is the element name itself, so either can be used as input.

    Fields are declared in the order of the XSD sequence, which is the order they are written.
    """

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        extra="forbid",
        validate_default=False,
        revalidate_instances="never",
    )

    __xml_exclude__: ClassVar[frozenset[str]] = frozenset()
    """Fields that are not TISS elements (e.g. the discriminator of guia types)."""


def exactly_one(model: BaseModel, fields: tuple[str, ...], what: str) -> None:
    """Raise ValueError unless exactly one of ``fields`` is set (an XSD ``choice``)."""
    filled = [name for name in fields if getattr(model, name) is not None]
    if len(filled) != 1:
        options = ", ".join(fields)
        found = ", ".join(filled) if filled else "nenhum"
        raise ValueError(f"{what}: informe exatamente um entre {options} (informado: {found})")
