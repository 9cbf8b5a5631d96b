"""Helpers for the validation pipeline tests (engine, XSD, API, CLI, corpus, fuzz).

Valid messages come from the business-rule fixtures (tests/rules/fixtures), which their owners
keep valid against the XSD and every rule; tests here change them and re-seal the epílogo hash
so that only the intended problem remains.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SEEDS
from tissbill.validation import catalogue, declaration
from tissbill.validation.findings import Report
from tissbill.xml.epilogo import compute
from tissbill.xml.namespaces import NSMAP, TISS_NS

TESTS = Path(__file__).resolve().parents[1]
CORPUS = TESTS / "corpus"
VALID_FIXTURES = TESTS / "rules" / "fixtures"
SEED = SEEDS / "seed_opme_resumo_401.compact.xml"


def valid_bytes(name: str = "sadt") -> bytes:
    """A valid TISS 4.03.00 message: ``consulta``, ``sadt``, ``resumo`` or ``honorarios``."""
    return (VALID_FIXTURES / f"{name}.xml").read_bytes()


def seal(root: etree._Element) -> bytes:
    """``root`` as ISO-8859-1 bytes with a freshly computed epílogo hash."""
    hash_element = root.find(f"{{{TISS_NS}}}epilogo/{{{TISS_NS}}}hash")
    assert hash_element is not None
    hash_element.text = compute(root)
    data = etree.tostring(root, xml_declaration=True, encoding="ISO-8859-1")
    assert isinstance(data, bytes)
    return data


def edited(name: str, change: Callable[[etree._Element], object]) -> bytes:
    """Fixture ``name`` changed in place by ``change(root)``, re-sealed."""
    root = etree.fromstring(valid_bytes(name))
    change(root)
    return seal(root)


def at(root: etree._Element, path: str) -> etree._Element:
    found = root.xpath(path, namespaces=NSMAP)
    assert isinstance(found, list) and found, f"{path!r} matched nothing"
    element = found[0]
    assert isinstance(element, etree._Element)
    return element


def codes(report: Report) -> list[str]:
    return [f.code for f in report.findings]


def many_guias(count: int, name: str = "consulta") -> bytes:
    """Fixture ``name`` with its first guia repeated ``count`` times (distinct numbers)."""

    def repeat(root: etree._Element) -> None:
        guias = at(root, "//ans:guiasTISS")
        first = guias[0]
        for child in list(guias):
            guias.remove(child)
        for index in range(count):
            copy = etree.fromstring(etree.tostring(first))
            number = at(copy, ".//ans:numeroGuiaPrestador")
            number.text = f"{index + 1:08d}"
            guias.append(copy)

    return edited(name, repeat)


@pytest.fixture
def isolated_rules(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, declaration.Rule]]:
    """An empty rule registry for the test; rules registered with ``@rule`` go there."""
    catalogue.all_rules()  # import the real rules first, so they do not land in the test registry
    rules: dict[str, declaration.Rule] = {}
    monkeypatch.setattr(declaration, "RULES", rules)
    yield rules
