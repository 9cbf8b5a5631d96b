"""``Ledger.glosas``: what the operadora did with each billed lote, guia and item, reconciled.

Per lote and guia: informado (what was billed), processado, liberado and glosado (from the
demonstrativos de análise), pago (from the demonstrativos de pagamento: per lote its
protocolos, per guia its guiasDoLote), recursado and
recuperado (what the recursos de glosa asked back and what the operadora's answers accepted,
also per glosa appealed item by item), and each glosa with its tabela 38 code; the glosas the
operadora sent already at receipt (the protocolo) are listed apart, outside the totals (the
análise that follows is the definitive account and usually repeats them). Totals are
checked to the cent and every difference is returned as a :class:`Divergencia`, never hidden:
informado = liberado + glosa per guia and lote, the demonstrativo's informado equals what was
billed, every billed guia was analysed, and the paid amount equals the liberado total, of the
lote and of each analysed guia (its first payment, tipoPagamento 1: a recurso's payment comes on
top of the liberado).

Only lotes the operadora answered (a protocolo, an análise or a pagamento) are listed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from tissbill.ledger.schema import (
    AnaliseGuiaRow,
    GlosaRecebimentoRow,
    GuiaRow,
    LoteRow,
    PagamentoRow,
    ProtocoloRow,
    RecursoGuiaRow,
)
from tissbill.models.enums import TipoPagamento

ZERO = Decimal("0.00")

DescricaoGlosa = Callable[[str], str | None]
"""Tabela 38 text of a glosa code, or None when unknown (the code is shown alone)."""


def sem_descricao(codigo: str) -> str | None:
    """The default :data:`DescricaoGlosa`: no terminology table installed."""
    return None


# Kinds of Divergencia.
INFORMADO_LIBERADO_GLOSA = "informado_liberado_glosa"
"""informado (billed) ≠ liberado + glosa."""
INFORMADO_FATURADO = "informado_faturado"
"""The demonstrativo's informado ≠ what was billed."""
GUIA_NAO_ANALISADA = "guia_nao_analisada"
"""A billed guia missing from the demonstrativos of an analysed lote."""
GUIA_NAO_FATURADA = "guia_nao_faturada"
"""A guia of the demonstrativo that matches nothing billed."""
PAGO_LIBERADO = "pago_liberado"
"""The demonstrativo de pagamento's amount ≠ the liberado total of the análise (of the lote, or
of a guia once a demonstrativo lists the lote's guias)."""


DIVERGENCIAS = {
    INFORMADO_LIBERADO_GLOSA: "informado diferente de liberado + glosado",
    INFORMADO_FATURADO: "valor informado no demonstrativo diferente do faturado",
    GUIA_NAO_ANALISADA: "guia faturada ausente do demonstrativo de análise",
    GUIA_NAO_FATURADA: "guia do demonstrativo não consta no lote faturado",
    PAGO_LIBERADO: "valor pago diferente do liberado na análise",
}
"""Portuguese text of each kind, for the reports."""


def money(value: Decimal) -> str:
    """Money in the JSON and CSV contract: a string with two decimals, ``"123.40"``."""
    return f"{value:.2f}"


@dataclass(frozen=True, slots=True)
class FiltroGlosas:
    """Which lotes :meth:`Ledger.glosas` lists (every field optional)."""

    operadora: str | None = None
    desde: dt.date | None = None
    """Lotes created (built or imported) on or after this day."""
    ate: dt.date | None = None
    numero_lote: str | None = None
    estado: str | None = None


@dataclass(frozen=True, slots=True)
class Divergencia:
    """A total that does not reconcile: ``esperado`` is what it should be, ``encontrado`` what
    the ledger holds."""

    tipo: str
    onde: str
    """``lote 58114`` or ``guia 00621…``."""
    esperado: Decimal
    encontrado: Decimal

    def to_dict(self) -> dict[str, Any]:
        return _every_field(self)


@dataclass(frozen=True, slots=True)
class GlosaInfo:
    """One motivo de glosa: of an item (``sequencial_item``, with its value) or of the whole
    guia (no item; its value is in the guia's glosa total)."""

    sequencial_item: int | None
    codigo_glosa: str
    descricao: str | None
    valor_glosa: Decimal | None

    def to_dict(self) -> dict[str, Any]:
        return _every_field(self)


