"""The ledger's tables (SQLAlchemy 2 typed ORM). Changing them needs a new migration in
``migrations/versions``: the database is created and upgraded only by the migrations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    MappedColumn,
    Relationship,
    mapped_column,
    relationship,
)

Money = Numeric(14, 2)


class Base(DeclarativeBase):
    pass


def _part_of(table: str) -> MappedColumn[Any]:
    """The row of ``table`` this one belongs to: deleted with it, indexed for the joins."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE"), index=True)


def _matched_to(table: str) -> MappedColumn[Any]:
    """The row of ``table`` this one was matched to, when found; kept (unlinked) if that row
    goes."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="SET NULL"), index=True)


def _parts(row: str, back_populates: str) -> Relationship[Any]:
    """The ``row`` objects that belong to this one, in the order they were added; they go with
    it."""
    return relationship(
        back_populates=back_populates, cascade="all, delete-orphan", order_by=f"{row}.id"
    )


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

    guias: Mapped[list[GuiaRow]] = _parts("GuiaRow", "lote")


class GuiaRow(Base):
    __tablename__ = "guia"
    __table_args__ = (
        Index("ix_guia_numero", "numero_guia_prestador"),
        Index("ix_guia_solicitacao", "numero_guia_solicitacao"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lote_id: Mapped[int] = _part_of("lote")
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
    itens: Mapped[list[ItemRow]] = _parts("ItemRow", "guia")


class ItemRow(Base):
    __tablename__ = "item"

    id: Mapped[int] = mapped_column(primary_key=True)
    guia_id: Mapped[int] = _part_of("guia")
    sequencial_item: Mapped[int | None]
    data_execucao: Mapped[dt.date | None]
    codigo_tabela: Mapped[str | None] = mapped_column(String(2))
    codigo: Mapped[str] = mapped_column(String(10))
    categoria: Mapped[str] = mapped_column(String(20))
    quantidade: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    valor_total: Mapped[Decimal] = mapped_column(Money)

    guia: Mapped[GuiaRow] = relationship(back_populates="itens")


# --- the operadora's returns (migration 0002) -------------------------------------------------


class RetornoArquivoRow(Base):
    """One file of the operadora imported by ``tissbill retorno importar``."""

    __tablename__ = "retorno_arquivo"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    """Of the file's bytes: the same file is imported once."""
    tipo: Mapped[str] = mapped_column(String(40))
    """Message kind: ``recebimentoLote``, ``situacaoProtocolo``, ``demonstrativoAnaliseConta``,
    ``demonstrativoPagamento`` or ``respostaRecursoGlosa``."""
    operadora: Mapped[str] = mapped_column(String(6), index=True)
    prestador: Mapped[str] = mapped_column(String(40))
    versao: Mapped[str] = mapped_column(String(8))
    arquivo: Mapped[str] = mapped_column(String(1000))
    importado_em: Mapped[dt.datetime] = mapped_column(DateTime)

    documentos: Mapped[list[RetornoDocumentoRow]] = relationship(
        back_populates="arquivo_row", cascade="all, delete-orphan"
    )


