"""Shared test set-up: the official schemas come from ../shared/tiss-schemas, compiled once."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_SCHEMAS = SHARED / "tiss-schemas"
VERSIONS = ("4.01.00", "4.02.00", "4.03.00")

# The product finds schemas through its store; point the store at the shared copies.
os.environ.setdefault("TISSBILL_SCHEMAS", str(SHARED_SCHEMAS))


@cache
def official_schema(version: str) -> etree.XMLSchema:
    """The official XSD of ``version``, parsed and compiled once per test session."""
    root = SHARED_SCHEMAS / version / f"tissV{version.replace('.', '_')}.xsd"
    return etree.XMLSchema(etree.parse(str(root)))


def assert_valid_xsd(xml: bytes | etree._Element, version: str) -> None:
    """Fail with the schema's own messages unless ``xml`` validates against ``version``."""
    root = etree.fromstring(xml) if isinstance(xml, bytes) else xml
    schema = official_schema(version)
    if not schema.validate(root):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        raise AssertionError(f"XML does not validate against TISS {version}:\n{errors}")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_SCHEMAS.is_dir():
        pytest.fail(f"official schemas not found at {SHARED_SCHEMAS}")
    return SHARED


@pytest.fixture(autouse=True)
def _private_ledger(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test bills into a ledger of its own, never the user's real one."""
    folder = tmp_path_factory.mktemp("ledger")
    monkeypatch.setenv("TISSBILL_LEDGER", str(folder / "ledger.sqlite"))
