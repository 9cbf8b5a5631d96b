"""The vocabulary of recurring TISS elements (``tissbill.models.fields`` and the model-valued
elements next to their models) and the ``Choice`` base of the XSD choices."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import types
import typing
from collections import defaultdict
from typing import Any

import pytest
from pydantic import ValidationError, create_model

import tissbill.models as models
from tissbill.models import fields
from tissbill.models.base import Choice, TissModel
from tissbill.models.common import ContratadoExecutanteConsulta

MODULES = [
    importlib.import_module(f"tissbill.models.{info.name}")
    for info in pkgutil.iter_modules(models.__path__)
]


def _vocabulary() -> dict[str, Any]:
    """Every ``…Field`` / ``…Optional`` alias the model modules declare."""
    return {
        name: value
        for module in MODULES
        for name, value in vars(module).items()
        if name.endswith(("Field", "Optional")) and typing.get_origin(value) is typing.Annotated
    }


def _model_classes() -> list[type[TissModel]]:
    found = {
        obj
        for module in MODULES
        for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, TissModel)
    }
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


@pytest.mark.parametrize("alias", sorted(_vocabulary()))
def test_alias_keeps_element_name_and_description_in_the_model(alias: str) -> None:
    annotated = _vocabulary()[alias]
    optional = alias.endswith("Optional")
    # pydantic ignores a Field nested in one arm of ``X | None``: the None of an optional
    # element must sit inside the Annotated that carries its Field.
    base = typing.get_args(annotated)[0]
    arms = (
        typing.get_args(base) if typing.get_origin(base) in (typing.Union, types.UnionType) else ()
    )
    assert (type(None) in arms) is optional, f"{alias}: the None belongs inside the Annotated"

    model = create_model(  # type: ignore[call-overload]
        "Probe", __base__=TissModel, campo=(annotated, None) if optional else (annotated, ...)
    )
    info = model.model_fields["campo"]
    assert info.serialization_alias, f"{alias} lost its element name"
    assert info.description and info.description.startswith(f"{info.serialization_alias}: ")
    assert info.is_required() is not optional
    parameter = inspect.signature(model).parameters["campo"]
    assert (parameter.default is None) if optional else (parameter.default is parameter.empty)
    if optional:
        assert model().model_dump(by_alias=True) == {info.serialization_alias: None}


def test_a_recurring_element_is_declared_once() -> None:
    """Two models that hold the same element with the same type, requiredness and description
    name it by one vocabulary alias, instead of each repeating its Field(...)."""
    places: defaultdict[tuple[Any, ...], list[str]] = defaultdict(list)
    written: dict[str, str] = {}
    for model in _model_classes():
        own = inspect.get_annotations(model)
        for name, info in model.model_fields.items():
            if name not in own or name in model.__xml_exclude__:
                continue
            key = (
                info.serialization_alias,
                info.description,
                repr(info.annotation),
                repr(info.metadata),
                info.is_required(),
            )
            place = f"{model.__qualname__}.{name}"
            places[key].append(place)
            written[place] = str(own[name])
    vocabulary = _vocabulary()
    repeated = [
        [f"{place}: {written[place]}" for place in same]
        for same in places.values()
        if len(same) > 1 and any(written[place] not in vocabulary for place in same)
    ]
    assert not repeated, repeated


def test_every_choice_names_optional_fields_of_its_own() -> None:
    choices = [m for m in _model_classes() if issubclass(m, Choice) and m is not Choice]
    assert len(choices) >= 15
    for model in choices:
        assert len(model.__choice__) >= 2, model
        for name in model.__choice__:
            info = model.model_fields[name]
            assert not info.is_required() and info.default is None, f"{model.__name__}.{name}"


def test_a_choice_subclass_checks_the_choice_alone() -> None:
    # ContratadoExecutanteConsulta adds the CNES after the choice of identifier.
    ok = ContratadoExecutanteConsulta(codigo_prestador_na_operadora="123", cnes="1234567")
    assert ok.cnes == "1234567"
    with pytest.raises(ValidationError) as caught:
        ContratadoExecutanteConsulta(
            codigo_prestador_na_operadora="123", cpf_contratado="12345678909", cnes="1234567"
        )
    assert (
        "contratado: informe exatamente um entre codigo_prestador_na_operadora, cpf_contratado, "
        "cnpj_contratado (informado: codigo_prestador_na_operadora, cpf_contratado)"
    ) in str(caught.value)


def test_fields_module_holds_no_model() -> None:
    """The vocabulary of simple elements imports no model class (no cycle with the models)."""
    assert not [
        v for v in vars(fields).values() if isinstance(v, type) and issubclass(v, TissModel)
    ]
