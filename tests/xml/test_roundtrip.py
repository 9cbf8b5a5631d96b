"""model → XML → model is lossless, and every XML written validates against the official XSD."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import assert_valid_xsd
from tests.strategies import GUIA_TYPES, guias
from tissbill.billing.builder import LoteSettings, build_lotes
from tissbill.models import IdentificacaoPrestador, MensagemTISS
from tissbill.versions import TissVersion
from tissbill.xml import epilogo
from tissbill.xml.parser import parse_bytes
from tissbill.xml.reader import read_message

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _messages(guia_type: type, version: TissVersion) -> st.SearchStrategy[list[MensagemTISS]]:
    return guias(guia_type, version).map(lambda gs: [g for g in gs])


@pytest.mark.parametrize("version", list(TissVersion), ids=str)
@pytest.mark.parametrize("guia_type", GUIA_TYPES, ids=lambda t: t.__name__)
def test_round_trip_is_lossless_and_schema_valid(guia_type: type, version: TissVersion) -> None:
    @SETTINGS
    @given(guias(guia_type, version), st.booleans())
    def check(generated: list, utf8: bool) -> None:
        # Every guia gets the same operadora so the builder makes exactly one lote.
        same_operadora = [
            g.model_copy(
                update={
                    name: getattr(g, name).model_copy(update={"registro_ans": "331988"})
                    for name in ("cabecalho_consulta", "cabecalho_guia")
                    if hasattr(g, name)
                }
            )
            for g in generated
        ]
        (lote,) = build_lotes(
            same_operadora,
            LoteSettings(
                prestador=IdentificacaoPrestador(codigo_prestador_na_operadora="123"),
                versao=version,
                data_registro=dt.datetime(2031, 1, 2, 3, 4, 5),
            ),
            encoding="utf-8" if utf8 else "iso-8859-1",
            validate=False,  # random guias (CPFs, totals) need not pass the business rules
        )
        assert_valid_xsd(lote.xml, version.value)
        read = read_message(lote.xml)
        assert read == lote.message
        # The hash written is the one a verifier computes from the bytes.
        assert epilogo.verify(parse_bytes(lote.xml).root).ok

    check()
