"""Recursos de glosa: o arquivo enviado, o que foi contestado por guia e por glosa, e a resposta
da operadora; e o que o recurso precisa do demonstrativo (nome da operadora, data e descrição de
cada item).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from tissbill.ledger.migrations.columns import MONEY, fk, index_each, key

revision = "0003"
down_revision = "0002"


def _resposta() -> list[sa.Column[Any]]:
    """The operadora's answer, empty until its respostaRecursoGlosa is imported."""
    return [
        sa.Column("valor_acatado", MONEY, nullable=True),
        sa.Column("justificativa_operadora", sa.String(500), nullable=True),
    ]


def upgrade() -> None:
    # The demonstrativo's facts a recurso repeats; rows imported before this revision have none.
    with op.batch_alter_table("analise_guia") as table:
        table.add_column(sa.Column("nome_operadora", sa.String(70), nullable=True))
    with op.batch_alter_table("analise_item") as table:
        table.add_column(sa.Column("data_realizacao", sa.Date, nullable=True))
        table.add_column(sa.Column("descricao_procedimento", sa.String(150), nullable=True))
    op.create_table(
        "recurso",
        key(),
        fk("lote_id", "lote.id"),
        sa.Column("prestador", sa.String(40), nullable=False),
        sa.Column("operadora", sa.String(6), nullable=False),
        sa.Column("numero_recurso", sa.String(20), nullable=False),
        sa.Column("sequencial_transacao", sa.String(12), nullable=False),
        sa.Column("numero_protocolo", sa.String(12), nullable=False),
        sa.Column("versao", sa.String(8), nullable=False),
        sa.Column("hash", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("arquivo", sa.String(1000), nullable=False),
        sa.Column("valor_recursado", MONEY, nullable=False),
        sa.Column("criado_em", sa.DateTime, nullable=False),
        sa.Column("numero_recurso_operadora", sa.String(20), nullable=True),
        sa.Column("valor_acatado", MONEY, nullable=True),
        sa.Column("respondido_em", sa.DateTime, nullable=True),
        fk("resposta_arquivo_id", "retorno_arquivo.id", nullable=True, ondelete="SET NULL"),
        sa.UniqueConstraint("prestador", "operadora", "numero_recurso", name="uq_recurso_numero"),
    )
    index_each("recurso", "lote_id")
    op.create_table(
        "recurso_guia",
        key(),
        fk("recurso_id", "recurso.id"),
        fk("analise_guia_id", "analise_guia.id"),
        sa.Column("numero_guia_prestador", sa.String(20), nullable=False),
        sa.Column("completa", sa.Boolean, nullable=False),
        sa.Column("valor_recursado", MONEY, nullable=False),
        sa.Column("justificativa", sa.String(500), nullable=False),
        sa.Column("acatado", sa.String(1), nullable=True),
        *_resposta(),
    )
    index_each("recurso_guia", "recurso_id", "analise_guia_id")
    op.create_table(
        "recurso_glosa",
        key(),
        fk("recurso_guia_id", "recurso_guia.id"),
        fk("glosa_id", "glosa.id"),
        sa.Column("sequencial_item", sa.Integer, nullable=True),
        sa.Column("codigo_glosa", sa.String(4), nullable=False),
        sa.Column("valor_recursado", MONEY, nullable=True),
        *_resposta(),
    )
    index_each("recurso_glosa", "recurso_guia_id", "glosa_id")


def downgrade() -> None:
    for name in ("recurso_glosa", "recurso_guia", "recurso"):
        op.drop_table(name)
    with op.batch_alter_table("analise_item") as table:
        table.drop_column("descricao_procedimento")
        table.drop_column("data_realizacao")
    with op.batch_alter_table("analise_guia") as table:
        table.drop_column("nome_operadora")