@dataclass(frozen=True, slots=True)
class GlosaRecebida(GlosaInfo):
    """A motivo de glosa sent at receipt (recebimentoLote): of a procedure (``sequencial_item``),
    of a guia, or of the whole protocolo. ``valor_glosa`` is the value TISS gives for all the
    motivos of the procedure or protocolo (the same on each of them); None for a guia's."""


@dataclass(frozen=True, slots=True)
class ItemGlosas:
    sequencial_item: int
    codigo_procedimento: str
    faturado: bool
    """False: the operadora analysed an item that matches nothing billed."""
    valor_informado: Decimal
    valor_processado: Decimal
    valor_liberado: Decimal
    valor_glosa: Decimal
    valor_recursado: Decimal = ZERO
    """Asked back for this item in recursos of the guia item by item (a guia appealed whole
    has its values on the guia only)."""
    valor_recuperado: Decimal = ZERO

    def to_dict(self) -> dict[str, Any]:
        return _every_field(self)


@dataclass(frozen=True, slots=True)
class GuiaGlosas:
    numero_guia_prestador: str
    numero_guia_operadora: str | None
    faturada: bool
    analisada: bool
    valor_informado: Decimal
    """Billed (the demonstrativo's informado for a guia that was not billed)."""
    valor_processado: Decimal
    valor_liberado: Decimal
    valor_glosa: Decimal
    valor_recursado: Decimal
    valor_recuperado: Decimal
    glosas: tuple[GlosaInfo, ...]
    itens: tuple[ItemGlosas, ...]
    divergencias: tuple[Divergencia, ...]
    valor_pago: Decimal = ZERO
    """Paid for the guia (guiasDoLote of the demonstrativos de pagamento, every payment)."""
    glosas_recebimento: tuple[GlosaRecebida, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "numero_guia_prestador": self.numero_guia_prestador,
            "numero_guia_operadora": self.numero_guia_operadora,
            "faturada": self.faturada,
            "analisada": self.analisada,
            **_valores(self),
            "glosas": [g.to_dict() for g in self.glosas],
            "glosas_recebimento": [g.to_dict() for g in self.glosas_recebimento],
            "itens": [i.to_dict() for i in self.itens],
            "divergencias": [d.to_dict() for d in self.divergencias],
        }


@dataclass(frozen=True, slots=True)
class LoteGlosas:
    numero_lote: str
    protocolo: str | None
    registro_ans: str
    prestador: str
    estado: str
    criado_em: dt.datetime
    valor_informado: Decimal
    valor_processado: Decimal
    valor_liberado: Decimal
    valor_glosa: Decimal
    valor_pago: Decimal
    valor_recursado: Decimal
    valor_recuperado: Decimal
    guias: tuple[GuiaGlosas, ...]
    divergencias: tuple[Divergencia, ...]
    """Of the lote and of its guias, all in one list."""
    glosas_recebimento: tuple[GlosaRecebida, ...] = ()
    """Of the whole protocolo, at receipt (those of guias are on each guia)."""

    @property
    def glosadas(self) -> tuple[GuiaGlosas, ...]:
        """The guias with a glosa or a divergence: what a billing clerk has to look at."""
        return tuple(g for g in self.guias if g.valor_glosa or g.glosas or g.divergencias)

    @property
    def recebidas(self) -> tuple[tuple[GuiaGlosas | None, GlosaRecebida], ...]:
        """Every glosa at receipt with its guia (None: of the whole protocolo), in the order
        the reports list them: the protocolo's first, then each guia's."""
        return tuple((None, g) for g in self.glosas_recebimento) + tuple(
            (guia, g) for guia in self.guias for g in guia.glosas_recebimento
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "numero_lote": self.numero_lote,
            "protocolo": self.protocolo,
            "registro_ans": self.registro_ans,
            "prestador": self.prestador,
            "estado": self.estado,
            **_valores(self),
            "guias": [g.to_dict() for g in self.guias],
            "glosas_recebimento": [g.to_dict() for g in self.glosas_recebimento],
            "divergencias": [d.to_dict() for d in self.divergencias],
        }


def _every_field(record: Divergencia | GlosaInfo | ItemGlosas) -> dict[str, Any]:
    """The JSON of a record that reports all its fields, in their order, amounts as money."""
    return {
        f.name: money(value) if isinstance(value := getattr(record, f.name), Decimal) else value
        for f in fields(record)
    }


