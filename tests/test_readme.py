"""The README's promises: two set-up commands first, CI runs the second, the Python sample runs."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", README, flags=re.DOTALL)


def test_readme_starts_with_exactly_two_set_up_commands() -> None:
    head = README.split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)```", head.split("---", 1)[0], flags=re.DOTALL)
    assert len(commands) == 2
    assert all(len(c.strip().splitlines()) == 1 for c in commands)
    install, test = (c.strip() for c in commands)
    assert install.startswith("python3 -m venv .venv && .venv/bin/pip install -e '.[dev]'")
    assert "tissbill build examples/" in install
    ci_script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ci_script.rstrip().splitlines()[-1] == test


def test_readme_python_sample_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    (sample,) = [code for lang, code in BLOCKS if lang == "python"]
    monkeypatch.chdir(REPO)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(sample, "README.md", "exec"), {})
    assert out.getvalue().split()[0] == "1267811"
    assert out.getvalue().rstrip().endswith("True []")
