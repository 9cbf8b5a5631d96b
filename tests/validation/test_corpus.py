"""Broken and hostile files: each failure mode gives its finding, never a traceback or a hang.

Small files live in tests/corpus/ (one per failure mode, listed in CORPUS_CODES); huge ones
(nesting bombs, oversized files) are generated here instead of being committed.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tissbill.validation import Severity, validate
from tissbill.validation.findings import Report

from .conftest import CORPUS, SEED, codes

# file -> the finding code it must produce (first finding for fatal input problems).
CORPUS_CODES = {
    "empty.xml": "XML-EMPTY",
    "whitespace_only.xml": "XML-EMPTY",
    "bom_only.xml": "XML-EMPTY",
    "binary_garbage.xml": "XML-NOT-XML",
    "pdf_renamed.xml": "XML-NOT-XML",
    "zip_renamed.xml": "XML-NOT-XML",
    "truncated.xml": "XML-TRUNCATED",
    "truncated_in_tag.xml": "XML-TRUNCATED",
    "declaration_only.xml": "XML-TRUNCATED",
    "xxe_file.xml": "XML-DOCTYPE",
    "xxe_parameter_entity.xml": "XML-DOCTYPE",
    "external_dtd.xml": "XML-DOCTYPE",
    "billion_laughs.xml": "XML-DOCTYPE",
    "doctype_utf16.xml": "XML-DOCTYPE",
    "utf8_declared_latin1_bytes.xml": "XML-ENCODING",
    "no_declaration_latin1_bytes.xml": "XML-ENCODING",
    "unknown_encoding.xml": "XML-ENCODING",
    "bom_with_latin1_bytes.xml": "XML-ENCODING",
    "latin1_declared_utf8_bytes.xml": "XML-MOJIBAKE",
    "double_encoded_utf8.xml": "XML-MOJIBAKE",
    "bom_utf8.xml": "XML-BOM",
    "bom_latin1_declaration.xml": "XML-BOM",
    "not_tiss.xml": "XML-NOT-TISS",
    "wrong_namespace.xml": "XML-NOT-TISS",
    "no_namespace.xml": "XML-NOT-TISS",
    "tag_mismatch.xml": "XML-MALFORMED",
    "two_roots.xml": "XML-MALFORMED",
    "undefined_entity.xml": "XML-MALFORMED",
    "control_character.xml": "XML-MALFORMED",
    "undeclared_prefix.xml": "XML-MALFORMED",
    "padrao_missing.xml": "XML-VERSION",
    "padrao_unsupported.xml": "LOT-008",
    "xsd_enumeration.xml": "XSD",
    "xsd_missing_child.xml": "XSD",
    "xsd_unexpected_element.xml": "XSD",
    "xsd_date_format.xml": "XSD",
}

# Codes after which nothing else can be checked: the report holds exactly that finding.
FATAL = {
    "XML-EMPTY",
    "XML-NOT-XML",
    "XML-TRUNCATED",
    "XML-DOCTYPE",
    "XML-ENCODING",
    "XML-MALFORMED",
    "XML-NOT-TISS",
    "XML-TOO-DEEP",
    "XML-TOO-LARGE",
}


def test_every_corpus_file_is_listed() -> None:
    on_disk = {p.name for p in CORPUS.glob("*.xml")}
    assert on_disk == set(CORPUS_CODES)


@pytest.mark.parametrize("name", sorted(CORPUS_CODES))
def test_corpus_file(name: str) -> None:
    expected = CORPUS_CODES[name]
    report = validate(CORPUS / name)
    assert isinstance(report, Report)
    assert expected in codes(report), report.findings
    finding = next(f for f in report.findings if f.code == expected)
    assert finding.message and not finding.message.startswith("Traceback")
    if expected in FATAL:
        assert codes(report) == [expected]
        assert not report.valid
        assert report.version is None and report.guias == 0
    if expected in ("XML-MOJIBAKE", "XML-BOM"):
        assert finding.severity is Severity.WARNING


def test_bytes_and_path_give_the_same_findings() -> None:
    for name in ("truncated.xml", "xsd_enumeration.xml", "latin1_declared_utf8_bytes.xml"):
        from_path = validate(CORPUS / name)
        from_bytes = validate((CORPUS / name).read_bytes())
        assert from_path.findings == from_bytes.findings
        assert from_path.path == str(CORPUS / name) and from_bytes.path is None


def test_messages_are_portuguese_and_located() -> None:
    report = validate(CORPUS / "tag_mismatch.xml")
    (finding,) = report.findings
    assert "mal formado" in finding.message and finding.line == 2
    truncated = validate(CORPUS / "truncated.xml").findings[0]
    assert "truncado" in truncated.message
    mojibake = next(f for f in validate(CORPUS / "latin1_declared_utf8_bytes.xml").findings)
    assert mojibake.code == "XML-MOJIBAKE" and "UTF-8" in mojibake.message
    assert mojibake.xpath is not None and mojibake.xpath.endswith("ans:descricaoProcedimento")


def test_deep_nesting_is_refused_quickly() -> None:
    depth = 100_000
    data = b"<a>" * depth + b"</a>" * depth
    start = time.perf_counter()
    report = validate(data)
    assert codes(report) == ["XML-TOO-DEEP"]
    assert time.perf_counter() - start < 2


def test_moderate_nesting_inside_a_tiss_message_does_not_recurse() -> None:
    # 250 levels parse (below libxml2's limit of 256) and every later step copes with them.
    seed = SEED.read_bytes()
    deep = b"<ans:x>" * 250 + b"</ans:x>" * 250
    report = validate(seed.replace(b"<ans:numeroLote>", deep + b"<ans:numeroLote>"))
    assert "XSD" in codes(report)


def test_entity_bomb_with_large_definitions_is_refused_quickly() -> None:
    big = b"x" * 1_000_000
    data = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "'
        + big
        + b'">]><r>'
        + b"&a;" * 10_000
        + b"</r>"
    )
    start = time.perf_counter()
    assert codes(validate(data)) == ["XML-DOCTYPE"]
    assert time.perf_counter() - start < 2


def test_size_limit_from_bytes() -> None:
    seed = SEED.read_bytes()
    report = validate(seed, max_bytes=1000)
    assert codes(report) == ["XML-TOO-LARGE"]
    assert "MB" in report.findings[0].message


def test_default_size_limit_refuses_a_huge_file_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as handle:  # sparse: 101 MB on paper, nothing on disk
        handle.truncate(101 * 1024 * 1024)
    start = time.perf_counter()
    assert codes(validate(huge)) == ["XML-TOO-LARGE"]
    assert time.perf_counter() - start < 1


def test_missing_and_unreadable_paths_are_findings(tmp_path: Path) -> None:
    assert codes(validate(tmp_path / "nope.xml")) == ["FILE-NOT-FOUND"]
    assert codes(validate(tmp_path)) == ["FILE-UNREADABLE"]
    assert codes(validate(str(tmp_path / "nope.xml"))) == ["FILE-NOT-FOUND"]
