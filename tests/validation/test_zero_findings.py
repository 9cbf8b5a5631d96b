"""What tissbill writes, tissbill accepts: the bundled examples and builder output get no finding.

A finding of any severity on our own output would teach users to ignore findings, so these
tests demand an empty list, not only ``valid``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, VERSIONS
from tissbill.billing.builder import LoteRequest, LoteSettings, build_lotes
from tissbill.billing.inputs import load_data
from tissbill.errors import VersionFieldError
from tissbill.models.guias import Guia
from tissbill.validation import validate

EXAMPLES = REPO / "examples"
GOLDEN = sorted(EXAMPLES.glob("*/expected/*.xml"))
INPUTS = sorted([*EXAMPLES.glob("*/lote.json"), *EXAMPLES.glob("*/lote.yaml")])
# After every date in the examples: LOT rules refuse events after the transaction.
DATA_REGISTRO = dt.datetime(2026, 1, 5, 9, 30)


def _described(findings: list[object]) -> str:
    return "\n".join(map(str, findings))


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_bundled_example_has_no_finding(path: Path) -> None:
    report = validate(path)
    assert report.findings == [], _described(list(report.findings))


@cache
def _requests() -> tuple[LoteRequest, ...]:
    return tuple(LoteRequest.model_validate(load_data(p)) for p in INPUTS)


@cache
def _pool(version: str) -> tuple[Guia, ...]:
    """Every example guia that exists in ``version`` (some use fields added in 4.03.00)."""
    pool: dict[str, Guia] = {}
    for request in _requests():
        for guia in request.guias:
            try:
                build_lotes([guia], _settings(request.settings, version, 100, 1), validate=False)
            except VersionFieldError:
                continue
            pool.setdefault(guia.numero_guia_prestador, guia)  # numbers unique within a lote
    return tuple(pool.values())


def _settings(base: LoteSettings, version: str, max_guias: int, first: int) -> LoteSettings:
    return base.model_copy(
        update={
            "versao": version,
            "max_guias": max_guias,
            "numero_lote_inicial": first,
            "data_registro": DATA_REGISTRO,
        }
    )


def test_every_version_has_guias_of_several_types_to_draw_from() -> None:
    for version in VERSIONS:
        assert len({type(g) for g in _pool(version)}) >= 3, version


@st.composite
def _lote_inputs(draw: st.DrawFn) -> tuple[list[Guia], LoteSettings]:
    version = draw(st.sampled_from(VERSIONS))
    pool = _pool(version)
    chosen = draw(st.lists(st.sampled_from(range(len(pool))), min_size=1, max_size=40, unique=True))
    base = draw(st.sampled_from(_requests())).settings
    settings_ = _settings(
        base,
        version,
        draw(st.integers(min_value=1, max_value=100)),
        draw(st.integers(min_value=1, max_value=999_999_999)),
    )
    return [pool[i] for i in chosen], settings_


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_lote_inputs())
def test_every_lote_the_builder_writes_has_no_finding(
    case: tuple[list[Guia], LoteSettings],
) -> None:
    guias, lote_settings = case
    for lote in build_lotes(guias, lote_settings, validate=False):
        report = validate(lote.xml)
        assert report.findings == [], _described(list(report.findings))
