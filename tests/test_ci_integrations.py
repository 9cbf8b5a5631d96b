"""The CI integrations: the pre-commit hook (run for real) and the GitHub composite action."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml

from tests.conftest import REPO, schemas_dir
from tissbill.cli import cli

VALID = REPO / "tests" / "rules" / "fixtures" / "sadt.xml"


def _command(words: list[str]) -> click.Command:
    """The click command of ``tissbill WORDS...`` (subcommands only, options left out)."""
    assert words[0] == "tissbill", words
    command: click.Command = cli
    for word in words[1:]:
        if word.startswith("-") or not isinstance(command, click.Group):
            break
        found = command.get_command(click.Context(command), word)
        assert found is not None, f"tissbill has no command {' '.join(words)}"
        command = found
    return command


def _options(command: click.Command) -> dict[str, click.Parameter]:
    return {opt: p for p in command.params for opt in (*p.opts, *p.secondary_opts)}


def _tissbill_calls(script: str) -> list[list[str]]:
    return [
        shlex.split(line.strip())
        for line in script.splitlines()
        if line.strip().startswith("tissbill ")
    ]


def test_hook_manifest_names_an_existing_command() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "tissbill-validate"
    assert hook["language"] == "python"
    assert re.search(hook["files"], "lotes/Lote_1.XML") and not re.search(hook["files"], "a.yaml")
    words = shlex.split(hook["entry"])
    command = _command(words)
    assert command.name == "validate"
    assert set(w for w in words if w.startswith("-")) <= set(_options(command))


def test_action_steps_call_existing_commands_and_options() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    scripts = [step["run"] for step in action["runs"]["steps"] if "run" in step]
    called: list[str] = []
    for script in scripts:
        calls = _tissbill_calls(script)
        if not calls:
            continue  # setup steps (pip)
        commands = [_command(words) for words in calls]
        known = {opt for command in commands for opt in _options(command)}
        # Options may sit in a bash array before the call: every one in the step must exist.
        used = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", script))
        assert used <= known, (used - known, script)
        called += [command.name or "" for command in commands]
        if "--format" in used:
            choice = _options(commands[0])["--format"].type
            assert isinstance(choice, click.Choice) and "github" in choice.choices
            assert "--format github" in script
    assert called == ["install", "download", "validate"]
    inputs = action["inputs"]
    assert {"paths", "schemas", "tiss-versions", "profile"} <= set(inputs)
    # Inputs reach the scripts through env only (never pasted into the shell text).
    assert not any("${{ inputs." in script for script in scripts)


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


@pytest.mark.slow
def test_pre_commit_try_repo_passes_a_valid_lote_and_stops_an_invalid_one(tmp_path: Path) -> None:
    store = schemas_dir()  # the hook finds the schemas in the store, as a user's would
    project = tmp_path / "faturamento"
    project.mkdir()
    (project / "valido.xml").write_bytes(VALID.read_bytes())
    lote = re.sub(
        rb"<ans:numeroLote>\d+</ans:numeroLote>",
        b"<ans:numeroLote>1234567890123</ans:numeroLote>",  # 13 digits: the XSD allows 12
        VALID.read_bytes(),
    )
    (project / "invalido.xml").write_bytes(lote)
    _git(project, "init", "-q")
    _git(project, "add", ".")
    env = {
        **os.environ,
        "TISSBILL_SCHEMAS": str(store),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "tissbill",
        "GIT_AUTHOR_EMAIL": "tests@tissbill.invalid",
        "GIT_COMMITTER_NAME": "tissbill",
        "GIT_COMMITTER_EMAIL": "tests@tissbill.invalid",
    }

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pre_commit",
                "try-repo",
                str(REPO),
                "tissbill-validate",
                "--files",
                *files,
            ],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    good = try_repo("valido.xml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"tissbill validate \(TISS XML\)\.+Passed", good.stdout), good.stdout

    bad = try_repo("valido.xml", "invalido.xml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert re.search(r"tissbill validate \(TISS XML\)\.+Failed", bad.stdout), bad.stdout
    assert "invalido.xml" in bad.stdout and "numeroLote" in bad.stdout
