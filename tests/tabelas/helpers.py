"""Table files for the tests of ``tissbill tabelas``."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

from tests.conftest import REPO

EXEMPLO = REPO / "examples" / "ciclo" / "tabela38_exemplo.csv"

ACENTOS = {
    "1001": "Carteira do beneficiário inválida",
    "1705": "Valor cobrado acima do contratado; revisão técnica",
    "1308": "Guia já apresentada (cobrança em duplicidade)",
}


def csv_bytes(rows: Mapping[str, str], encoding: str = "utf-8") -> bytes:
    """``rows`` as a ``codigo;descricao`` CSV in ``encoding`` (``utf-8-sig`` for the BOM)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["codigo", "descricao"])
    writer.writerows(rows.items())
    return out.getvalue().encode(encoding)


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path
