"""Helpers for the billing CLI tests: run ``tissbill`` in-process and find the examples."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import REPO

EXAMPLES = REPO / "examples"
IPAM = EXAMPLES / "ipam_consultas"
OPME = EXAMPLES / "pasa_opme_resumo"
EXPECTED_XML = sorted(EXAMPLES.glob("*/expected/*.xml"))


@dataclass(frozen=True, slots=True)
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run(*args: str | Path, stdin: bytes | None = None) -> Result:
    """Run ``tissbill ARGS...`` in this process (stdout and stderr kept apart), with ``stdin``
    as its standard input."""
    from tissbill.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args], input=stdin, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)
