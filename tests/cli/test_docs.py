"""docs/: cli.md matches the commands, api.md examples run, getting-started covers the CSV."""

from __future__ import annotations

import doctest
import re

import pytest

from tests.conftest import REPO
from tissbill.billing.csv_input import COLUMNS
from tissbill.cli.docs import REGENERATE, render_markdown

DOCS = REPO / "docs"


def test_cli_md_is_up_to_date() -> None:
    committed = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), (
        f"docs/cli.md está desatualizado; gere de novo com: {REGENERATE}"
    )


def test_api_md_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the examples use paths relative to the repository root
    result = doctest.testfile(
        str(DOCS / "api.md"), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.attempted > 20
    assert result.failed == 0


def test_getting_started_documents_every_csv_column() -> None:
    text = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", text))
    assert sorted(COLUMNS - documented) == []


def test_local_links_and_images_exist() -> None:
    for page in ("getting-started.md", "api.md", "profiles.md", "rules.md"):
        text = (DOCS / page).read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+)\)", text):
            assert (DOCS / target).is_file(), f"{page}: {target}"
