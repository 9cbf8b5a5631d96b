"""The models' typed signature is the snake_case one for every checker, without plugins."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, assert_valid_xsd, unavailable
from tests.test_docs_code import script_blocks
from tests.typecheck.build_every_guia import build_all

SCRIPT = REPO / "tests" / "typecheck" / "build_every_guia.py"


@pytest.fixture
def checked(tmp_path: Path) -> list[str]:
    """The script above and the python examples of docs/models.md, as files to check."""
    docs = tmp_path / "docs_models.py"
    docs.write_text("\n".join(script_blocks(REPO / "docs" / "models.md")), encoding="utf-8")
    return [str(SCRIPT), str(docs)]


def test_every_guia_builds_and_validates_against_the_xsd() -> None:
    lotes = build_all()
    assert [lote.guia_type for lote in lotes] == [
        "consulta",
        "sp_sadt",
        "resumo_internacao",
        "honorarios",
    ]
    for lote in lotes:
        assert_valid_xsd(lote.xml, "4.03.00")


def test_mypy_strict_without_the_pydantic_plugin(checked: list[str]) -> None:
    # An empty --config-file keeps pyproject's pydantic.mypy plugin out: plain users' view.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file=", *checked],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pyright(checked: list[str]) -> None:
    if importlib.util.find_spec("pyright") is None:
        unavailable("pyright não instalado (extra dev)")
    result = subprocess.run(
        [sys.executable, "-m", "pyright", "--pythonpath", sys.executable, *checked],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
