"""Base class of every TISS model."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, model_validator


class TissModel(BaseModel):
    """A TISS structure. Field names are the standard's element names in snake_case: they are
    the only input names, the constructor's signature and the names in every error. The
    element name itself is each field's ``serialization_alias``, read only by the XML layer
    (and by ``model_dump(by_alias=True)``); it is not a validation alias, so type checkers and
    IDEs see the snake_case signature without any plugin.

    Fields are declared in the order of the XSD sequence, which is the order they are written.
    """

    model_config = ConfigDict(
        extra="forbid",
        validate_default=False,
        revalidate_instances="never",
    )

    __xml_exclude__: ClassVar[frozenset[str]] = frozenset()
    """Fields that are not TISS elements (e.g. the discriminator of guia types)."""

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        """Like pydantic's, but each JSON number is read exactly from its text as a Decimal.

        pydantic parses JSON numbers into floats, which would turn ``0.1000000000000000055``
        into ``0.1`` without a word; money must keep what was written.
        """
        try:
            data = json.loads(json_data, parse_float=Decimal)
        except ValueError:  # invalid JSON or text: pydantic's own error says where
            return super().model_validate_json(json_data, **kwargs)
        return cls.model_validate(data, **kwargs)


class Choice(TissModel):
    """An XSD ``choice``: exactly one of the fields named in ``__choice__`` is given.

    ``__choice_label__`` names the choice in the error (:meth:`_choice_label` when the name
    depends on the values). A subclass may add fields after the choice (they are written after
    it); it inherits the check of the choice alone.
    """

    __choice__: ClassVar[tuple[str, ...]]
    __choice_label__: ClassVar[str]

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        fields = self.__choice__
        filled = [name for name in fields if getattr(self, name) is not None]
        if len(filled) != 1:
            options = ", ".join(fields)
            found = ", ".join(filled) if filled else "nenhum"
            raise ValueError(
                f"{self._choice_label()}: informe exatamente um entre {options} "
                f"(informado: {found})"
            )
        return self

    def _choice_label(self) -> str:
        return self.__choice_label__
