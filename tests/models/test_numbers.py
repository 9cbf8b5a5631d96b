"""Numbers from JSON, YAML and Python floats: read as written, refused when they do not fit."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from tissbill.billing.builder import LoteRequest
from tissbill.models import ServicosExecutados
from tissbill.models.types import (
    Decimals,
    Fator,
    QuantidadeAnalisada,
    QuantidadeDespesa,
    ValorItem,
    ValorTotal,
)

REPO = Path(__file__).resolve().parents[2]
SERVICO: dict[str, Any] = {
    "data_execucao": "2025-01-29",
    "codigo_tabela": "19",
    "codigo_procedimento": "74760220",
    "quantidade_executada": 4,
    "unidade_medida": "036",
    "descricao_procedimento": "CÂNULA",
}
SERVICO_KEYS = list(SERVICO)


def _json(valor: str, quantidade: str = "4") -> str:
    """A JSON document with the numbers written exactly as given."""
    fields = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in SERVICO.items()]
    fields[SERVICO_KEYS.index("quantidade_executada")] = f'"quantidade_executada": {quantidade}'
    return "{" + ", ".join([*fields, f'"valor_unitario": {valor}']) + "}"


def test_bundled_yaml_loads_with_plain_safe_load() -> None:
    text = (REPO / "examples" / "pasa_opme_resumo" / "lote.yaml").read_text(encoding="utf-8")
    request = LoteRequest.model_validate(yaml.safe_load(text))
    servico = request.guias[0].outras_despesas[0].servicos_executados  # type: ignore[union-attr]
    assert servico.valor_unitario == Decimal("1800.00")
    assert request.guias[0].valor_total_geral == Decimal("7200.00")


@pytest.mark.parametrize("valor", ["1800.00", "1800", "0.1", "93.10"])
def test_json_numbers_are_read_from_their_text(valor: str) -> None:
    servico = ServicosExecutados.model_validate_json(_json(valor))
    assert servico.valor_unitario == Decimal(valor)
    assert str(servico.valor_unitario) == valor  # the text, not a float's


def test_json_quantity_keeps_four_places() -> None:
    servico = ServicosExecutados.model_validate_json(_json("1.00", quantidade="2.3333"))
    assert servico.quantidade_executada == Decimal("2.3333")


@pytest.mark.parametrize("valor", ["0.123", "1e-7", "0.1000000000000000055"])
def test_json_numbers_beyond_the_places_are_refused(valor: str) -> None:
    # 0.1000000000000000055 would be 0.1 as a float: reading the text keeps it refused.
    with pytest.raises(ValidationError, match="2 casas decimais") as caught:
        ServicosExecutados.model_validate_json(_json(valor))
    assert caught.value.errors()[0]["loc"] == ("valor_unitario",)


def test_invalid_json_is_pydantics_validation_error() -> None:
    with pytest.raises(ValidationError, match="Invalid JSON"):
        ServicosExecutados.model_validate_json('{"valor_unitario": ')


@pytest.mark.parametrize("valor", [1800.0, 0.1, 93.1, 1e3])
def test_floats_that_fit_are_accepted(valor: float) -> None:
    servico = ServicosExecutados.model_validate({**SERVICO, "valor_unitario": valor})
    assert servico.valor_unitario == Decimal(repr(valor))


@pytest.mark.parametrize(
    ("valor", "texto"),
    [(0.123, "0.123"), (1e-7, "1e-07"), (0.1 + 0.2, "0.30000000000000004")],
)
def test_floats_that_do_not_fit_are_refused_in_portuguese(valor: float, texto: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ServicosExecutados.model_validate({**SERVICO, "valor_unitario": valor})
    (error,) = caught.value.errors()
    assert error["loc"] == ("valor_unitario",)
    assert f"o número {texto} não cabe em 2 casas decimais" in error["msg"]


@pytest.mark.parametrize("valor", [float("nan"), float("inf")])
def test_non_finite_floats_are_refused(valor: float) -> None:
    with pytest.raises(ValidationError, match="valor numérico inválido"):
        ServicosExecutados.model_validate({**SERVICO, "valor_unitario": valor})


@given(st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2))
def test_any_two_place_decimal_round_trips_through_float(valor: Decimal) -> None:
    from_float = ServicosExecutados.model_validate({**SERVICO, "valor_unitario": float(valor)})
    exact = ServicosExecutados.model_validate({**SERVICO, "valor_unitario": valor})
    assert from_float == exact


@given(st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("99999.9999"), places=4))
def test_any_four_place_quantity_round_trips_through_float(quantidade: Decimal) -> None:
    servico = ServicosExecutados.model_validate(
        {**SERVICO, "quantidade_executada": float(quantidade), "valor_unitario": 1}
    )
    assert servico.quantidade_executada == quantidade


DECIMAL_TYPES = {
    "ValorItem": ValorItem,
    "ValorTotal": ValorTotal,
    "Fator": Fator,
    "QuantidadeDespesa": QuantidadeDespesa,
    "QuantidadeAnalisada": QuantidadeAnalisada,
}


def _places(annotated: Any) -> int:
    """The places the writer uses for a type (its Decimals marker)."""
    (marker,) = [m for m in get_args(annotated)[1:] if isinstance(m, Decimals)]
    return marker.places


@pytest.mark.parametrize("name", DECIMAL_TYPES)
def test_decimal_types_accept_the_places_they_are_written_with(name: str) -> None:
    annotated = DECIMAL_TYPES[name]
    places = _places(annotated)
    adapter: TypeAdapter[Decimal] = TypeAdapter(annotated)
    exact = Decimal(1).scaleb(-places) + 1  # 1.01 or 1.0001
    assert adapter.validate_python(str(exact)) == exact
    assert adapter.validate_python(float(exact)) == exact
    finer = Decimal(1).scaleb(-places - 1) + 1
    for value in (str(finer), finer):
        with pytest.raises(ValidationError, match=f"no máximo {places} casas decimais"):
            adapter.validate_python(value)
    with pytest.raises(ValidationError, match=f"não cabe em {places} casas decimais"):
        adapter.validate_python(float(finer))


def test_a_bound_is_reported_before_the_places() -> None:
    # 9.999 breaks both the fator's maximum and its 2 places: the bound is what pydantic says.
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Fator).validate_python("9.999")
    assert [e["type"] for e in caught.value.errors()] == ["less_than_equal"]
