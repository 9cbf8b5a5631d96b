"""Fuzzing the way values are written (issue #11): comments, PIs, CDATA, character and entity
references, whitespace, encodings and namespace prefixes in the bundled valid examples.

Invariants: nothing but a ``TissBillError`` escapes; a file ``validate`` accepts (no error),
``read_message`` reads; the value of every leaf, as the rules see it, is the XSD's view of it
(all its text nodes, in order).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tissbill.errors import TissBillError
from tissbill.validation import Severity, validate
from tissbill.xml.parser import parse_bytes
from tissbill.xml.reader import read_message
from tissbill.xml.rehash import rewrite_hash

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SOURCES = [
    (EXAMPLES / name / "expected" / file).read_bytes()
    for name, file in [
        ("honorarios", "lote-410-honorarios.xml"),
        ("pasa_opme_resumo", "lote-1267811-resumo_internacao.xml"),
        ("sadt_exames", "lote-300-sp_sadt.xml"),
    ]
]
# A value starts right after a start tag with no child: ">" then text then "</".
MARKUP = ["<!---->", "<!-- x -->", "<?tissbill x?>", "<![CDATA[]]>"]
SPACES = ["\t", " ", "\n", "\r\n"]


def _values(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty leaf value in ``text``."""
    spans = []
    start = text.find(">")
    while start != -1:
        end = text.find("<", start + 1)
        if end == -1:
            break
        if end > start + 1 and text.startswith("</", end):
            spans.append((start + 1, end))
        start = text.find(">", end)
    return spans


@st.composite
def mutants(draw: st.DrawFn) -> bytes:
    text = draw(st.sampled_from(SOURCES)).decode("iso-8859-1")
    for _ in range(draw(st.integers(1, 3))):
        spans = _values(text)
        start, end = draw(st.sampled_from(spans))
        at = draw(st.integers(start, end))
        reference = text.rfind("&", start, at)
        if reference != -1 and text.find(";", reference, at) == -1:
            at = text.index(";", reference) + 1  # never split a reference such as &#69;
        kind = draw(st.sampled_from(["markup", "space", "charref", "cdata", "entity"]))
        if kind == "markup":
            text = text[:at] + draw(st.sampled_from(MARKUP)) + text[at:]
        elif kind == "space":
            text = text[:at] + draw(st.sampled_from(SPACES)) + text[at:]
        elif kind == "charref" and at < end:
            text = f"{text[:at]}&#{ord(text[at])};{text[at + 1 :]}"
        elif kind == "cdata" and at < end:
            text = f"{text[:at]}<![CDATA[{text[at:end]}]]>{text[end:]}"
        elif kind == "entity":
            text = (
                text[:at] + draw(st.sampled_from(["&amp;", "&lt;", "&gt;", "&#x41;"])) + text[at:]
            )
    if draw(st.booleans()):  # another prefix, or the default namespace
        prefix = draw(st.sampled_from(["tiss:", ""]))
        text = text.replace("<ans:", f"<{prefix}").replace("</ans:", f"</{prefix}")
        text = text.replace("xmlns:ans=", f"xmlns{':' + prefix[:-1] if prefix else ''}=")
    data = rewrite_hash(text.encode("iso-8859-1")).data
    encoding = draw(st.sampled_from(["iso-8859-1", "utf-8", "utf-16", "utf-16-be", "utf-32"]))
    if encoding != "iso-8859-1":
        declared = encoding.upper()
        decoded = data.decode("iso-8859-1").replace(
            'encoding="ISO-8859-1"', f'encoding="{declared}"'
        )
        data = decoded.encode(encoding)
    return data


def _xsd_view(data: bytes) -> list[str]:
    """Each leaf's text nodes joined in order, from a plain lxml parse that keeps everything."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
    return [
        "".join(e.xpath("text()"))
        for e in root.iter(etree.Element)
        if next(e.iterchildren(etree.Element), None) is None
    ]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutants())
def test_values_are_read_as_the_xsd_reads_them(data: bytes) -> None:
    report = validate(data)
    document = parse_bytes(data)
    rules_view = [
        e.text or ""
        for e in document.root.iter(etree.Element)
        if next(e.iterchildren(etree.Element), None) is None
    ]
    assert rules_view == _xsd_view(data)
    assert not [f for f in report.findings if f.code == "RULE-CRASH"]
    try:
        read_message(data)
    except TissBillError:
        assert any(f.severity is Severity.ERROR for f in report.findings), report.findings
