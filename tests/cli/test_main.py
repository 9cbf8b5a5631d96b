"""``python -m tissbill`` behaves like ``tissbill``; the billing commands start fast."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.cli.conftest import OPME, run
from tests.conftest import REPO

OPME_XML = next(OPME.glob("expected/*.xml"))


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=REPO, timeout=120
    )


@pytest.mark.parametrize("command", ["build", "hash", "info", "report"])
def test_python_m_tissbill_help_lists_examples(command: str) -> None:
    done = _python("-m", "tissbill", command, "--help")
    assert done.returncode == 0, done.stderr
    assert f"Uso: tissbill {command}" in done.stdout
    assert "Exemplos:" in done.stdout
    assert "Código de saída" in done.stdout


def test_python_m_tissbill_runs_commands_like_the_script() -> None:
    done = _python("-m", "tissbill", "hash", "--check", str(OPME_XML))
    assert done.returncode == 0, done.stderr
    assert done.stdout == run("hash", "--check", OPME_XML).stdout
    missing = _python("-m", "tissbill", "info", "nao-existe.xml")
    assert missing.returncode == 2
    assert "nao-existe.xml" in missing.stderr


def test_command_modules_import_only_click() -> None:
    # tissbill --help imports every command module; the heavy stack waits for a real run.
    code = (
        "import sys\n"
        "import tissbill.cli.build, tissbill.cli.hash, tissbill.cli.info, tissbill.cli.report\n"
        "heavy = ('rich', 'pydantic', 'lxml', 'jinja2', 'yaml', 'tissbill.models')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = _python("-c", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
