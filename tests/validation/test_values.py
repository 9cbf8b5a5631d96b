"""Issue #11, items 1-4: rules, reader and hash see each value as the XSD does, whatever markup,
whitespace or encoding it is written with.

The reproductions change the bundled honorários example and re-seal it with ``hash --write``'s
function, as a user would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import assert_valid_xsd
from tissbill.validation import Severity, validate
from tissbill.xml.parser import ISO_8859_1_ADVICE
from tissbill.xml.reader import read_message
from tissbill.xml.rehash import HashRewriteError, rewrite_hash

H = (
    Path(__file__).resolve().parents[2]
    / "examples"
    / "honorarios"
    / "expected"
    / "lote-410-honorarios.xml"
)
TOTAL = b"<ans:valorTotalHonorarios>1885.00"
CARTEIRA = b"<ans:numeroCarteira>0150148203"


def mutant(old: bytes, new: bytes) -> bytes:
    data = H.read_bytes()
    assert data.count(old) == 1
    return rewrite_hash(data.replace(old, new)).data


def codes(data: bytes) -> list[str]:
    return [f.code for f in validate(data).findings]


@pytest.mark.parametrize("markup", [b"<!---->", b"<?tissbill x?>", b"<!-- 1885.00 -->"])
def test_markup_before_a_value_does_not_hide_it_from_the_rules(markup: bytes) -> None:
    report = validate(mutant(TOTAL, b"<ans:valorTotalHonorarios>" + markup + b"9885.00"))
    assert "TOT-010" in [f.code for f in report.findings]
    assert "R$ 9.885,00" in next(f for f in report.findings if f.code == "TOT-010").message


@pytest.mark.parametrize(
    "value", [b"1<!---->885.00", b"1<?x y?>885.00", b"1<![CDATA[885]]>.00", b"<![CDATA[1885.00]]>"]
)
def test_a_split_value_is_read_whole(value: bytes) -> None:
    data = mutant(TOTAL, b"<ans:valorTotalHonorarios>" + value)
    report = validate(data)
    # Without the fix the rules read "1" (R$ 1,00) and report TOT-010.
    assert [f.code for f in report.findings] == ["GEN-005"]
    (finding,) = report.findings
    assert finding.severity is Severity.WARNING
    assert finding.line == 2
    assert finding.xpath is not None and finding.xpath.endswith("/ans:valorTotalHonorarios")
    assert "'1885.00'" in finding.message
    message = read_message(data)
    assert message.prestador_para_operadora is not None


def test_markup_before_a_carteira_is_not_a_blank_carteira() -> None:
    data = mutant(CARTEIRA, b"<ans:numeroCarteira><!---->0150148203")
    assert codes(data) == ["GEN-005"]  # not ID-007 "em branco"


def test_comments_between_elements_are_no_finding() -> None:
    data = mutant(TOTAL, b"<!-- total --><ans:valorTotalHonorarios>1885.00")
    assert codes(data) == []


def test_reader_reads_a_tab_before_a_time_the_xsd_accepts() -> None:
    data = mutant(b"<ans:horaRegistroTransacao>", b"<ans:horaRegistroTransacao>\t")
    assert [f.code for f in validate(data).findings if f.severity is Severity.ERROR] == []
    assert read_message(data).cabecalho == read_message(H).cabecalho


def test_signed_zero_is_flagged() -> None:
    data = mutant(TOTAL, b"<ans:valorTotalHonorarios>-0.00")
    found = [f for f in validate(data).findings if f.code == "GEN-003"]
    assert len(found) == 1 and "zero com sinal" in found[0].message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_get_the_encoding_warning_and_hash_write_refuses(encoding: str) -> None:
    text = H.read_bytes().decode("iso-8859-1")
    name = encoding.upper()
    data = text.replace('encoding="ISO-8859-1"', f'encoding="{name}"').encode(encoding)
    report = validate(data)
    (warning,) = [f for f in report.findings if f.code == "ENC-001"]
    assert warning.severity is Severity.WARNING and ISO_8859_1_ADVICE in warning.message
    with pytest.raises(HashRewriteError, match=re.escape(ISO_8859_1_ADVICE)):
        rewrite_hash(data)


def test_utf16_without_declaration_is_still_utf16() -> None:
    text = H.read_bytes().decode("iso-8859-1").split("\n", 1)[1]  # no XML declaration
    data = text.encode("utf-16")
    (warning,) = [f for f in validate(data).findings if f.code == "ENC-001"]
    assert "UTF-16" in warning.message
    with pytest.raises(HashRewriteError, match="UTF-16"):
        rewrite_hash(data)


def test_the_example_stays_xsd_valid() -> None:
    assert_valid_xsd(H.read_bytes(), "4.03.00")
