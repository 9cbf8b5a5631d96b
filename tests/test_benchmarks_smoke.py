"""The benchmark suite runs: ``benchmarks/run.py --quick --json`` reports every figure.

Only the shape is checked, never the timings: benchmark numbers belong in benchmarks/README.md,
not in assertions that fail on a busy CI machine.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

from tests.conftest import REPO

FIGURES = {
    "validate_lote",
    "validate_scaling",
    "validate_folder",
    "revalidate_folder",
    "build",
    "memory",
    "import",
    "startup",
}
NUMBERS = ("tissbill", "baseline", "value", "target")


def test_quick_run_reports_every_figure() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    report = json.loads(line)
    assert report["quick"] is True
    assert set(report["figures"]) == FIGURES
    for name, figure in report["figures"].items():
        for key in NUMBERS:
            value = figure[key]
            assert isinstance(value, int | float) and math.isfinite(value), (name, key, value)
        assert isinstance(figure["met"], bool), name
    assert report["figures"]["build"]["detail"]["identical_output"] is True


def test_the_validation_profile_runs() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "profile_validation.py"),
            *("--guias", "2", "--repeat", "1", "--top", "3"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for label in ("validate() total", "engine alone (every rule a no-op)", "rules by time"):
        assert any(line.strip().startswith(label) for line in lines), (label, result.stdout)
    ranked = [line for line in lines if line.startswith("  ") and " µs/guia" in line]
    assert len(ranked) == 3, result.stdout
