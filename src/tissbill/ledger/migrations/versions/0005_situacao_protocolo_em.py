"""Quando a operadora informou a situação do protocolo (o registro da transação que a trouxe),
para que um arquivo mais antigo importado depois não volte a situação para trás.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    with op.batch_alter_table("protocolo") as table:
        table.add_column(sa.Column("situacao_em", sa.DateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("protocolo") as table:
        table.drop_column("situacao_em")
