"""Recursos gravados como os lotes: o arquivo só ganha o nome final depois do commit, e uma
linha com ``arquivo_pendente`` é completada na próxima abertura (``Ledger.recover``). E o valor
pago por guia (guiasDoLote do demonstrativo de pagamento), casado com a guia faturada; e a
situação de um recurso (reciboGlosaStatus) com o protocolo que a operadora deu a ele; e as
glosas enviadas já no recebimento do lote (glosaProtocolo, glosaGuia, glosasProcedimento).

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
        table.add_column(sa.Column("protocolo_recurso", sa.String(12), nullable=True))
        table.add_column(sa.Column("situacao", sa.String(2), nullable=True))
        table.add_column(sa.Column("situacao_em", sa.Date, nullable=True))
    op.create_index("ix_recurso_arquivo_pendente", "recurso", ["arquivo_pendente"])
    money = sa.Numeric(14, 2)
    op.create_table(
        "pagamento_guia",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "pagamento_id",
            sa.Integer,
            sa.ForeignKey("pagamento.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "guia_id", sa.Integer, sa.ForeignKey("guia.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("numero_guia_prestador", sa.String(20), nullable=False),
        sa.Column("numero_guia_operadora", sa.String(20), nullable=True),
        sa.Column("tipo_pagamento", sa.String(1), nullable=False),
        sa.Column("valor_processado", money, nullable=False),
        sa.Column("valor_liberado", money, nullable=False),
        sa.Column("valor_glosa", money, nullable=True),
    )
    op.create_index("ix_pagamento_guia_pagamento_id", "pagamento_guia", ["pagamento_id"])
    op.create_index("ix_pagamento_guia_guia_id", "pagamento_guia", ["guia_id"])
    op.create_table(
        "glosa_recebimento",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "arquivo_id",
            sa.Integer,
            sa.ForeignKey("retorno_arquivo.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "lote_id", sa.Integer, sa.ForeignKey("lote.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "guia_id", sa.Integer, sa.ForeignKey("guia.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("numero_guia_prestador", sa.String(20), nullable=True),
        sa.Column("sequencial_item", sa.Integer, nullable=True),
        sa.Column("codigo_glosa", sa.String(4), nullable=False),
        sa.Column("descricao_operadora", sa.String(500), nullable=True),
        sa.Column("valor_glosa", money, nullable=True),
    )
    for column in ("arquivo_id", "lote_id", "guia_id"):
        op.create_index(f"ix_glosa_recebimento_{column}", "glosa_recebimento", [column])


def downgrade() -> None:
    op.drop_table("glosa_recebimento")
    op.drop_table("pagamento_guia")
    op.drop_index("ix_recurso_arquivo_pendente", "recurso")
    with op.batch_alter_table("recurso") as table:
        for column in ("situacao_em", "situacao", "protocolo_recurso", "arquivo_pendente"):
            table.drop_column(column)
