"""The shared rule-test fixtures are valid messages: schema, hash, form, and no rule errors."""

from __future__ import annotations

import pytest

from tests.conftest import assert_valid_xsd
from tests.rules.conftest import FIXTURE_NAMES, VERSION, errors, findings, fixture_bytes, load
from tissbill.xml.epilogo import HashStatus, verify

pytestmark = pytest.mark.parametrize("name", FIXTURE_NAMES)


def test_fixture_is_valid_against_official_xsd(name: str) -> None:
    assert_valid_xsd(fixture_bytes(name), VERSION)


def test_fixture_has_correct_epilogo_hash(name: str) -> None:
    assert verify(load(name)).status is HashStatus.VALID


def test_fixture_is_compact_iso_8859_1_with_ans_prefix(name: str) -> None:
    data = fixture_bytes(name)
    assert data.startswith(b"<?xml version='1.0' encoding='ISO-8859-1'?>\n<ans:mensagemTISS")
    root = load(name)
    for element in root.iter():
        assert element.prefix == "ans"
        # Compact: no indentation text around child elements (it would leak into naive hashes).
        assert len(element) == 0 or element.text is None
        assert element.tail is None


def test_fixture_has_no_error_from_any_rule(name: str) -> None:
    found = findings(load(name))
    assert errors(found) == [], [(f.code, f.message, f.xpath) for f in errors(found)]