class RetornoDocumentoRow(Base):
    """Identity of a document inside a return file, independent of its TISS version and bytes
    (e.g. a demonstrativo's number): the same document received again is not imported twice."""

    __tablename__ = "retorno_documento"
    __table_args__ = (UniqueConstraint("operadora", "tipo", "numero", name="uq_retorno_documento"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    arquivo_id: Mapped[int] = _part_of("retorno_arquivo")
    operadora: Mapped[str] = mapped_column(String(6))
    tipo: Mapped[str] = mapped_column(String(40))
    numero: Mapped[str] = mapped_column(String(60))

    arquivo_row: Mapped[RetornoArquivoRow] = relationship(back_populates="documentos")


class ProtocoloRow(Base):
    """The operadora's protocolo of a billed lote and its latest situação."""

    __tablename__ = "protocolo"

    id: Mapped[int] = mapped_column(primary_key=True)
    lote_id: Mapped[int] = mapped_column(
        ForeignKey("lote.id", ondelete="CASCADE"), unique=True, index=True
    )
    numero_protocolo: Mapped[str] = mapped_column(String(12), index=True)
    data_protocolo: Mapped[dt.date | None]
    situacao: Mapped[str | None] = mapped_column(String(2))
    """dm_statusProtocolo code of the latest situação received."""
    situacao_em: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    """When the operadora stated that situação (its transaction's registration)."""
    arquivo_id: Mapped[int] = mapped_column(ForeignKey("retorno_arquivo.id", ondelete="CASCADE"))


class AnaliseGuiaRow(Base):
    """One guia of a demonstrativo de análise de conta, linked to the billed guia when found."""

    __tablename__ = "analise_guia"

    id: Mapped[int] = mapped_column(primary_key=True)
    arquivo_id: Mapped[int] = _part_of("retorno_arquivo")
    lote_id: Mapped[int] = _part_of("lote")
    guia_id: Mapped[int | None] = _matched_to("guia")
    """None: the operadora analysed a guia that matches nothing billed (kept, listed)."""
    numero_demonstrativo: Mapped[str] = mapped_column(String(20))
    numero_protocolo: Mapped[str] = mapped_column(String(12))
    numero_guia_prestador: Mapped[str] = mapped_column(String(20))
    numero_guia_operadora: Mapped[str | None] = mapped_column(String(20))
    situacao: Mapped[str] = mapped_column(String(2))
    valor_informado: Mapped[Decimal] = mapped_column(Money)
    valor_processado: Mapped[Decimal] = mapped_column(Money)
    valor_liberado: Mapped[Decimal] = mapped_column(Money)
    valor_glosa: Mapped[Decimal] = mapped_column(Money)
    nome_operadora: Mapped[str | None] = mapped_column(String(70), default=None)
    """From the demonstrativo's cabeçalho, for the recurso (0003; None before it)."""

    itens: Mapped[list[AnaliseItemRow]] = _parts("AnaliseItemRow", "guia")
    glosas: Mapped[list[GlosaRow]] = _parts("GlosaRow", "guia")


class AnaliseItemRow(Base):
    """One item (detalhesGuia) of an analysed guia, linked to the billed item when found."""

    __tablename__ = "analise_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    analise_guia_id: Mapped[int] = _part_of("analise_guia")
    item_id: Mapped[int | None] = _matched_to("item")
    sequencial_item: Mapped[int] = mapped_column(Integer)
    codigo_tabela: Mapped[str | None] = mapped_column(String(2))
    codigo_procedimento: Mapped[str] = mapped_column(String(10))
    valor_informado: Mapped[Decimal] = mapped_column(Money)
    valor_processado: Mapped[Decimal] = mapped_column(Money)
    valor_liberado: Mapped[Decimal] = mapped_column(Money)
    valor_glosa: Mapped[Decimal] = mapped_column(Money)
    data_realizacao: Mapped[dt.date | None] = mapped_column(default=None)
    descricao_procedimento: Mapped[str | None] = mapped_column(String(150), default=None)
    """Both as the demonstrativo gives them, for the recurso (0003; None before it)."""

    guia: Mapped[AnaliseGuiaRow] = relationship(back_populates="itens")


class GlosaRow(Base):
    """One motivo de glosa (tabela 38 code) of a guia (no item, value only in the guia's total)
    or of an item (with its value)."""

    __tablename__ = "glosa"

    id: Mapped[int] = mapped_column(primary_key=True)
    analise_guia_id: Mapped[int] = _part_of("analise_guia")
    analise_item_id: Mapped[int | None] = _part_of("analise_item")
    codigo_glosa: Mapped[str] = mapped_column(String(4))
    valor_glosa: Mapped[Decimal | None] = mapped_column(Money)
    descricao_operadora: Mapped[str | None] = mapped_column(String(500))
    """The operadora's own text of the motivo, when it sent one."""

    guia: Mapped[AnaliseGuiaRow] = relationship(back_populates="glosas")
    item: Mapped[AnaliseItemRow | None] = relationship()


class GlosaRecebimentoRow(Base):
    """A motivo de glosa the operadora sent already at receipt (recebimentoLote's protocolo, 0004):
    of the whole protocolo (glosaProtocolo), of a guia (glosaGuia) or of a procedure
    (glosasProcedimento). Kept apart from the análise's :class:`GlosaRow`: the demonstrativo de
    análise that follows is the definitive account and usually repeats them, so they never enter
    its totals."""

    __tablename__ = "glosa_recebimento"

    id: Mapped[int] = mapped_column(primary_key=True)
    arquivo_id: Mapped[int] = _part_of("retorno_arquivo")
    lote_id: Mapped[int] = _part_of("lote")
    guia_id: Mapped[int | None] = _matched_to("guia")
    numero_guia_prestador: Mapped[str | None] = mapped_column(String(20))
    """None: a glosa of the whole protocolo."""
    sequencial_item: Mapped[int | None]
    """The procedure's sequencialItem; None for a guia's or the protocolo's motivos."""
    codigo_glosa: Mapped[str] = mapped_column(String(4))
    descricao_operadora: Mapped[str | None] = mapped_column(String(500))
    valor_glosa: Mapped[Decimal | None] = mapped_column(Money)
    """TISS gives one value for all the motivos of a procedure (valorGlosaProcedimento) or of
    the protocolo (vlGlosaProtocolo): that value, the same on each of their motivos; None for a
    guia's motivos, which have none."""


class PagamentoRow(Base):
    """One protocolo paid on one date (relacaoProtocolos of a demonstrativo de pagamento)."""

    __tablename__ = "pagamento"

    id: Mapped[int] = mapped_column(primary_key=True)
    arquivo_id: Mapped[int] = _part_of("retorno_arquivo")
    lote_id: Mapped[int] = _part_of("lote")
    numero_demonstrativo: Mapped[str] = mapped_column(String(20))
    numero_protocolo: Mapped[str] = mapped_column(String(12))
    data_pagamento: Mapped[dt.date]
    forma_pagamento: Mapped[str] = mapped_column(String(1))
    valor_informado: Mapped[Decimal] = mapped_column(Money)
    valor_processado: Mapped[Decimal] = mapped_column(Money)
    valor_liberado: Mapped[Decimal] = mapped_column(Money)
    valor_glosa: Mapped[Decimal] = mapped_column(Money)

    guias: Mapped[list[PagamentoGuiaRow]] = relationship(
        cascade="all, delete-orphan", order_by="PagamentoGuiaRow.id"
    )


class PagamentoGuiaRow(Base):
    """What was paid for one guia of a protocolo paid (guiasDoLote, 0004), linked to the billed
    guia when found."""

    __tablename__ = "pagamento_guia"

    id: Mapped[int] = mapped_column(primary_key=True)
    pagamento_id: Mapped[int] = _part_of("pagamento")
    guia_id: Mapped[int | None] = _matched_to("guia")
    numero_guia_prestador: Mapped[str] = mapped_column(String(20))
    numero_guia_operadora: Mapped[str | None] = mapped_column(String(20))
    tipo_pagamento: Mapped[str] = mapped_column(String(1))
    """dm_tipoPagamento: ``1`` the first analysis, ``2`` a recurso."""
    valor_processado: Mapped[Decimal] = mapped_column(Money)
    valor_liberado: Mapped[Decimal] = mapped_column(Money)
    """What the operadora paid for the guia."""
    valor_glosa: Mapped[Decimal | None] = mapped_column(Money)


class DebitoCreditoRow(Base):
    """A débito or crédito of a demonstrativo de pagamento (ISS withheld, adjustments...)."""

    __tablename__ = "debito_credito"

    id: Mapped[int] = mapped_column(primary_key=True)
    arquivo_id: Mapped[int] = _part_of("retorno_arquivo")
    data_pagamento: Mapped[dt.date | None]
    """The payment date it belongs to; None for the demonstrativo's overall list."""
    indicador: Mapped[str] = mapped_column(String(1))
    tipo: Mapped[str] = mapped_column(String(2))
    descricao: Mapped[str] = mapped_column(String(40))
    valor: Mapped[Decimal] = mapped_column(Money)


# --- recursos de glosa (migration 0003) -------------------------------------------------------


class RecursoRow(Base):
    """One recurso de glosa built by ``tissbill recurso``, and the operadora's answer to it."""

    __tablename__ = "recurso"
    __table_args__ = (
        UniqueConstraint("prestador", "operadora", "numero_recurso", name="uq_recurso_numero"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lote_id: Mapped[int] = _part_of("lote")
    prestador: Mapped[str] = mapped_column(String(40))
    operadora: Mapped[str] = mapped_column(String(6))
    numero_recurso: Mapped[str] = mapped_column(String(20))
    """numeroGuiaRecGlosaPrestador, numbered per prestador and operadora."""
    sequencial_transacao: Mapped[str] = mapped_column(String(12))
    numero_protocolo: Mapped[str] = mapped_column(String(12))
    versao: Mapped[str] = mapped_column(String(8))
    hash: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    arquivo: Mapped[str] = mapped_column(String(1000))
    arquivo_pendente: Mapped[bool] = mapped_column(default=False, index=True)
    """Recorded, but the file may still be under its temporary name (0004; see
    ``Ledger.recover``)."""
    valor_recursado: Mapped[Decimal] = mapped_column(Money)
    criado_em: Mapped[dt.datetime] = mapped_column(DateTime)
    numero_recurso_operadora: Mapped[str | None] = mapped_column(String(20), default=None)
    valor_acatado: Mapped[Decimal | None] = mapped_column(Money, default=None)
    """valorTotalAcatado of the answer; None until it is imported."""
    respondido_em: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    resposta_arquivo_id: Mapped[int | None] = mapped_column(
        ForeignKey("retorno_arquivo.id", ondelete="SET NULL"), default=None
    )
    protocolo_recurso: Mapped[str | None] = mapped_column(String(12), default=None)
    """nrProtocoloRecursoGlosa: the operadora's protocolo of the recurso, learnt from its first
    situação (reciboGlosaStatus, 0004)."""
    situacao: Mapped[str | None] = mapped_column(String(2), default=None)
    """dm_statusProtocolo code of the latest situação received."""
    situacao_em: Mapped[dt.date | None] = mapped_column(default=None)

    guias: Mapped[list[RecursoGuiaRow]] = _parts("RecursoGuiaRow", "recurso")


class RecursoGuiaRow(Base):
    """A guia appealed in a recurso: whole (``completa``) or item by item."""

    __tablename__ = "recurso_guia"

    id: Mapped[int] = mapped_column(primary_key=True)
    recurso_id: Mapped[int] = _part_of("recurso")
    analise_guia_id: Mapped[int] = _part_of("analise_guia")
    numero_guia_prestador: Mapped[str] = mapped_column(String(20))
    completa: Mapped[bool]
    valor_recursado: Mapped[Decimal] = mapped_column(Money)
    justificativa: Mapped[str] = mapped_column(String(500))
    acatado: Mapped[str | None] = mapped_column(String(1), default=None)
    """``S``/``N`` of a whole guia's answer; None until answered (and for items)."""
    valor_acatado: Mapped[Decimal | None] = mapped_column(Money, default=None)
    justificativa_operadora: Mapped[str | None] = mapped_column(String(500), default=None)

    recurso: Mapped[RecursoRow] = relationship(back_populates="guias")
    glosas: Mapped[list[RecursoGlosaRow]] = _parts("RecursoGlosaRow", "guia")


class RecursoGlosaRow(Base):
    """One glosa (a row of ``glosa``) appealed; its value only when the guia was appealed item
    by item (a whole guia's value is on its :class:`RecursoGuiaRow`)."""

    __tablename__ = "recurso_glosa"

    id: Mapped[int] = mapped_column(primary_key=True)
    recurso_guia_id: Mapped[int] = _part_of("recurso_guia")
    glosa_id: Mapped[int] = _part_of("glosa")
    sequencial_item: Mapped[int | None] = mapped_column(default=None)
    codigo_glosa: Mapped[str] = mapped_column(String(4))
    valor_recursado: Mapped[Decimal | None] = mapped_column(Money, default=None)
    valor_acatado: Mapped[Decimal | None] = mapped_column(Money, default=None)
    justificativa_operadora: Mapped[str | None] = mapped_column(String(500), default=None)

    guia: Mapped[RecursoGuiaRow] = relationship(back_populates="glosas")
