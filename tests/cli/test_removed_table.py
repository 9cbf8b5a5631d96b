"""The "Deixados de fora do lote" table wraps its cells and never cuts what identifies a row."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from rich.console import Console

from tissbill.billing.workflow import Removed
from tissbill.cli.build import _print_removed

GUIA = "00621210112376000031"
ORIGEM = "atendimentos_novembro_2023_unidade_centro_cirurgico.csv"
REMOVED = [
    Removed(
        origem=f"{ORIGEM}:1234",
        guia=GUIA,
        data=dt.date(2023, 11, 2),
        descricao="Consulta em consultório (no horário normal ou preestabelecido)",
        valor=Decimal("1234567.00"),
        motivo="status 'pendente' (só entram as linhas conferidas ou confirmadas)",
    ),
    Removed(
        origem="/home/faturamento/entradas/guias-dezembro.json",
        guia="0062121011237600003299",
        data=None,
        descricao="guia de consulta",
        valor=None,
        motivo="atendimento em 01/12/2023, fora do período 01/11/2023 a 30/11/2023",
    ),
]


def _render(width: int) -> str:
    out = Console(width=width, file=io.StringIO(), highlight=False)
    _print_removed(out, REMOVED)
    text = out.file.getvalue()
    assert isinstance(text, str)
    return text


@pytest.mark.parametrize("width", [80, 100])
def test_narrow_terminal_keeps_guia_number_and_csv_line_whole(width: int) -> None:
    text = _render(width)
    assert all(len(line) <= width for line in text.splitlines())
    assert "…" not in text
    assert f"guia {GUIA}" in text
    assert "guia 0062121011237600003299" in text
    assert "linha 1234" in text
    assert "R$ 1.234.567,00" in text
    assert "02/11/2023" in text
    # Folded cells keep every character: the file names come back from the first column.
    first_column = "".join(line.split("│")[1].strip() for line in text.splitlines() if "│" in line)
    assert ORIGEM in first_column
    assert "/home/faturamento/entradas/guias-dezembro.json" in first_column


def test_wide_output_keeps_one_column_per_field() -> None:
    text = _render(400)
    assert f"{ORIGEM}:1234" in text
    assert GUIA in text
    assert "…" not in text
    assert "status 'pendente' (só entram as linhas conferidas ou confirmadas)" in text
