"""Findings you can find: column, guia item and a short snippet of the offending element.

Generated lotes are a single line, so "linha 2" alone points nowhere: each finding about an
element also carries the column of its start tag (in characters), the sequencialItem of the item
holding it and the element itself as ``<tag>value</tag>``, and no value is ever echoed whole.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tissbill.validation import validate
from tissbill.validation.engine import SourceIndex, snippet_of
from tissbill.validation.findings import Finding, Report
from tissbill.validation.formats import render

from .conftest import at, edited, seal, valid_bytes

_SECOND_ITEM_TOTAL = "(//ans:procedimentoExecutado)[2]/ans:valorTotal"
_NAME = "(//ans:procedimentoExecutado)[1]//ans:descricaoProcedimento"


def _bad_second_item(name: str = "ENDOSCOPIA COM BIÓPSIA E SEDAÇÃO") -> etree._Element:
    """The SP/SADT fixture with accented text early on the line and a bad valorTotal in its
    second procedure (sequencialItem 2): the same tag also appears, valid, in item 1."""
    root = etree.fromstring(valid_bytes("sadt"))
    at(root, _NAME).text = name
    at(root, _SECOND_ITEM_TOTAL).text = "72O0.00"  # letter O: not a number
    return root


def _expected_column(text: str) -> int:
    """Column of the second item's <ans:valorTotal>, found independently in the decoded text."""
    line = text.split("\n")[1]
    item = line.index("<ans:sequencialItem>2<")
    return line.index("<ans:valorTotal>", item) + 1


def _xsd_finding(report: Report) -> Finding:
    return next(f for f in report.findings if f.code == "XSD")


def test_finding_has_column_item_and_snippet_in_a_one_line_latin1_lote() -> None:
    data = seal(_bad_second_item())
    assert data.count(b"\n") == 1  # the declaration, then the whole lote on line 2
    finding = _xsd_finding(validate(data))
    assert finding.line == 2
    assert finding.column == _expected_column(data.decode("iso-8859-1"))
    assert finding.item == "2"
    assert finding.guia is not None
    assert finding.snippet == "<valorTotal>72O0.00</valorTotal>"
    assert finding.message.startswith("Elemento 'valorTotal'")  # message unchanged


def test_column_counts_characters_not_bytes_in_utf8() -> None:
    root = _bad_second_item()
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    latin1 = seal(_bad_second_item())
    column = _xsd_finding(validate(data)).column
    # Accents take two bytes in UTF-8 and one in ISO-8859-1; the column is the same.
    assert column == _expected_column(data.decode("utf-8"))
    assert column == _xsd_finding(validate(latin1)).column
    line = data.split(b"\n")[1]
    byte_offset = line.index(b"<ans:valorTotal>", line.index(b"<ans:sequencialItem>2<"))
    assert column is not None and column < byte_offset + 1


def test_column_of_a_file_with_utf8_bom_and_a_latin1_declaration() -> None:
    # The BOM makes the parser read UTF-8 whatever the declaration says; so does the column.
    text = etree.tostring(_bad_second_item(), encoding="unicode")
    data = b"\xef\xbb\xbf<?xml version='1.0' encoding='ISO-8859-1'?>\n" + text.encode("utf-8")
    report = validate(data)
    assert "XML-BOM" in {f.code for f in report.findings}
    assert _xsd_finding(report).column == _expected_column(data[3:].decode("utf-8"))


def test_rule_findings_are_located_too() -> None:
    data = edited("sadt", lambda root: setattr(at(root, _SECOND_ITEM_TOTAL), "text", "7200.00"))
    report = validate(data)
    total = next(f for f in report.findings if f.code == "TOT-009")
    assert total.item == "2" and total.snippet == "<valorTotal>7200.00</valorTotal>"
    assert total.column == _expected_column(data.decode("iso-8859-1"))


def test_pretty_printed_lote_columns_follow_indentation() -> None:
    root = _bad_second_item()
    etree.indent(root, space="\t")
    data = etree.tostring(root, xml_declaration=True, encoding="ISO-8859-1")
    finding = _xsd_finding(validate(data))
    text = data.decode("iso-8859-1").split("\n")[finding.line - 1]  # type: ignore[operator]
    assert text.index("<ans:valorTotal>") + 1 == finding.column


