"""Every code block of docs/ runs: ``>>>`` examples as doctests, other python blocks as a script;
json blocks parse; ``text`` blocks are outputs (docs/ciclo.md's are checked by its walk-through).

The script blocks of a page run in order in one namespace (a later block may use what an
earlier one defined), from the repository root so the examples' paths resolve.
"""

from __future__ import annotations

import doctest
import inspect
import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tissbill.validation.declaration import rule

DOCS = REPO / "docs"
PAGES = sorted(DOCS.glob("*.md"))
_PYTHON_BLOCK = re.compile(r"^```(?:python|py)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def script_blocks(page: Path) -> list[str]:
    blocks = _PYTHON_BLOCK.findall(page.read_text(encoding="utf-8"))
    return [block for block in blocks if not block.lstrip().startswith(">>>")]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_code_blocks_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = doctest.testfile(
        str(page), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.failed == 0
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, block in enumerate(script_blocks(page), start=1):
        exec(compile(block, f"{page.name} (bloco {number})", "exec"), namespace)


def test_every_python_block_is_run() -> None:
    # A page with a python block that is neither doctest nor script would pass silently.
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        fenced = re.findall(r"^```(\w+)", text, flags=re.MULTILINE)
        known = {"python", "py", "pycon", "yaml", "sh", "json", "text"}
        unknown = {lang for lang in fenced if lang not in known}
        assert not unknown, f"{page.name}: blocos {unknown} não são executados nem conhecidos"


_JSON_BLOCK = re.compile(r"^```json\n(.*?)^```", re.DOTALL | re.MULTILINE)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_json_blocks_are_json(page: Path) -> None:
    # A documented JSON contract a program cannot parse would mislead whoever copies it.
    for block in _JSON_BLOCK.findall(page.read_text(encoding="utf-8")):
        json.loads(block)


_CONTRIBUTING = DOCS / "contributing.md"
_NAMED_PATH = re.compile(r"`((?:src|tests)/[^`\s]+)`")


def test_contributing_names_files_that_exist() -> None:
    # The page lists the exact files a change touches; a moved module must not leave it stale.
    # `<área>` stands for any name; the "4.04.00" files are what the page tells you to create.
    for named in _NAMED_PATH.findall(_CONTRIBUTING.read_text(encoding="utf-8")):
        if "4.04.00" in named:
            continue
        pattern = re.sub(r"<[^>]+>", "*", named.rstrip("/"))
        assert list(REPO.glob(pattern)), f"docs/contributing.md cita {named}, que não existe"


def test_contributing_declares_rules_with_the_real_signature() -> None:
    parameters = set(inspect.signature(rule).parameters)
    text = _CONTRIBUTING.read_text(encoding="utf-8")
    for call in re.findall(r"`@rule\(([^`]*)\)`", text):
        keywords = set(re.findall(r"(\w+)=", call))
        assert keywords <= parameters, f"@rule não aceita {keywords - parameters}"
