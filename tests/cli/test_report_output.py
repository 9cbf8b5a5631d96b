"""``tissbill report`` never writes over one of its input lotes, and a lote with validation
errors is flagged on screen and on its page (issue #11, item 22)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.cli.conftest import EXAMPLES, run

H = EXAMPLES / "honorarios" / "expected" / "lote-410-honorarios.xml"


@pytest.mark.parametrize("how", ["mesmo-caminho", "link-simbolico", "link-fisico"])
def test_output_that_is_an_input_is_refused(tmp_path: Path, how: str) -> None:
    lote = tmp_path / "lote.xml"
    lote.write_bytes(H.read_bytes())
    output = lote
    if how == "link-simbolico":
        output = tmp_path / "resumo.html"
        output.symlink_to(lote)
    elif how == "link-fisico":
        output = tmp_path / "resumo.html"
        os.link(lote, output)

    result = run("report", H, lote, "-o", output)

    assert result.exit_code == 2
    assert f"Erro: a saída {output} é o lote de entrada {lote}" in result.stderr
    assert lote.read_bytes() == H.read_bytes()


def test_invalid_lote_is_flagged_on_screen_and_in_the_page(tmp_path: Path) -> None:
    lote = tmp_path / "lote.xml"
    lote.write_bytes(
        re.sub(rb"<ans:hash>[^<]*</ans:hash>", b"<ans:hash>0</ans:hash>", H.read_bytes())
    )
    output = tmp_path / "resumo.html"

    result = run("report", H, lote, "-o", output)

    assert result.exit_code == 1
    assert f"Aviso: {lote}: lote inválido" in result.stderr
    assert f"Relatório gravado em {output}" in result.stdout
    html = output.read_text(encoding="utf-8")
    assert html.count("LOTE INVÁLIDO") == 1  # the valid lote's page has no banner
    banner = html[html.index("LOTE INVÁLIDO") :]
    assert "hash" in banner[: banner.index("</ul>")].lower()


def test_valid_lote_has_no_banner(tmp_path: Path) -> None:
    output = tmp_path / "resumo.html"
    result = run("report", H, "-o", output)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    html = output.read_text(encoding="utf-8")
    assert "LOTE INVÁLIDO" not in html
    assert "não validado" not in html


def test_without_schemas_the_page_says_not_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TISSBILL_SCHEMAS", str(tmp_path / "vazio"))
    output = tmp_path / "resumo.html"
    result = run("report", H, "-o", output)
    assert result.exit_code == 0
    assert f"Aviso: {H}: lote não validado" in result.stderr
    assert "Lote não validado" in output.read_text(encoding="utf-8")
