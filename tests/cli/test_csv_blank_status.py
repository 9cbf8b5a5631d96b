"""A status column whose cells are all blank bills nothing: blank is "não conferido"."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_csv_rows_accounted import HEADER, PADROES, PERIODO
from tissbill.billing.csv_input import read_csv


def test_a_status_column_with_every_cell_blank_bills_nothing(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\n;G0;01/11/2023;1,00;\n;G1;02/11/2023;2,00;\n", encoding="utf-8")
    batch = read_csv(path, padroes=PADROES, periodo=PERIODO)
    assert batch.guias == []
    assert [(r.guia, r.origem, r.motivo) for r in batch.removed] == [
        ("G0", "in.csv:2", "status vazio (não conferido)"),
        ("G1", "in.csv:3", "status vazio (não conferido)"),
    ]