def _valores(totals: GuiaGlosas | LoteGlosas) -> dict[str, str]:
    """The values a guia and a lote both report, in the JSON contract's order."""
    return {
        "valor_informado": money(totals.valor_informado),
        "valor_processado": money(totals.valor_processado),
        "valor_liberado": money(totals.valor_liberado),
        "valor_glosa": money(totals.valor_glosa),
        "valor_pago": money(totals.valor_pago),
        "valor_recursado": money(totals.valor_recursado),
        "valor_recuperado": money(totals.valor_recuperado),
    }


def to_json_dict(lotes: list[LoteGlosas]) -> dict[str, Any]:
    """The documented JSON contract (docs/retornos.md)."""
    return {"lotes": [lote.to_dict() for lote in lotes]}


def query(
    session: Session, filtro: FiltroGlosas, descricao_glosa: DescricaoGlosa
) -> list[LoteGlosas]:
    """The lotes of ``filtro`` the operadora answered, oldest first (see the module)."""
    answered = or_(
        exists().where(ProtocoloRow.lote_id == LoteRow.id),
        exists().where(AnaliseGuiaRow.lote_id == LoteRow.id),
        exists().where(PagamentoRow.lote_id == LoteRow.id),
    )
    stmt = select(LoteRow).where(answered).order_by(LoteRow.criado_em, LoteRow.id)
    if filtro.operadora is not None:
        stmt = stmt.where(LoteRow.operadora == filtro.operadora)
    if filtro.desde is not None:
        stmt = stmt.where(LoteRow.criado_em >= dt.datetime.combine(filtro.desde, dt.time()))
    if filtro.ate is not None:
        limit = dt.datetime.combine(filtro.ate + dt.timedelta(days=1), dt.time())
        stmt = stmt.where(LoteRow.criado_em < limit)
    if filtro.numero_lote is not None:
        stmt = stmt.where(LoteRow.numero_lote == filtro.numero_lote)
    if filtro.estado is not None:
        stmt = stmt.where(LoteRow.estado == filtro.estado)
    return [_lote(session, row, descricao_glosa) for row in session.scalars(stmt)]


@dataclass(frozen=True, slots=True)
class _Recuperacao:
    """Appealed and recovered amounts of one analysed guia: for the guia as a whole and per
    glosa appealed item by item (its row id); recovered counts only answers already imported."""

    recursado: Decimal = ZERO
    recuperado: Decimal = ZERO
    por_glosa: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)


def _recuperacao(session: Session, analise_guia_ids: Sequence[int]) -> dict[int, _Recuperacao]:
    """Analysed guia id → what its recursos asked back and what the operadora accepted."""
    rows = session.scalars(
        select(RecursoGuiaRow).where(RecursoGuiaRow.analise_guia_id.in_(list(analise_guia_ids)))
    )
    found: dict[int, _Recuperacao] = {}
    for guia in rows:
        before = found.get(guia.analise_guia_id, _Recuperacao())
        por_glosa = dict(before.por_glosa)
        for glosa in guia.glosas:
            if glosa.valor_recursado is None:
                continue
            recursado, recuperado = por_glosa.get(glosa.glosa_id, (ZERO, ZERO))
            por_glosa[glosa.glosa_id] = (
                recursado + glosa.valor_recursado,
                recuperado + (glosa.valor_acatado or ZERO),
            )
        found[guia.analise_guia_id] = _Recuperacao(
            before.recursado + guia.valor_recursado,
            before.recuperado + (guia.valor_acatado or ZERO),
            por_glosa,
        )
    return found


