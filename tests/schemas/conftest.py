"""Fixtures for the schema-store tests: every test gets its own store under tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import schemas_dir
from tissbill.schemas import SchemaStore, install
from tissbill.schemas.store import ENV_VAR


@pytest.fixture(autouse=True)
def _default_store_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default store must never be the shared read-only copies while testing installs."""
    default = tmp_path / "default-store"
    monkeypatch.setenv(ENV_VAR, str(default))
    return default


@pytest.fixture
def store(tmp_path: Path) -> SchemaStore:
    return SchemaStore(tmp_path / "store")


@pytest.fixture
def good_store(store: SchemaStore) -> SchemaStore:
    """A store with a good 4.03.00 installation."""
    install(schemas_dir("4.03.00") / "4.03.00", store)
    return store
