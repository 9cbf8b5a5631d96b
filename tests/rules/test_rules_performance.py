"""The RI, OD, TOT, CON, SADT and HON rules stay cheap next to the XSD on a 100-guia lote.

A regression guard, not the product target (validate ≤ 2× bare parse + XSD + MD5 is measured by
benchmarks/run.py): a rule that searches the whole document (``//``) per guia, or compares guias
pairwise, multiplies this ratio by the number of guias and fails here. CPU time, best of several
runs, so a busy machine does not make it flaky.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from lxml import etree

from tests.conftest import official_schema
from tests.rules.conftest import FIXTURE_NAMES, VERSION, add_guia, at, load
from tissbill.validation.context import MessageContext
from tissbill.validation.registry import Scope, all_rules

AREAS = {"RI", "OD", "TOT", "CON", "SADT", "HON"}
LIMIT = 10.0
"""Measured 3-6× on the fixtures' lotes (consulta highest: its guias are tiny for the XSD)."""


def lote_of_100(name: str) -> etree._Element:
    """The fixture's lote filled to 100 guias, each its own internação (distinct numbers)."""
    root = load(name)
    guias = at(root, "//ans:guiasTISS")
    for index in range(100 - len(guias)):
        copy = add_guia(root, f"G{index:06d}")
        for path in (".//ans:numeroGuiaSolicitacaoInternacao", ".//ans:guiaSolicInternacao"):
            for element in copy.xpath(path, namespaces={"ans": guias.nsmap["ans"]}):
                element.text = f"SI{index:06d}"
    return root


def cpu_seconds(action: Callable[[], object], repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_area_rules_cost_a_few_xsd_validations_on_a_100_guia_lote(name: str) -> None:
    root = lote_of_100(name)
    schema = official_schema(VERSION)
    assert schema.validate(root)
    rules = [r for r in all_rules() if r.area in AREAS]

    def run() -> None:
        message = MessageContext(root, version=VERSION)
        for rule in rules:
            contexts = [message] if rule.scope is Scope.MESSAGE else message.guias
            for context in contexts:
                for _ in rule.check(context):
                    raise AssertionError(f"{rule.code} fired on a valid lote")

    xsd = cpu_seconds(lambda: schema.validate(root))
    ratio = cpu_seconds(run) / xsd
    assert ratio <= LIMIT, f"{name}: rules take {ratio:.1f}× the XSD validation"