def _lote(session: Session, lote: LoteRow, descricao: DescricaoGlosa) -> LoteGlosas:
    protocolo = session.scalar(select(ProtocoloRow).where(ProtocoloRow.lote_id == lote.id))
    analises = list(
        session.scalars(
            select(AnaliseGuiaRow)
            .where(AnaliseGuiaRow.lote_id == lote.id)
            .order_by(AnaliseGuiaRow.id)
        )
    )
    pagos = list(session.scalars(select(PagamentoRow).where(PagamentoRow.lote_id == lote.id)))
    by_guia: dict[int | None, list[AnaliseGuiaRow]] = defaultdict(list)
    for analise in analises:
        by_guia[analise.guia_id].append(analise)
    analisado = bool(analises)
    recursos = _recuperacao(session, [a.id for a in analises])
    pagos_guia = _pagos_por_guia(pagos)
    recebidas: dict[str | None, list[GlosaRecebida]] = defaultdict(list)
    for row in session.scalars(
        select(GlosaRecebimentoRow)
        .where(GlosaRecebimentoRow.lote_id == lote.id)
        .order_by(GlosaRecebimentoRow.id)
    ):
        recebidas[row.numero_guia_prestador].append(
            GlosaRecebida(
                row.sequencial_item,
                row.codigo_glosa,
                descricao(row.codigo_glosa) or row.descricao_operadora,
                row.valor_glosa,
            )
        )
    guias = [
        replace(
            _guia(g, by_guia.get(g.id, []), analisado, descricao, recursos, pagos_guia),
            glosas_recebimento=tuple(recebidas.get(g.numero_guia_prestador, ())),
        )
        for g in lote.guias
    ]
    unbilled: dict[str, list[AnaliseGuiaRow]] = defaultdict(list)
    for analise in by_guia.get(None, []):
        unbilled[analise.numero_guia_prestador].append(analise)
    guias += [
        _guia(None, rows, analisado, descricao, recursos, pagos_guia) for rows in unbilled.values()
    ]

    informado = lote.valor_total
    processado = sum((a.valor_processado for a in analises), ZERO)
    liberado = sum((a.valor_liberado for a in analises), ZERO)
    glosa = sum((a.valor_glosa for a in analises), ZERO)
    pago = sum((p.valor_liberado for p in pagos), ZERO)
    onde = f"lote {lote.numero_lote}"
    divergencias: list[Divergencia] = []
    if analisado and liberado + glosa != informado:
        divergencias.append(
            Divergencia(INFORMADO_LIBERADO_GLOSA, onde, informado, liberado + glosa)
        )
    # The análise's liberado is paid by the first payments; a recurso's come on top of it.
    pago_inicial = sum((p.valor_liberado for p in pagos if not _de_recurso(p)), ZERO)
    if analisado and pagos and pago_inicial != liberado:
        divergencias.append(Divergencia(PAGO_LIBERADO, onde, liberado, pago_inicial))
    for guia in guias:
        divergencias.extend(guia.divergencias)
    return LoteGlosas(
        numero_lote=lote.numero_lote,
        protocolo=protocolo.numero_protocolo if protocolo is not None else None,
        registro_ans=lote.operadora,
        prestador=lote.prestador,
        estado=lote.estado,
        criado_em=lote.criado_em,
        valor_informado=informado,
        valor_processado=processado,
        valor_liberado=liberado,
        valor_glosa=glosa,
        valor_pago=pago,
        valor_recursado=sum((g.valor_recursado for g in guias), ZERO),
        valor_recuperado=sum((g.valor_recuperado for g in guias), ZERO),
        guias=tuple(guias),
        divergencias=tuple(divergencias),
        glosas_recebimento=tuple(recebidas.get(None, ())),
    )


@dataclass(frozen=True, slots=True)
class _Pagos:
    """Paid per guia number: every payment, and the first ones only (tipoPagamento 1)."""

    total: dict[str, Decimal]
    inicial: dict[str, Decimal]


def _de_recurso(pagamento: PagamentoRow) -> bool:
    """Whether the payment of a protocolo pays recursos only (every guia of it tipoPagamento 2)."""
    return bool(pagamento.guias) and all(
        g.tipo_pagamento == TipoPagamento.RECURSO.value for g in pagamento.guias
    )


def _pagos_por_guia(pagos: Sequence[PagamentoRow]) -> _Pagos | None:
    """None when no demonstrativo de pagamento of the lote was imported: nothing to reconcile
    per guia."""
    rows = [g for p in pagos for g in p.guias]
    if not rows:
        return None
    total: dict[str, Decimal] = defaultdict(lambda: ZERO)
    inicial: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        total[row.numero_guia_prestador] += row.valor_liberado
        if row.tipo_pagamento == TipoPagamento.INICIAL.value:
            inicial[row.numero_guia_prestador] += row.valor_liberado
    return _Pagos(dict(total), dict(inicial))


