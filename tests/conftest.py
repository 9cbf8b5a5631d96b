"""Shared test set-up: where the official ANS schemas are, compiled once, and our own test data.

The XSD files are ANS's and never part of this repository. They are read from
``../shared/tiss-schemas`` when that folder sits beside the checkout, else from the installed
store (``tissbill schemas install <zip>``: ``$TISSBILL_SCHEMAS`` or the user data folder). With
neither, every test that needs them is skipped with one reason (:func:`schemas_dir`); under CI
(``CI`` set) those tests fail instead, so the XSD checks can never silently stop running.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Generator, Iterator
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import pytest
from lxml import etree

from tissbill.errors import SchemaNotInstalledError
from tissbill.schemas.store import ENV_VAR, SchemaStore

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "seeds"
"""Our reference messages (OPME resumo de internação, pretty and compact) and their hash."""
SHARED = REPO.parent / "shared"
VERSIONS = ("4.01.00", "4.02.00", "4.03.00")


def _locate_schemas() -> tuple[Path, tuple[str, ...]]:
    """The folder to read the XSDs from and the versions missing there."""
    shared = SHARED / "tiss-schemas"
    root = shared if shared.is_dir() else SchemaStore().root
    store = SchemaStore(root)
    return root, tuple(v for v in VERSIONS if not store.is_installed(v))


SCHEMAS_ROOT, MISSING_VERSIONS = _locate_schemas()
SHARED_SCHEMAS = SCHEMAS_ROOT
"""Former name of :data:`SCHEMAS_ROOT`, kept for the tests that use it; prefer schemas_dir()."""

NO_SCHEMAS = (
    f"schemas XSD oficiais da ANS ausentes (versões {', '.join(MISSING_VERSIONS)}) em "
    f"{SCHEMAS_ROOT}: instale com `tissbill schemas install <zip-ou-pasta>` (ou defina "
    f"{ENV_VAR}); os testes que dependem deles foram pulados"
)

# The product finds schemas through its store: point it at the same folder as the tests.
os.environ[ENV_VAR] = str(SCHEMAS_ROOT)


def unavailable(reason: str, *, in_ci: str | None = None) -> NoReturn:
    """Skip the calling test because something it needs is missing here; under CI (env CI
    set) fail instead, so that a check can never silently stop running there."""
    if os.environ.get("CI"):
        pytest.fail(in_ci or f"{reason}; em CI este teste precisa rodar", pytrace=False)
    pytest.skip(reason)


def _schemas_missing() -> NoReturn:
    unavailable(NO_SCHEMAS, in_ci=NO_SCHEMAS.replace("foram pulados", "precisam rodar em CI"))


def schemas_dir(*versions: str) -> Path:
    """The folder holding ``<version>/<file>.xsd`` of ``versions`` (default: every one).

    The one accessor of the tests for "where the XSDs are"; skips the calling test when those
    versions are not installed (fails under CI)."""
    if set(versions or VERSIONS) & set(MISSING_VERSIONS):
        _schemas_missing()
    return SCHEMAS_ROOT


@cache
def _compiled(version: str) -> etree.XMLSchema:
    root = schemas_dir(version) / version / f"tissV{version.replace('.', '_')}.xsd"
    return etree.XMLSchema(etree.parse(str(root)))


def official_schema(version: str) -> etree.XMLSchema:
    """The official XSD of ``version``, parsed and compiled once per test session."""
    schemas_dir(version)  # skips every call, not only the first, when the XSD is missing
    return _compiled(version)


def assert_valid_xsd(xml: bytes | etree._Element, version: str) -> None:
    """Fail with the schema's own messages unless ``xml`` validates against ``version``."""
    root = etree.fromstring(xml) if isinstance(xml, bytes) else xml
    schema = official_schema(version)
    if not schema.validate(root):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        raise AssertionError(f"XML does not validate against TISS {version}:\n{errors}")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` itself, for material only this workspace has; skipped elsewhere."""
    if not SHARED.is_dir():
        pytest.skip(f"pasta {SHARED} ausente")
    return SHARED


@pytest.fixture(autouse=True)
def _private_ledger(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test bills into a ledger of its own, never the user's real one."""
    folder = tmp_path_factory.mktemp("ledger")
    monkeypatch.setenv("TISSBILL_LEDGER", str(folder / "ledger.sqlite"))


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test keeps `tissbill validate` reports in a cache of its own, never the user's."""
    monkeypatch.setenv("TISSBILL_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _private_tabelas(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test installs terminology tables into a store of its own, never the user's."""
    monkeypatch.setenv("TISSBILL_TABELAS", str(tmp_path_factory.mktemp("tabelas")))


# Set when the product reports the schemas missing during the current test: a file, because
# `tissbill validate` checks several files in forked worker processes.
_PRODUCT_ASKED = Path(tempfile.gettempdir()) / f"tissbill-tests-{os.getpid()}-sem-schemas"


@pytest.fixture(autouse=True)
def _note_missing_schemas(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Without schemas, remember when the product reports them missing (CLI tests see only the
    exit code), so that such a failure becomes the one skip."""
    if not MISSING_VERSIONS:
        yield
        return
    _PRODUCT_ASKED.unlink(missing_ok=True)
    original = SchemaStore.not_installed

    def noting(store: SchemaStore, *args: Any, **kwargs: Any) -> SchemaNotInstalledError:
        _PRODUCT_ASKED.touch()
        return original(store, *args, **kwargs)

    monkeypatch.setattr(SchemaStore, "not_installed", noting)
    yield
    _PRODUCT_ASKED.unlink(missing_ok=True)


def _failed_for_missing_schemas(report: pytest.TestReport) -> bool:
    """The product said so, or the failure names the folder that should hold the schemas (a
    subprocess reading them itself)."""
    if _PRODUCT_ASKED.exists():
        return True
    texts = [report.longreprtext, *(content for _, content in report.sections)]
    return any(str(SCHEMAS_ROOT) in text for text in texts)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Without schemas, every test stopped by them gets the same skip (or CI failure), reported
    at one place so that the summary shows a single line."""
    report = yield
    if not MISSING_VERSIONS:
        return report
    if report.failed and _failed_for_missing_schemas(report):
        report = pytest.TestReport.from_item_and_call(
            item, pytest.CallInfo.from_call(_schemas_missing, call.when)
        )
    if report.skipped and isinstance(report.longrepr, tuple) and NO_SCHEMAS in report.longrepr[2]:
        report.longrepr = (__file__, _schemas_missing.__code__.co_firstlineno, report.longrepr[2])
    return report