def test_a_tag_inside_a_comment_gives_no_column_rather_than_a_wrong_one() -> None:
    root = _bad_second_item()
    first_item = at(root, "(//ans:procedimentoExecutado)[1]")
    first_item.addprevious(etree.Comment(" <ans:valorTotal>0.00</ans:valorTotal> "))
    finding = _xsd_finding(validate(seal(root)))
    assert finding.column is None and finding.line == 2


def test_nine_megabyte_value_is_never_echoed() -> None:
    huge = "9" * 9_000_000
    data = edited("sadt", lambda root: setattr(at(root, _SECOND_ITEM_TOTAL), "text", huge))
    report = validate(data)
    assert {f.code for f in report.findings} >= {"XSD", "GEN-003"}
    for finding in report.findings:
        assert len(finding.message) < 500, finding.code
        assert finding.snippet is None or len(finding.snippet) < 100
    for output_format in ("text", "json", "github", "junit"):
        assert len(render([report], output_format)) < 20_000, output_format
    snippet = _xsd_finding(report).snippet
    assert snippet is not None and snippet.endswith("…</valorTotal>")


def test_outputs_show_guia_item_snippet_and_column() -> None:
    report = validate(seal(_bad_second_item()))
    report.path = "lote.xml"
    finding = _xsd_finding(report)
    where = f"linha 2, coluna {finding.column}, guia {finding.guia}, item 2"
    text = render([report], "text")
    assert f"ERRO  XSD ({where})" in text
    assert "        <valorTotal>72O0.00</valorTotal>" in text
    entry = json.loads(render([report], "json"))["files"][0]["findings"]
    xsd = next(f for f in entry if f["code"] == "XSD")
    assert (xsd["column"], xsd["item"], xsd["snippet"]) == (
        finding.column,
        "2",
        "<valorTotal>72O0.00</valorTotal>",
    )
    github = render([report], "github")
    assert f"::error file=lote.xml,line=2,col={finding.column},title=XSD::" in github
    junit = ElementTree.fromstring(render([report], "junit"))
    failure = junit.find("testsuite/testcase/failure")
    assert failure is not None and failure.text is not None
    assert f"ERRO XSD linha 2, coluna {finding.column}: " in failure.text
    assert f"guia {finding.guia}; item 2; <valorTotal>72O0.00</valorTotal>;" in failure.text


def test_snippet_of_an_element_with_children_does_not_copy_them() -> None:
    root = etree.fromstring(valid_bytes("sadt"))
    assert snippet_of(at(root, "(//ans:procedimentoExecutado)[1]")) == (
        "<procedimentoExecutado>…</procedimentoExecutado>"
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(st.characters(codec="iso-8859-1", exclude_categories=("Cc", "Cs")), max_size=200))
def test_snippet_is_one_short_line(value: str) -> None:
    element = etree.Element("{http://www.ans.gov.br/padroes/tiss/schemas}descricao")
    element.text = value
    snippet = snippet_of(element)
    assert snippet is not None and "\n" not in snippet and "\r" not in snippet
    inner = snippet.removeprefix("<descricao>").removesuffix("</descricao>")
    unescaped = inner.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    if len(value) <= 60:
        assert unescaped == value or snippet == "<descricao/>"
    else:
        assert unescaped == value[:59] + "…"


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    prefix=st.text(st.sampled_from("aÃÇéõ çx\t"), max_size=40),
    encoding=st.sampled_from(["ISO-8859-1", "UTF-8"]),
    breaks=st.integers(0, 3),
)
def test_column_is_where_the_tag_starts(prefix: str, encoding: str, breaks: int) -> None:
    lines = "\n" * breaks
    text = f"<a>{lines}<b>{prefix}</b><c>1</c><b>x</b><c>2</c></a>"
    data = f'<?xml version="1.0" encoding="{encoding}"?>\n{text}'.encode(encoding)
    root = etree.fromstring(data)
    second_c = root[3]
    line = data.decode(encoding).split("\n")[breaks + 1]
    expected = line.index("<c>", line.index("<c>") + 1) + 1
    assert SourceIndex(data, encoding.lower()).column(second_c) == expected
