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

from tissbill.ledger.migrations.columns import MONEY, fk, index_each, key, money

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    # Recursos recorded before this revision were written before their commit: their files exist.
    with op.batch_alter_table("recurso") as table:
        table.add_column(
            sa.Column("arquivo_pendente", sa.Boolean, nullable=False, server_default=sa.false())
        )
        table.add_column(sa.Column("protocolo_recurso", sa.String(12), nullable=True))
        table.add_column(sa.Column("situacao", sa.String(2), nullable=True))
        table.add_column(sa.Column("situacao_em", sa.Date, nullable=True))
    index_each("recurso", "arquivo_pendente")
    op.create_table(
        "pagamento_guia",
        key(),
        fk("pagamento_id", "pagamento.id"),
        fk("guia_id", "guia.id", nullable=True, ondelete="SET NULL"),
        sa.Column("numero_guia_prestador", sa.String(20), nullable=False),
        sa.Column("numero_guia_operadora", sa.String(20), nullable=True),
        sa.Column("tipo_pagamento", sa.String(1), nullable=False),
        *money("valor_processado", "valor_liberado"),
        sa.Column("valor_glosa", MONEY, nullable=True),
    )
    index_each("pagamento_guia", "pagamento_id", "guia_id")
    op.create_table(
        "glosa_recebimento",
        key(),
        fk("arquivo_id", "retorno_arquivo.id"),
        fk("lote_id", "lote.id"),
        fk("guia_id", "guia.id", nullable=True, ondelete="SET NULL"),
        sa.Column("numero_guia_prestador", sa.String(20), nullable=True),
        sa.Column("sequencial_item", sa.Integer, nullable=True),
        sa.Column("codigo_glosa", sa.String(4), nullable=False),
        sa.Column("descricao_operadora", sa.String(500), nullable=True),
        sa.Column("valor_glosa", MONEY, nullable=True),
    )
    index_each("glosa_recebimento", "arquivo_id", "lote_id", "guia_id")


def downgrade() -> None:
    op.drop_table("glosa_recebimento")
    op.drop_table("pagamento_guia")
    op.drop_index("ix_recurso_arquivo_pendente", "recurso")
    with op.batch_alter_table("recurso") as table:
        for column in ("situacao_em", "situacao", "protocolo_recurso", "arquivo_pendente"):
            table.drop_column(column)
