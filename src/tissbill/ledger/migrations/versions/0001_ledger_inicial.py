"""Ledger inicial: numeração, lotes, guias e itens.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tissbill.ledger.migrations.columns import MONEY, fk, index_each, key

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "numeracao",
        sa.Column("prestador", sa.String(40), primary_key=True),
        sa.Column("operadora", sa.String(6), primary_key=True),
        sa.Column("proximo_lote", sa.Integer, nullable=False),
        sa.Column("proxima_transacao", sa.Integer, nullable=False),
    )
    op.create_table(
        "lote",
        key(),
        sa.Column("prestador", sa.String(40), nullable=False),
        sa.Column("operadora", sa.String(6), nullable=False),
        sa.Column("numero_lote", sa.String(12), nullable=False),
        sa.Column("sequencial_transacao", sa.String(12), nullable=False),
        sa.Column("versao", sa.String(8), nullable=False),
        sa.Column("tipo_guia", sa.String(20), nullable=False),
        sa.Column("hash", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("guias_count", sa.Integer, nullable=False),
        sa.Column("valor_total", MONEY, nullable=False),
        sa.Column("arquivo", sa.String(1000), nullable=False),
        sa.Column("origem", sa.String(10), nullable=False),
        sa.Column("estado", sa.String(20), nullable=False),
        sa.Column("arquivo_pendente", sa.Boolean, nullable=False),
        sa.Column("criado_em", sa.DateTime, nullable=False),
        sa.Column("enviado_em", sa.DateTime, nullable=True),
    )
    op.create_index("ix_lote_numero", "lote", ["prestador", "operadora", "numero_lote"])
    op.create_index("ix_lote_transacao", "lote", ["prestador", "operadora", "sequencial_transacao"])
    index_each("lote", "estado", "arquivo_pendente")
    op.create_table(
        "guia",
        key(),
        fk("lote_id", "lote.id"),
        sa.Column("numero_guia_prestador", sa.String(20), nullable=False),
        sa.Column("numero_guia_operadora", sa.String(20), nullable=True),
        sa.Column("numero_carteira", sa.String(20), nullable=False),
        sa.Column("data_inicio", sa.Date, nullable=True),
        sa.Column("data_fim", sa.Date, nullable=True),
        sa.Column("tipo_faturamento", sa.String(1), nullable=True),
        sa.Column("numero_guia_solicitacao", sa.String(20), nullable=True),
        sa.Column("janela_inicio", sa.DateTime, nullable=True),
        sa.Column("janela_fim", sa.DateTime, nullable=True),
        sa.Column("valor_total", MONEY, nullable=False),
    )
    index_each("guia", "lote_id")
    op.create_index("ix_guia_numero", "guia", ["numero_guia_prestador"])
    op.create_index("ix_guia_solicitacao", "guia", ["numero_guia_solicitacao"])
    op.create_table(
        "item",
        key(),
        fk("guia_id", "guia.id"),
        sa.Column("sequencial_item", sa.Integer, nullable=True),
        sa.Column("data_execucao", sa.Date, nullable=True),
        sa.Column("codigo_tabela", sa.String(2), nullable=True),
        sa.Column("codigo", sa.String(10), nullable=False),
        sa.Column("categoria", sa.String(20), nullable=False),
        sa.Column("quantidade", sa.Numeric(12, 4), nullable=False),
        sa.Column("valor_total", MONEY, nullable=False),
    )
    index_each("item", "guia_id")


def downgrade() -> None:
    op.drop_table("item")
    op.drop_table("guia")
    op.drop_table("lote")
    op.drop_table("numeracao")
