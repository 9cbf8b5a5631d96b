"""The ledger's tables (SQLAlchemy 2 typed ORM). Changing them needs a new migration in
``migrations/versions``: the database is created and upgraded only by the migrations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Index, Integer, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

Money = Numeric(14, 2)


class Base(DeclarativeBase):
    pass


class Numeracao(Base):
    """Next numbers per prestador and operadora; its row is the lock two builds queue on."""

    __tablename__ = "numeracao"

    prestador: Mapped[str] = mapped_column(String(40), primary_key=True)
    operadora: Mapped[str] = mapped_column(String(6), primary_key=True)
    proximo_lote: Mapped[int] = mapped_column(Integer)
    proxima_transacao: Mapped[int] = mapped_column(Integer)


class LoteRow(Base):
    """One lote file built by tissbill or imported."""

    __tablename__ = "lote"
    __table_args__ = (
        Index("ix_lote_numero", "prestador", "operadora", "numero_lote"),
        Index("ix_lote_transacao", "prestador", "operadora", "sequencial_transacao"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    prestador: Mapped[str] = mapped_column(String(40))
    """``tipo:valor`` of cabecalho/origem, e.g. ``CNPJ:…`` or ``codigoPrestadorNaOperadora:…``."""
    operadora: Mapped[str] = mapped_column(String(6))
    numero_lote: Mapped[str] = mapped_column(String(12))
    sequencial_transacao: Mapped[str] = mapped_column(String(12))
    versao: Mapped[str] = mapped_column(String(8))
    tipo_guia: Mapped[str] = mapped_column(String(20))
    hash: Mapped[str] = mapped_column(String(32))
    """The epílogo hash."""
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    """Of the file's bytes: the same file is recorded once."""
    guias_count: Mapped[int] = mapped_column(Integer)
    valor_total: Mapped[Decimal] = mapped_column(Money)
    arquivo: Mapped[str] = mapped_column(String(1000))
    """Where the file was written or imported from (absolute path)."""
    origem: Mapped[str] = mapped_column(String(10))
    """``build`` or ``importado``."""
    estado: Mapped[str] = mapped_column(String(20), index=True)
    arquivo_pendente: Mapped[bool] = mapped_column(default=False, index=True)
    """Recorded, but the file may still be under its temporary name (see ``Ledger.recover``)."""
    criado_em: Mapped[dt.datetime] = mapped_column(DateTime)
    enviado_em: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)

    guias: Mapped[list[GuiaRow]] = relationship(
        back_populates="lote", cascade="all, delete-orphan", order_by="GuiaRow.id"
    )


class GuiaRow(Base):
    __tablename__ = "guia"
    __table_args__ = (
        Index("ix_guia_numero", "numero_guia_prestador"),
        Index("ix_guia_solicitacao", "numero_guia_solicitacao"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lote_id: Mapped[int] = mapped_column(ForeignKey("lote.id", ondelete="CASCADE"), index=True)
    numero_guia_prestador: Mapped[str] = mapped_column(String(20))
    numero_guia_operadora: Mapped[str | None] = mapped_column(String(20))
    numero_carteira: Mapped[str] = mapped_column(String(20))
    data_inicio: Mapped[dt.date | None]
    data_fim: Mapped[dt.date | None]
    tipo_faturamento: Mapped[str | None] = mapped_column(String(1))
    numero_guia_solicitacao: Mapped[str | None] = mapped_column(String(20))
    """numeroGuiaSolicitacaoInternacao of a resumo: the internação its window belongs to."""
    janela_inicio: Mapped[dt.datetime | None] = mapped_column(DateTime)
    janela_fim: Mapped[dt.datetime | None] = mapped_column(DateTime)
    valor_total: Mapped[Decimal] = mapped_column(Money)

    lote: Mapped[LoteRow] = relationship(back_populates="guias")
    itens: Mapped[list[ItemRow]] = relationship(
        back_populates="guia", cascade="all, delete-orphan", order_by="ItemRow.id"
    )


class ItemRow(Base):
    __tablename__ = "item"

    id: Mapped[int] = mapped_column(primary_key=True)
    guia_id: Mapped[int] = mapped_column(ForeignKey("guia.id", ondelete="CASCADE"), index=True)
    sequencial_item: Mapped[int | None]
    data_execucao: Mapped[dt.date | None]
    codigo_tabela: Mapped[str | None] = mapped_column(String(2))
    codigo: Mapped[str] = mapped_column(String(10))
    categoria: Mapped[str] = mapped_column(String(20))
    quantidade: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    valor_total: Mapped[Decimal] = mapped_column(Money)

    guia: Mapped[GuiaRow] = relationship(back_populates="itens")
