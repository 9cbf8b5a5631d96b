"""Column and index helpers the ledger's migrations share.

Frozen like the migrations themselves: a released migration must create the same tables forever,
so nothing here ever changes; a later migration that needs something else adds a new helper.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

MONEY = sa.Numeric(14, 2)


def key() -> sa.Column[Any]:
    """The integer primary key ``id`` of a table."""
    return sa.Column("id", sa.Integer, primary_key=True)


def fk(
    column: str, target: str, *, nullable: bool = False, ondelete: str = "CASCADE"
) -> sa.Column[Any]:
    """An integer ``column`` referencing ``target`` (``table.id``)."""
    return sa.Column(
        column, sa.Integer, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable
    )


def money(*names: str) -> list[sa.Column[Any]]:
    """Required money columns ``names``."""
    return [sa.Column(name, MONEY, nullable=False) for name in names]


def index_each(table: str, *columns: str) -> None:
    """One index ``ix_<table>_<column>`` on each of ``columns``."""
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])
