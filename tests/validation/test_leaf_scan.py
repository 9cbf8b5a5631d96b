"""The document-wide leaf reading: one shared scan, and the tag walks the XSD makes exact."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import VERSIONS, schemas_dir
from tests.rules.conftest import FIXTURE_NAMES, at, load
from tissbill.validation import context
from tissbill.validation.context import LeafScan, MessageContext
from tissbill.validation.engine import evaluate
from tissbill.validation.profile import STRICT_PROFILE
from tissbill.validation.rules import documento
from tissbill.xml import epilogo
from tissbill.xml.namespaces import DS_NS, TISS_NS

_XS = "{http://www.w3.org/2001/XMLSchema}"


def _declared_names(version: str) -> set[str]:
    names: set[str] = set()
    for path in (schemas_dir(version) / version).glob("tiss*.xsd"):
        names.update(str(e.get("name")) for e in etree.parse(str(path)).iter(f"{_XS}element"))
    return names


def _local(tags: tuple[str, ...]) -> set[str]:
    return {tag.rsplit("}", 1)[1] for tag in tags}


@pytest.mark.parametrize("version", VERSIONS)
def test_every_date_and_money_element_of_the_xsd_is_known(version: str) -> None:
    # GEN-002/GEN-003 read their tags from the spec: they must be exactly the XSD's.
    names = _declared_names(version)
    dates = {n for n in names if n.startswith(("data", "hora"))}
    money = {n for n in names if n.startswith("valor")}
    date_tags = context._declared_by_check(version, documento._date_check)
    assert dates and _local(date_tags[documento._plain_date_or_time]) == dates
    money_tags = context._declared_by_check(version, documento._decimal_check)
    assert money and _local(money_tags[documento._in_money_form]) == money


def test_scan_keeps_only_the_candidates() -> None:
    root = load("sadt")
    padded = at(root, "//ans:cabecalho/ans:identificacaoTransacao/ans:sequencialTransacao")
    padded.text = f" {padded.text}"
    blank = at(root, "//ans:dadosBeneficiario/ans:numeroCarteira")
    blank.text = "\xa0"
    curly = at(root, "//ans:indicacaoClinica")
    curly.text = "Dispepsia \u201cpersistente\u201d"
    control = at(root, "//ans:nomeContratadoSolicitante")
    control.text = "Cl\u00ednica\x96"
    assert any(not (e.text or "").isascii() for e in root.iter() if e not in (curly, control))
    scan = MessageContext(root, version="4.03.00", profile=STRICT_PROFILE).leaf_scan
    assert scan.padded == [padded, blank]
    # Accented text is plain ISO-8859-1: only what ENC-002 reports is suspect.
    assert scan.suspect == [control, curly] and not scan.indented
    padded.tail = "\n"
    assert MessageContext(root, version="4.03.00", profile=STRICT_PROFILE).leaf_scan.indented


def test_the_scan_rides_on_the_hash_walk_without_changing_the_hash() -> None:
    root = load("sadt")
    at(root, "//ans:dadosBeneficiario/ans:numeroCarteira").text = " Ação "
    # A leaf holding only a comment is hashed but is not a leaf for the scan.
    at(root, "//ans:numeroLote").append(etree.Comment("c"))
    # Leaves outside TISS (here a signature's) are hashed but never scanned.
    signature = etree.SubElement(at(root, "//ans:guiaSP-SADT"), f"{{{DS_NS}}}Signature")
    etree.SubElement(signature, f"{{{DS_NS}}}SignatureValue").text = " é\n"
    hash_element = at(root, "//ans:epilogo/ans:hash")
    hash_element.text = f" {epilogo.compute(root)} "
    message = MessageContext(root, version="4.03.00", profile=STRICT_PROFILE)
    assert message.hash_check == epilogo.verify(root)
    assert message.hash_check.ok
    values = (
        "".join(e.xpath("text()"))
        for e in root.iter(etree.Element)
        if e is not hash_element and not any(isinstance(c.tag, str) for c in e)
    )
    payload = "".join(values).encode("iso-8859-1")
    assert message.hash_check.expected == hashlib.md5(payload, usedforsecurity=False).hexdigest()
    tiss_leaves = [e for e in root.iter(f"{{{TISS_NS}}}*") if len(e) == 0]
    scan = message.leaf_scan
    assert scan.padded == [
        e for e in tiss_leaves if e.text and e.text.strip(" \t\r\n\xa0") != e.text
    ]
    assert hash_element in scan.padded and len(scan.padded) == 2
    assert scan.suspect == []
    assert not scan.indented


def _findings(root: etree._Element, schema_valid: bool) -> list[tuple[object, ...]]:
    message = MessageContext(root, version="4.03.00", profile=STRICT_PROFILE)
    message.schema_valid = schema_valid
    return [(f.code, f.message, f.line, f.xpath, f.guia) for f in evaluate(message)]


@pytest.mark.parametrize("name", ["consulta", "sadt", "resumo", "honorarios"])
def test_the_declared_tag_walk_finds_what_the_full_walk_finds(name: str) -> None:
    root = load(name)
    for path, value in (
        ("(//ans:dataExecucao | //ans:dataAtendimento)[1]", "2026-10-05-03:00"),
        ("//ans:identificacaoTransacao/ans:horaRegistroTransacao", "10:00:00.5"),
        ("(//ans:valorTotal/* | //ans:valorProcedimento | //ans:valorTotalHonorarios)[1]", "1,00"),
    ):
        at(root, path).text = value
    found = _findings(root, schema_valid=True)
    assert {"GEN-002", "GEN-003"} <= {code for code, *_ in found}
    assert found == _findings(root, schema_valid=False)


def test_a_tiss_element_inside_a_signature_takes_the_full_walk() -> None:
    root = load("sadt")
    signature = etree.SubElement(root, f"{{{DS_NS}}}Signature")
    etree.SubElement(signature, f"{{{TISS_NS}}}dataQualquer").text = "2026-10-05Z"
    found = _findings(root, schema_valid=True)
    assert [x for x in found if x[0] == "GEN-002"] == [
        x for x in _findings(root, schema_valid=False) if x[0] == "GEN-002"
    ]
    assert any(x[0] == "GEN-002" and "dataQualquer" in str(x[1]) for x in found)


_ODD_TEXTS = (" ", "\n  ", "\xa0", "ção", "\u201cx\u201d", "\x96", "Ω", "a b", "x\t", "")
_EDITS = st.lists(
    st.tuples(
        st.sampled_from(("comment", "tail", "prefix", "suffix", "pi", "inner")),
        st.booleans(),
        st.integers(min_value=0, max_value=100_000),
        st.sampled_from(_ODD_TEXTS),
    ),
    max_size=4,
)


def _edit(root: etree._Element, kind: str, shallow: bool, index: int, value: str) -> None:
    """One change that keeps text outside the leaves to whitespace (the fast reading's
    premise): comments and PIs anywhere, whitespace between tags, odd leaf values. Half the
    changes hit the top levels (down to the guias), where the reading splits the tree."""
    elements = list(root.iter(etree.Element))
    if shallow:
        elements = [e for e in elements if sum(1 for _ in e.iterancestors()) <= 4]
    element = elements[index % len(elements)]
    is_leaf = next(element.iterchildren(etree.Element), None) is None
    blank = not value.strip(" \t\r\n")
    if kind == "comment" and (is_leaf or blank):
        comment = etree.Comment("c")
        comment.tail = value or None
        element.insert(index % (len(element) + 1), comment)
    elif kind == "tail" and element is not root and blank:
        element.tail = value or None
    elif kind in ("prefix", "suffix") and is_leaf and element.text:
        element.text = value + element.text if kind == "prefix" else element.text + value
    elif kind == "pi" and is_leaf:
        element.append(etree.ProcessingInstruction("p", "x"))
    elif kind == "inner" and not is_leaf and blank:
        element.text = value or None


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(FIXTURE_NAMES), edits=_EDITS)
def test_the_fast_reading_agrees_with_the_walk(
    name: str, edits: list[tuple[str, bool, int, str]]
) -> None:
    root = load(name)
    for edit in edits:
        _edit(root, *edit)
    walked, read = LeafScan(), LeafScan()
    assert epilogo.verify(root, read, text_in_leaves=True) == epilogo.verify(root, walked)
    assert read.padded == walked.padded
    assert read.suspect == walked.suspect
    assert read.indented == walked.indented


def test_the_fast_reading_is_taken_only_when_no_element_is_needed() -> None:
    root = load("sadt")
    scan = LeafScan()
    assert epilogo._fast_digests(root, scan) is not None
    assert (scan.padded, scan.suspect, scan.indented) == ([], [], False)
    at(root, "//ans:indicacaoClinica").text = "Dispepsia "
    assert epilogo._fast_digests(root, scan) is None
    root = load("sadt")
    etree.indent(root)
    assert epilogo._fast_digests(root, scan) is None


class _Recorder:
    """A hook of another caller: the hash walk serves any namespace and edge characters."""

    namespace = "{" + TISS_NS + "}"
    edges = "x"
    indented = False

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def edge_leaf(self, element: etree._Element) -> None:
        self.calls.append(("edge", etree.QName(element).localname))

    def suspect_leaf(self, element: etree._Element) -> None:
        self.calls.append(("suspect", etree.QName(element).localname))

    def tail_leaf(self, element: etree._Element) -> None:
        self.calls.append(("tail", etree.QName(element).localname))
        self.indented = True


def test_the_hash_walk_reports_candidate_leaves_to_any_hook() -> None:
    root = load("sadt")
    at(root, "//ans:indicacaoClinica").text = "xDispepsia\u2013"
    hook = _Recorder()
    assert epilogo.verify(root, hook).ok is False  # the edit changed the payload
    assert hook.calls == [("edge", "indicacaoClinica"), ("suspect", "indicacaoClinica")]
    etree.indent(root)
    hook = _Recorder()
    epilogo.verify(root, hook)
    assert len([call for call in hook.calls if call[0] == "tail"]) == 1  # then indented


_DATE_TEXTS = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.dates().map(lambda d: f"{d.isoformat()}-03:00"),
    st.dates().map(lambda d: f" {d.isoformat()}"),
    st.sampled_from(("", "2025-13-01", "abc", "2025-1-1")),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(_DATE_TEXTS, min_size=1, max_size=5), limit=st.dates())
def test_the_text_compared_dates_agree_with_the_parsed_dates(
    values: list[str], limit: dt.date
) -> None:
    root = etree.Element(f"{{{TISS_NS}}}mensagemTISS")
    elements = [etree.SubElement(root, f"{{{TISS_NS}}}dataExecucao") for _ in values]
    for element, value in zip(elements, values, strict=True):
        element.text = value
    parsed = [context.date(element) for element in elements]
    late = [d if d is not None and d >= limit else None for d in parsed]
    assert [context.date_not_before(e, limit) for e in elements] == late
    # The walk may take an unreadable value for an early one (the XSD reports it), never a
    # late date for an early one; plain early dates are all it takes.
    all_before = MessageContext(root, version="4.03.00", profile=STRICT_PROFILE).all_dates_before(
        "dataExecucao", limit
    )
    if all_before:
        assert late == [None] * len(values)
    if all(
        len(v) == 10 and d is not None and d < limit for v, d in zip(values, parsed, strict=True)
    ):
        assert all_before


def test_refused_values_reads_the_fields_the_check_names() -> None:
    root = load("sadt")
    valor = at(root, "(//ans:valorTotal/ans:valorProcedimentos)[1]")
    valor.text = "10,00"
    data = at(root, "(//ans:dataExecucao)[1]")
    data.text = "2026-10-05Z"
    message = MessageContext(root, version="4.03.00", profile=STRICT_PROFILE)
    for schema_valid in (True, False):
        message.schema_valid = schema_valid
        assert list(message.refused_values(documento._decimal_check)) == [(valor, "10,00")]
        assert list(message.refused_values(documento._date_check)) == [(data, "2026-10-05Z")]
