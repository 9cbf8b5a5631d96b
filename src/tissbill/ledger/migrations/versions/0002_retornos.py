"""Retornos da operadora: arquivos importados, protocolos, demonstrativos de análise (guias,
itens, glosas) e de pagamento.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tissbill.ledger.migrations.columns import MONEY, fk, index_each, key, money

revision = "0002"
down_revision = "0001"


_VALORES = ("valor_informado", "valor_processado", "valor_liberado", "valor_glosa")


def upgrade() -> None:
    op.create_table(
        "retorno_arquivo",
        key(),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("tipo", sa.String(40), nullable=False),
        sa.Column("operadora", sa.String(6), nullable=False),
        sa.Column("prestador", sa.String(40), nullable=False),
        sa.Column("versao", sa.String(8), nullable=False),
        sa.Column("arquivo", sa.String(1000), nullable=False),
        sa.Column("importado_em", sa.DateTime, nullable=False),
    )
    index_each("retorno_arquivo", "operadora")
    op.create_table(
        "retorno_documento",
        key(),
        fk("arquivo_id", "retorno_arquivo.id"),
        sa.Column("operadora", sa.String(6), nullable=False),
        sa.Column("tipo", sa.String(40), nullable=False),
        sa.Column("numero", sa.String(60), nullable=False),
        sa.UniqueConstraint("operadora", "tipo", "numero", name="uq_retorno_documento"),
    )
    index_each("retorno_documento", "arquivo_id")
    op.create_table(
        "protocolo",
        key(),
        fk("lote_id", "lote.id"),
        sa.Column("numero_protocolo", sa.String(12), nullable=False),
        sa.Column("data_protocolo", sa.Date, nullable=True),
        sa.Column("situacao", sa.String(2), nullable=True),
        fk("arquivo_id", "retorno_arquivo.id"),
    )
    op.create_index("ix_protocolo_lote_id", "protocolo", ["lote_id"], unique=True)
    index_each("protocolo", "numero_protocolo")
    op.create_table(
        "analise_guia",
        key(),
        fk("arquivo_id", "retorno_arquivo.id"),
        fk("lote_id", "lote.id"),
        fk("guia_id", "guia.id", nullable=True, ondelete="SET NULL"),
        sa.Column("numero_demonstrativo", sa.String(20), nullable=False),
        sa.Column("numero_protocolo", sa.String(12), nullable=False),
        sa.Column("numero_guia_prestador", sa.String(20), nullable=False),
        sa.Column("numero_guia_operadora", sa.String(20), nullable=True),
        sa.Column("situacao", sa.String(2), nullable=False),
        *money(*_VALORES),
    )
    index_each("analise_guia", "arquivo_id", "lote_id", "guia_id")
    op.create_table(
        "analise_item",
        key(),
        fk("analise_guia_id", "analise_guia.id"),
        fk("item_id", "item.id", nullable=True, ondelete="SET NULL"),
        sa.Column("sequencial_item", sa.Integer, nullable=False),
        sa.Column("codigo_tabela", sa.String(2), nullable=True),
        sa.Column("codigo_procedimento", sa.String(10), nullable=False),
        *money(*_VALORES),
    )
    index_each("analise_item", "analise_guia_id", "item_id")
    op.create_table(
        "glosa",
        key(),
        fk("analise_guia_id", "analise_guia.id"),
        fk("analise_item_id", "analise_item.id", nullable=True),
        sa.Column("codigo_glosa", sa.String(4), nullable=False),
        sa.Column("valor_glosa", MONEY, nullable=True),
        sa.Column("descricao_operadora", sa.String(500), nullable=True),
    )
    index_each("glosa", "analise_guia_id", "analise_item_id")
    op.create_table(
        "pagamento",
        key(),
        fk("arquivo_id", "retorno_arquivo.id"),
        fk("lote_id", "lote.id"),
        sa.Column("numero_demonstrativo", sa.String(20), nullable=False),
        sa.Column("numero_protocolo", sa.String(12), nullable=False),
        sa.Column("data_pagamento", sa.Date, nullable=False),
        sa.Column("forma_pagamento", sa.String(1), nullable=False),
        *money(*_VALORES),
    )
    index_each("pagamento", "arquivo_id", "lote_id")
    op.create_table(
        "debito_credito",
        key(),
        fk("arquivo_id", "retorno_arquivo.id"),
        sa.Column("data_pagamento", sa.Date, nullable=True),
        sa.Column("indicador", sa.String(1), nullable=False),
        sa.Column("tipo", sa.String(2), nullable=False),
        sa.Column("descricao", sa.String(40), nullable=False),
        sa.Column("valor", MONEY, nullable=False),
    )
    index_each("debito_credito", "arquivo_id")


def downgrade() -> None:
    for table in (
        "debito_credito",
        "pagamento",
        "glosa",
        "analise_item",
        "analise_guia",
        "protocolo",
        "retorno_documento",
        "retorno_arquivo",
    ):
        op.drop_table(table)
