"""docs/rules.md must match the rule registry."""

from __future__ import annotations

from pathlib import Path

from tissbill.validation.docs import REGENERATE, entries, render_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date() -> None:
    expected = render_markdown()
    actual = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert actual == expected, f"docs/rules.md is out of date; regenerate it with: {REGENERATE}"


def test_every_code_is_in_the_page() -> None:
    page = render_markdown()
    for entry in entries():
        assert f"| {entry.code} |" in page