def _guia(
    billed: GuiaRow | None,
    analises: list[AnaliseGuiaRow],
    lote_analisado: bool,
    descricao: DescricaoGlosa,
    recursos: dict[int, _Recuperacao],
    pagos: _Pagos | None,
) -> GuiaGlosas:
    numero = billed.numero_guia_prestador if billed else analises[0].numero_guia_prestador
    onde = f"guia {numero}"
    demonstrado = sum((a.valor_informado for a in analises), ZERO)
    informado = billed.valor_total if billed is not None else demonstrado
    liberado = sum((a.valor_liberado for a in analises), ZERO)
    glosa = sum((a.valor_glosa for a in analises), ZERO)
    divergencias: list[Divergencia] = []
    if billed is None:
        divergencias.append(Divergencia(GUIA_NAO_FATURADA, onde, ZERO, demonstrado))
    elif not analises:
        if lote_analisado:
            divergencias.append(Divergencia(GUIA_NAO_ANALISADA, onde, informado, ZERO))
    else:
        if demonstrado != informado:
            divergencias.append(Divergencia(INFORMADO_FATURADO, onde, informado, demonstrado))
        if liberado + glosa != informado:
            divergencias.append(
                Divergencia(INFORMADO_LIBERADO_GLOSA, onde, informado, liberado + glosa)
            )
    if pagos is not None and analises:
        # A guia the payment leaves out was paid nothing.
        inicial = pagos.inicial.get(numero, ZERO)
        if inicial != liberado:
            divergencias.append(Divergencia(PAGO_LIBERADO, onde, liberado, inicial))
    recuperacao = [recursos[a.id] for a in analises if a.id in recursos]
    por_glosa = {k: v for r in recuperacao for k, v in r.por_glosa.items()}
    appealed: dict[int, list[int]] = defaultdict(list)  # analysed item id → its glosas appealed
    for a in analises:
        for g in a.glosas:
            if g.id in por_glosa and g.analise_item_id is not None:
                appealed[g.analise_item_id].append(g.id)
    glosas = [
        GlosaInfo(
            sequencial_item=g.item.sequencial_item if g.item is not None else None,
            codigo_glosa=g.codigo_glosa,
            # The installed tabela 38 first; else the text the operadora sent, if any.
            descricao=descricao(g.codigo_glosa) or g.descricao_operadora,
            valor_glosa=g.valor_glosa,
        )
        for a in analises
        for g in a.glosas
    ]
    itens = [
        ItemGlosas(
            sequencial_item=i.sequencial_item,
            codigo_procedimento=i.codigo_procedimento,
            faturado=i.item_id is not None,
            valor_informado=i.valor_informado,
            valor_processado=i.valor_processado,
            valor_liberado=i.valor_liberado,
            valor_glosa=i.valor_glosa,
            valor_recursado=sum((por_glosa[g][0] for g in appealed.get(i.id, ())), ZERO),
            valor_recuperado=sum((por_glosa[g][1] for g in appealed.get(i.id, ())), ZERO),
        )
        for a in analises
        for i in a.itens
    ]
    return GuiaGlosas(
        numero_guia_prestador=numero,
        numero_guia_operadora=next(
            (a.numero_guia_operadora for a in analises if a.numero_guia_operadora), None
        ),
        faturada=billed is not None,
        analisada=bool(analises),
        valor_informado=informado,
        valor_processado=sum((a.valor_processado for a in analises), ZERO),
        valor_liberado=liberado,
        valor_glosa=glosa,
        valor_recursado=sum((r.recursado for r in recuperacao), ZERO),
        valor_recuperado=sum((r.recuperado for r in recuperacao), ZERO),
        glosas=tuple(sorted(glosas, key=lambda g: g.sequencial_item or 0)),
        itens=tuple(itens),
        divergencias=tuple(divergencias),
        valor_pago=pagos.total.get(numero, ZERO) if pagos is not None else ZERO,
    )


__all__ = [
    "DIVERGENCIAS",
    "GUIA_NAO_ANALISADA",
    "GUIA_NAO_FATURADA",
    "INFORMADO_FATURADO",
    "INFORMADO_LIBERADO_GLOSA",
    "PAGO_LIBERADO",
    "DescricaoGlosa",
    "Divergencia",
    "FiltroGlosas",
    "GlosaInfo",
    "GlosaRecebida",
    "GuiaGlosas",
    "ItemGlosas",
    "LoteGlosas",
    "money",
    "query",
    "sem_descricao",
    "to_json_dict",
]
