"""Every guia names its prestador number and operadora through its own cabeçalho."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import GUIA_TYPES, model_strategy
from tissbill.models import CabecalhoGuia
from tissbill.models.base import TissModel
from tissbill.versions import DEFAULT_VERSION


@pytest.mark.parametrize("guia_type", GUIA_TYPES, ids=lambda cls: cls.__name__)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_numero_and_registro_ans_are_those_of_the_cabecalho(
    guia_type: type[TissModel], data: st.DataObject
) -> None:
    guia: Any = data.draw(model_strategy(guia_type, DEFAULT_VERSION))
    # cabecalhoConsulta in the consulta, cabecalhoGuia in the others.
    (cabecalho,) = [v for _, v in guia if isinstance(v, CabecalhoGuia)]
    assert guia.numero_guia_prestador == cabecalho.numero_guia_prestador
    assert guia.registro_ans == cabecalho.registro_ans
