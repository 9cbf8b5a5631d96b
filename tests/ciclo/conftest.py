"""A ledger holding the IPAM consultas lote (58114, 31 guias) built by ``tissbill build``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect, text

from tests.ledger.conftest import IPAM, ledger_url, postgres_server  # noqa: F401 (fixtures)
from tissbill.cli import cli
from tissbill.ledger import resolve_url
from tissbill.models.mensagem import MensagemTISS
from tissbill.models.retornos import MensagemOperadora
from tissbill.xml.reader import read_lote
from tissbill.xml.writer import write_message

BUILD = [
    "build",
    str(IPAM / "atendimentos_novembro.csv"),
    "--config",
    str(IPAM / "config.yaml"),
    "--periodo",
    "2023-11-01:2023-11-30",
    "-q",
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


@dataclass
class Faturado:
    ledger: str
    lote: MensagemTISS
    folder: Path

    def write(self, name: str, message: MensagemOperadora, encoding: str = "iso-8859-1") -> Path:
        path = self.folder / name
        path.write_bytes(write_message(message, encoding=encoding))
        return path

    def importar(self, *paths: Path) -> tuple[int, str, str]:
        return run("retorno", "importar", *map(str, paths), "--ledger", self.ledger)

    def dump(self) -> dict[str, list[tuple[object, ...]]]:
        """Every row of every table, to compare a ledger before and after a refusal."""
        engine = create_engine(resolve_url(self.ledger))
        try:
            with engine.connect() as connection:
                return {
                    table: [
                        tuple(row)
                        for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1"))
                    ]
                    for table in sorted(inspect(connection).get_table_names())
                }
        finally:
            engine.dispose()


def build_into(ledger: str, folder: Path) -> Faturado:
    out = folder / "lotes"
    code, _, err = run(*BUILD, "-o", str(out), "--ledger", ledger)
    assert code == 0, err
    (lote,) = sorted(out.glob("lote-*.xml"))
    retornos = folder / "retornos"
    retornos.mkdir()
    return Faturado(ledger, read_lote(lote), retornos)


@pytest.fixture
def faturado(tmp_path: Path) -> Faturado:
    """SQLite ledger with lote 58114."""
    return build_into(str(tmp_path / "ledger.sqlite"), tmp_path)


@pytest.fixture
def faturado_any(ledger_url: str, tmp_path: Path) -> Faturado:  # noqa: F811
    """Lote 58114 in a ledger on each backend (SQLite and PostgreSQL)."""
    return build_into(ledger_url, tmp_path)
