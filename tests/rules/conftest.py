"""Fixtures and helpers shared by the business-rule tests.

Every fixture under ``fixtures/`` is a valid TISS 4.03.00 message (compact ISO-8859-1, ``ans``
prefix, valid CNPJ/CPF check digits, correct totals and epílogo hash). Tests get a fresh lxml
tree, mutate it with :func:`set_text` / :func:`remove` / :func:`insert`, and run every registered
rule with :func:`findings`.

Paths given to the helpers are XPath with the ``ans:`` prefix, e.g.
``"//ans:despesa[2]/ans:servicosExecutados/ans:valorTotal"``.

The fixtures (registroANS 419761, transaction dates in Oct/Nov 2026):

- ``consulta``: two guias de consulta (100000000000000451/452), TUSS 10101012, R$ 150,00 each.
- ``sadt``: SADT-2026-000873, endoscopia with a two-member equipeSadt and a biópsia (sequenciais
  1-2), a material 03/tabela 19 and a medicamento 02/tabela 20 (3-4) linked to item 1.
- ``resumo``: RI-2026-004417, Total (4), window 05/10/2026 07:15 → 08/10/2026 11:40, motivo 11;
  a colecistectomia with team and a visita (1-2), then diárias 05, taxa 07, OPME 08 (registro
  ANVISA and referência), material 03, medicamento 02, gases 01 (3-8); every total field used.
- ``honorarios``: HON-2026-000562 for the same internação (SI-2026-002981), cirurgião and
  primeiro auxiliar (fator 0,30), caraterAtendimento 1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from copy import deepcopy
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from tissbill.validation.engine import run_rules
from tissbill.validation.findings import Finding, Severity
from tissbill.validation.profile import STRICT_PROFILE, Profile
from tissbill.xml.epilogo import compute
from tissbill.xml.namespaces import NSMAP, TISS_NS

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_NAMES = ("consulta", "sadt", "resumo", "honorarios")
VERSION = "4.03.00"


@cache
def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / f"{name}.xml").read_bytes()


def load(name: str) -> etree._Element:
    """A fresh tree of fixture ``name`` (``"resumo"``, ``"sadt"``, ...), parsed from its bytes."""
    return etree.fromstring(fixture_bytes(name))


@pytest.fixture
def consulta() -> etree._Element:
    return load("consulta")


@pytest.fixture
def sadt() -> etree._Element:
    return load("sadt")


@pytest.fixture
def resumo() -> etree._Element:
    return load("resumo")


@pytest.fixture
def honorarios() -> etree._Element:
    return load("honorarios")


@pytest.fixture
def fixture_root() -> Callable[[str], etree._Element]:
    """Factory for tests parametrised over fixture names."""
    return load


def at(root: etree._Element, path: str) -> etree._Element:
    """The single element at ``path`` (fails the test when there is none or more than one)."""
    found = root.xpath(path, namespaces=NSMAP)
    assert isinstance(found, list) and len(found) == 1, f"{path!r} matched {found!r}"
    element = found[0]
    assert isinstance(element, etree._Element)
    return element


def set_text(root: etree._Element, path: str, value: str) -> etree._Element:
    element = at(root, path)
    element.text = value
    return element


def remove(root: etree._Element, path: str) -> etree._Element:
    """Detach the element at ``path``; returns its former parent."""
    element = at(root, path)
    parent = element.getparent()
    assert parent is not None
    parent.remove(element)
    return parent


def insert(
    root: etree._Element,
    parent_path: str,
    tag: str,
    text: str | None = None,
    *,
    after: str | None = None,
) -> etree._Element:
    """Create ``ans:tag`` under ``parent_path``, right after its child ``after`` (a local name).

    Without ``after`` the new element becomes the first child (schema order matters).
    """
    parent = at(root, parent_path)
    element = etree.Element(f"{{{TISS_NS}}}{tag}")
    element.text = text
    if after is None:
        parent.insert(0, element)
    else:
        at(parent, f"ans:{after}").addnext(element)
    return element


def add_guia(root: etree._Element, numero: str) -> etree._Element:
    """Append a copy of the lote's first guia, renumbered ``numero``; returns the copy.

    Mutate the copy with paths relative to it (``"ans:dadosInternacao/ans:tipoFaturamento"``).
    """
    guias = at(root, "//ans:guiasTISS")
    copy = deepcopy(guias[0])
    guias.append(copy)
    set_text(copy, ".//ans:numeroGuiaPrestador", numero)
    return copy


def rehash(root: etree._Element) -> None:
    """Write the epílogo hash of the (mutated) message."""
    at(root, "/ans:mensagemTISS/ans:epilogo/ans:hash").text = compute(root)


def findings(
    root: etree._Element,
    profile: Profile = STRICT_PROFILE,
    *,
    rehash_first: bool = False,
    version: str = VERSION,
) -> list[Finding]:
    """Run every registered rule; with ``rehash_first`` the epílogo hash is recomputed before."""
    if rehash_first:
        rehash(root)
    return run_rules(root, version=version, profile=profile)


def codes(found: Iterable[Finding]) -> list[str]:
    return [f.code for f in found]


def of(found: Iterable[Finding], code: str) -> list[Finding]:
    """The findings of rule ``code``."""
    return [f for f in found if f.code == code]


def errors(found: Iterable[Finding]) -> list[Finding]:
    return [f for f in found if f.severity is Severity.ERROR]


def guia_number(element: etree._Element) -> str | None:
    """numeroGuiaPrestador of the guia containing ``element``."""
    for ancestor in (element, *element.iterancestors()):
        parent = ancestor.getparent()
        if parent is not None and parent.tag == f"{{{TISS_NS}}}guiasTISS":
            numbers = ancestor.xpath(".//ans:numeroGuiaPrestador", namespaces=NSMAP)
            assert isinstance(numbers, list) and numbers
            number = numbers[0]
            assert isinstance(number, etree._Element)
            return number.text
    return None


def assert_points_at(finding: Finding, root: etree._Element, element: etree._Element) -> None:
    """The finding's XPath resolves to ``element``, its line and guia are the element's."""
    assert finding.xpath is not None, finding
    assert at(root, finding.xpath) is element, (finding.xpath, finding.message)
    assert finding.line == element.sourceline
    assert finding.guia == guia_number(element)


def single(
    root: etree._Element,
    code: str,
    severity: Severity,
    path: str,
    profile: Profile = STRICT_PROFILE,
    *,
    version: str = VERSION,
) -> Finding:
    """Run the rules; ``code`` must report exactly once, at ``path``, with ``severity``."""
    hits = of(findings(root, profile, version=version), code)
    assert len(hits) == 1, [(f.severity, f.message, f.xpath) for f in hits]
    hit = hits[0]
    assert hit.severity is severity, hit
    assert_points_at(hit, root, at(root, path))
    assert hit.message.strip()
    return hit


Mutation = Callable[[etree._Element], object]


@dataclass(frozen=True)
class Case:
    """One rule firing once: mutate ``fixture``, expect ``code`` with ``severity`` at ``target``."""

    id: str
    fixture: str
    mutate: Mutation
    code: str
    severity: Severity
    target: str
    profile: Profile = field(default=STRICT_PROFILE)
    version: str = VERSION


def check(case: Case) -> Finding:
    root = load(case.fixture)
    case.mutate(root)
    return single(root, case.code, case.severity, case.target, case.profile, version=case.version)


def steps(*mutations: Mutation) -> Mutation:
    """Several mutations applied in order, as one."""

    def apply(root: etree._Element) -> None:
        for mutation in mutations:
            mutation(root)

    return apply


def setting(path: str, value: str) -> Mutation:
    return lambda root: set_text(root, path, value)


def removing(path: str) -> Mutation:
    return lambda root: remove(root, path)


def inserting(
    parent_path: str, tag: str, value: str | None = None, *, after: str | None = None
) -> Mutation:
    return lambda root: insert(root, parent_path, tag, value, after=after)


@cache
def fixture_findings() -> dict[str, tuple[Finding, ...]]:
    """Findings of every registered rule on each unmodified fixture (computed once)."""
    return {name: tuple(findings(load(name))) for name in FIXTURE_NAMES}


def assert_silent_on_fixtures(code: str) -> None:
    """Rule ``code`` reports nothing (of any severity) on any valid fixture."""
    for name, found in fixture_findings().items():
        hits = [(f.severity, f.message) for f in found if f.code == code]
        assert hits == [], (name, hits)
