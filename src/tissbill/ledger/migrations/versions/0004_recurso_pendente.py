"""Recursos gravados como os lotes: o arquivo só ganha o nome final depois do commit, e uma
linha com ``arquivo_pendente`` é completada na próxima abertura (``Ledger.recover``).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Recursos recorded before this revision were written before their commit: their files exist.
    with op.batch_alter_table("recurso") as table:
        table.add_column(
            sa.Column("arquivo_pendente", sa.Boolean, nullable=False, server_default=sa.false())
        )
    op.create_index("ix_recurso_arquivo_pendente", "recurso", ["arquivo_pendente"])


def downgrade() -> None:
    op.drop_index("ix_recurso_arquivo_pendente", "recurso")
    with op.batch_alter_table("recurso") as table:
        table.drop_column("arquivo_pendente")
