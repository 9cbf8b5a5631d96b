"""``tissbill recurso``: the recurso de glosa of a guia, built from the ledger and recorded in it.

The glosas come from the demonstrativo de análise imported for the lote (``tissbill retorno
importar``). Without items the guia is appealed whole: with the guia's own motivos it is one
``recursoGuiaCompleta`` of all its codes for the guia's glosa; with glosas only on items, every
glosado item is appealed item by item, with its exact values. With items, only those.

Everything happens in one write transaction that holds the numbering lock of the prestador and
operadora, staged like ``tissbill build`` (:meth:`tissbill.ledger.store.Ledger.staged`): the
recurso's number and sequencialTransacao (shared with the lotes) are handed out, the message is
built in the demonstrativo's TISS version and validated (XSD, rules, hash), the file is written
under a temporary name, the rows are recorded, and the file gets its name after the commit. Any
refusal, or a kill before the commit, leaves the ledger and the output folder as they were; a
kill after it is completed by :meth:`~tissbill.ledger.store.Ledger.recover`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tissbill.billing.recurso import (
    GlosaRecursada,
    GlosasDaGuia,
    GuiaRecursada,
    ItemRecursado,
    RecursoRequest,
    RecursoTISS,
    build_recurso,
)
from tissbill.errors import RecursoError, RetornoRecusadoError
from tissbill.formatting import brl
from tissbill.ledger.schema import (
    AnaliseGuiaRow,
    AnaliseItemRow,
    GlosaRow,
    LoteRow,
    ProtocoloRow,
    RecursoGlosaRow,
    RecursoGuiaRow,
    RecursoRow,
    RetornoArquivoRow,
)
from tissbill.ledger.store import free_transacao, identificacao_of, lock_counter
from tissbill.models.common import ProcedimentoDados
from tissbill.models.retornos import ReciboGlosa, ReciboGlosaStatus, RespostaGlosaItem
from tissbill.versions import TissVersion

if TYPE_CHECKING:
    from tissbill.ledger.store import Ledger
    from tissbill.schemas import SchemaStore


CENTAVO = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class PedidoRecurso:
    """What ``tissbill recurso`` was asked: the glosas of one guia of one lote."""

    numero_lote: str
    numero_guia: str
    justificativa: str
    itens: tuple[int, ...] = ()
    """sequencialItem of the items appealed; empty: the whole guia."""
    operadora: str | None = None
    prestador: str | None = None
    """``tipo:valor`` (see :func:`tissbill.ledger.store.prestador_key`), to tell lotes apart."""
    force: bool = False
    """Appeal again glosas already appealed in an earlier recurso."""


@dataclass(frozen=True, slots=True)
class RecursoGravado:
    """A recurso written and recorded."""

    arquivo: Path
    recurso: RecursoTISS
    numero_lote: str
    operadora: str
    glosas: list[str] = field(default_factory=list)
    """What was appealed, one line each (``item 1, glosa 1705: R$ …``)."""


@dataclass(slots=True)
class _Glosa:
    """One glosa row of the demonstrativo chosen for the recurso."""

    row: GlosaRow
    item: AnaliseItemRow | None


def criar_recurso(
    ledger: Ledger,
    pedido: PedidoRecurso,
    folder: Path,
    *,
    store: SchemaStore | None = None,
    agora: dt.datetime | None = None,
) -> RecursoGravado:
    """Build, write and record the recurso of ``pedido`` (see the module docstring).

    Raises :class:`RecursoError` with a Portuguese message, changing nothing, for an unknown
    lote, a guia without glosa, an item not glosado, a glosa already appealed (unless
    ``pedido.force``), a justificativa over the XSD limit, or an output file that exists.
    """
    when = agora or dt.datetime.now().replace(microsecond=0)
    with ledger.staged() as (session, staged):
        lote = _lote(session, pedido)
        # Locked first: two recursos of the same glosa at once see each other's rows.
        counter = lock_counter(session, ledger.dialect, lote.prestador, lote.operadora)
        analise = _analise(session, lote, pedido.numero_guia)
        chosen = _chosen(analise, pedido)
        if not pedido.force:
            _not_appealed_yet(session, chosen, pedido.numero_guia)
        transacao = free_transacao(
            session, lote.prestador, lote.operadora, counter.proxima_transacao
        )
        counter.proxima_transacao = transacao + 1
        numero = _next_recurso(session, lote)
        guia = _guia_recursada(analise, chosen, pedido)
        request = RecursoRequest(
            registro_ans=lote.operadora,
            nome_operadora=_nome_operadora(analise),
            prestador=identificacao_of(lote.prestador),
            numero_lote=lote.numero_lote,
            numero_protocolo=_protocolo(session, lote, analise),
            numero_recurso=str(numero),
            sequencial_transacao=str(transacao),
            versao=_versao(session, analise),
            data_registro=when,
            guias=[guia],
        )
        recurso = build_recurso(request, store=store)
        target = (folder / recurso.filename).absolute()
        if target.exists() or target.is_symlink():
            raise RecursoError(
                f"o arquivo {target} já existe; escolha outra pasta com -o ou remova o "
                "arquivo (nada foi gravado)"
            )
        staged.write(target, recurso.xml)
        row = _rows(lote, analise, guia, chosen, recurso, target, when)
        row.arquivo_pendente = True
        session.add(row)
        gravado = RecursoGravado(target, recurso, lote.numero_lote, lote.operadora, _lines(chosen))
    return gravado


def _lote(session: Session, pedido: PedidoRecurso) -> LoteRow:
    query = select(LoteRow).where(LoteRow.numero_lote == pedido.numero_lote)
    if pedido.operadora is not None:
        query = query.where(LoteRow.operadora == pedido.operadora)
    if pedido.prestador is not None:
        query = query.where(LoteRow.prestador == pedido.prestador)
    rows = list(session.scalars(query))
    if not rows:
        raise RecursoError(f"o lote {pedido.numero_lote} não está no ledger")
    if len(rows) > 1:
        quais = ", ".join(sorted(f"operadora {r.operadora}, {r.prestador}" for r in rows))
        raise RecursoError(
            f"há {len(rows)} lotes com o número {pedido.numero_lote} ({quais}); informe qual com "
            "--operadora ou --prestador"
        )
    return rows[0]


def _analise(session: Session, lote: LoteRow, numero_guia: str) -> AnaliseGuiaRow:
    """The latest analysis of the guia (a later demonstrativo supersedes an earlier one)."""
    analise = session.scalars(
        select(AnaliseGuiaRow)
        .where(AnaliseGuiaRow.lote_id == lote.id)
        .where(AnaliseGuiaRow.numero_guia_prestador == numero_guia)
        .order_by(AnaliseGuiaRow.id.desc())
        .limit(1)
    ).first()
    if analise is None:
        billed = any(g.numero_guia_prestador == numero_guia for g in lote.guias)
        if not billed:
            raise RecursoError(f"a guia {numero_guia} não consta no lote {lote.numero_lote}")
        raise RecursoError(
            f"a guia {numero_guia} do lote {lote.numero_lote} não tem demonstrativo de análise "
            "no ledger; importe-o com `tissbill retorno importar`"
        )
    return analise


def _glosado(row: GlosaRow) -> bool:
    # A guia's own motivo has no value (it is in the guia's total); an item's has its amount.
    return row.valor_glosa is None or row.valor_glosa > 0


def _chosen(analise: AnaliseGuiaRow, pedido: PedidoRecurso) -> list[_Glosa]:
    glosas = [_Glosa(g, g.item) for g in analise.glosas if _glosado(g)]
    numero = analise.numero_guia_prestador
    if not glosas:
        raise RecursoError(
            f"a guia {numero} não tem glosa no demonstrativo {analise.numero_demonstrativo}: "
            "não há o que recorrer"
        )
    if not pedido.itens:
        return glosas
    by_item = {item.sequencial_item: item for item in analise.itens}
    chosen = []
    for sequencial in dict.fromkeys(pedido.itens):  # each item once, in the order asked
        if sequencial not in by_item:
            raise RecursoError(
                f"o item {sequencial} não consta na guia {numero} do demonstrativo "
                f"{analise.numero_demonstrativo}"
            )
        own = [g for g in glosas if g.item is not None and g.item.sequencial_item == sequencial]
        if not own:
            raise RecursoError(f"o item {sequencial} da guia {numero} não foi glosado")
        chosen.extend(own)
    return chosen


def _not_appealed_yet(session: Session, chosen: list[_Glosa], numero_guia: str) -> None:
    ids = [g.row.id for g in chosen]
    earlier = session.execute(
        select(RecursoGlosaRow, RecursoRow)
        .join(RecursoGuiaRow, RecursoGlosaRow.recurso_guia_id == RecursoGuiaRow.id)
        .join(RecursoRow, RecursoGuiaRow.recurso_id == RecursoRow.id)
        .where(RecursoGlosaRow.glosa_id.in_(ids))
        .order_by(RecursoGlosaRow.id)
    ).first()
    if earlier is not None:
        glosa, recurso = earlier
        onde = f"item {glosa.sequencial_item}, " if glosa.sequencial_item is not None else ""
        raise RecursoError(
            f"a glosa {glosa.codigo_glosa} ({onde}guia {numero_guia}) já foi contestada no "
            f"recurso {recurso.numero_recurso} de {recurso.criado_em:%d/%m/%Y} ({recurso.arquivo});"
            " use --force para recorrer de novo"
        )


def _next_recurso(session: Session, lote: LoteRow) -> int:
    numeros = session.scalars(
        select(RecursoRow.numero_recurso).where(
            RecursoRow.prestador == lote.prestador, RecursoRow.operadora == lote.operadora
        )
    )
    return max((int(n) for n in numeros if n.isdigit()), default=0) + 1


def _nome_operadora(analise: AnaliseGuiaRow) -> str:
    if analise.nome_operadora is None:
        raise RecursoError(
            f"o demonstrativo {analise.numero_demonstrativo} foi importado por uma versão "
            "anterior do tissbill, sem o nome da operadora que o recurso exige"
        )
    return analise.nome_operadora


def _protocolo(session: Session, lote: LoteRow, analise: AnaliseGuiaRow) -> str:
    protocolo = session.scalar(
        select(ProtocoloRow.numero_protocolo).where(ProtocoloRow.lote_id == lote.id)
    )
    numero = protocolo or analise.numero_protocolo
    if not re.fullmatch(r"[0-9]{1,12}", numero):
        raise RecursoError(
            f"o protocolo {numero} do lote {lote.numero_lote} não é numérico, e o recurso de "
            "glosa só aceita números de protocolo de até 12 dígitos (st_numerico12)"
        )
    return numero


def _versao(session: Session, analise: AnaliseGuiaRow) -> TissVersion:
    """The TISS version the operadora answered in (its demonstrativo's)."""
    versao = session.scalars(
        select(RetornoArquivoRow.versao).where(RetornoArquivoRow.id == analise.arquivo_id)
    ).one()
    return TissVersion(versao)


def _guia_recursada(
    analise: AnaliseGuiaRow, chosen: list[_Glosa], pedido: PedidoRecurso
) -> GuiaRecursada:
    base: dict[str, Any] = {
        "numero_guia_prestador": analise.numero_guia_prestador,
        "numero_guia_operadora": analise.numero_guia_operadora,
        "justificativa": pedido.justificativa,
    }
    if not pedido.itens and any(g.item is None for g in chosen):
        if analise.valor_glosa <= 0:
            raise RecursoError(
                f"a guia {analise.numero_guia_prestador} tem motivo de glosa no demonstrativo "
                f"{analise.numero_demonstrativo}, mas nenhum valor glosado a recorrer"
            )
        codes = list(dict.fromkeys(g.row.codigo_glosa for g in chosen))
        return GuiaRecursada(
            **base,
            completa=GlosasDaGuia(codigos_glosa=codes, valor_recursado=analise.valor_glosa),
        )
    # A code the operadora gave twice on one item is appealed once, for the sum.
    por_item: dict[int, tuple[AnaliseItemRow, dict[str, Decimal]]] = {}
    for glosa in chosen:
        item = glosa.item
        assert item is not None and glosa.row.valor_glosa is not None  # item glosas only here
        _, by_code = por_item.setdefault(item.sequencial_item, (item, {}))
        code = glosa.row.codigo_glosa
        by_code[code] = by_code.get(code, Decimal("0.00")) + glosa.row.valor_glosa
    return GuiaRecursada(
        **base, itens=[_item(analise, item, by_code) for item, by_code in por_item.values()]
    )


def _item(
    analise: AnaliseGuiaRow, item: AnaliseItemRow, by_code: dict[str, Decimal]
) -> ItemRecursado:
    if item.data_realizacao is None or item.descricao_procedimento is None:
        raise RecursoError(
            f"o demonstrativo {analise.numero_demonstrativo} foi importado por uma versão "
            "anterior do tissbill, sem a data e a descrição dos itens que o recurso exige"
        )
    procedimento = {
        "codigo_procedimento": item.codigo_procedimento,
        "descricao_procedimento": item.descricao_procedimento,
    }
    if item.codigo_tabela:
        procedimento["codigo_tabela"] = item.codigo_tabela
    return ItemRecursado(
        sequencial_item=item.sequencial_item,
        data_inicio=item.data_realizacao,
        procedimento=ProcedimentoDados.model_validate(procedimento),
        glosas=[
            GlosaRecursada(codigo_glosa=code, valor_recursado=valor)
            for code, valor in by_code.items()
        ],
    )


def _rows(
    lote: LoteRow,
    analise: AnaliseGuiaRow,
    guia: GuiaRecursada,
    chosen: Sequence[_Glosa],
    recurso: RecursoTISS,
    target: Path,
    when: dt.datetime,
) -> RecursoRow:
    body = recurso.message.prestador_para_operadora.recurso_glosa
    assert body is not None
    cabecalho = recurso.message.cabecalho
    row = RecursoRow(
        lote_id=lote.id,
        prestador=lote.prestador,
        operadora=lote.operadora,
        numero_recurso=recurso.numero_recurso,
        sequencial_transacao=cabecalho.identificacao_transacao.sequencial_transacao,
        numero_protocolo=body.guia_recurso_glosa.numero_protocolo,
        versao=cabecalho.padrao.value,
        hash=recurso.hash,
        sha256=hashlib.sha256(recurso.xml).hexdigest(),
        arquivo=str(target),
        valor_recursado=recurso.valor_total_recursado,
        criado_em=when,
    )
    guia_row = RecursoGuiaRow(
        analise_guia_id=analise.id,
        numero_guia_prestador=guia.numero_guia_prestador,
        completa=guia.completa is not None,
        valor_recursado=guia.valor_recursado,
        justificativa=guia.justificativa or "",
    )
    guia_row.glosas = [
        RecursoGlosaRow(
            glosa_id=g.row.id,
            sequencial_item=g.item.sequencial_item if g.item is not None else None,
            codigo_glosa=g.row.codigo_glosa,
            # A whole guia is asked back as one value (on its row), not glosa by glosa.
            valor_recursado=None if guia.completa is not None else g.row.valor_glosa,
        )
        for g in chosen
    ]
    row.guias = [guia_row]
    return row


def _lines(chosen: Sequence[_Glosa]) -> list[str]:
    return [
        (
            f"item {g.item.sequencial_item}, glosa {g.row.codigo_glosa}: "
            f"{brl(g.row.valor_glosa or Decimal(0))}"
            if g.item is not None
            else f"guia inteira, glosa {g.row.codigo_glosa}"
        )
        for g in chosen
    ]


# --- the operadora's answer (respostaRecursoGlosa/reciboGlosa) --------------------------------


def registrar_resposta(
    session: Session,
    recibo: ReciboGlosa,
    *,
    prestador: str,
    operadora: str,
    arquivo_id: int,
    quando: dt.datetime,
) -> LoteRow:
    """Record what the operadora accepted of a recurso the ledger holds; returns its lote.

    Raises :class:`RetornoRecusadoError` (nothing recorded) for a recurso the ledger does not
    know, or an answer that does not match it: another lote, a guia or item not appealed, more
    accepted than appealed, a total acatado that is not the sum of its parts.
    """
    numero = recibo.numero_guia_rec_glosa_prestador
    recurso = session.scalars(
        select(RecursoRow).where(
            RecursoRow.prestador == prestador,
            RecursoRow.operadora == operadora,
            RecursoRow.numero_recurso == numero,
        )
    ).first()
    if recurso is None:
        raise RetornoRecusadoError(
            f"a resposta é do recurso {numero}, que o ledger não conhece (prestador {prestador}, "
            f"operadora {operadora}); só se importam respostas a recursos gerados com "
            "`tissbill recurso`"
        )
    lote = session.get_one(LoteRow, recurso.lote_id)
    if recibo.numero_lote != lote.numero_lote:
        raise RetornoRecusadoError(
            f"arquivo inconsistente: o recurso {numero} é do lote {lote.numero_lote}, mas a "
            f"resposta traz o lote {recibo.numero_lote}"
        )
    respostas = recibo.opcao_recurso.recurso_guia
    if respostas is None:
        raise RetornoRecusadoError(
            f"a resposta é a um recurso do protocolo inteiro, mas o recurso {numero} contestou "
            "guias"
        )
    guias = {g.numero_guia_prestador: g for g in recurso.guias}
    answered: set[int] = set()
    for resposta in respostas:
        if resposta.resposta_guia is not None:
            inteira = resposta.resposta_guia
            guia = _appealed_guia(guias, inteira.numero_guia_prestador, numero, completa=True)
            guia.acatado = "S" if guia.acatado == "S" else inteira.recurso_guia_acatado.value
            guia.justificativa_operadora = (
                inteira.justificativa_ops_nao_acatado_guia or guia.justificativa_operadora
            )
        else:
            item = resposta.resposta_guia_itens
            assert item is not None  # one of the two (the model checks it)
            guia = _appealed_guia(guias, item.numero_guia_prestador, numero, completa=False)
            _answer_item(guia, item, numero)
        answered.add(guia.id)
    partes = Decimal("0.00")
    for guia in recurso.guias:
        if guia.id in answered and not guia.completa:
            guia.valor_acatado = sum(
                (g.valor_acatado for g in guia.glosas if g.valor_acatado is not None),
                Decimal("0.00"),
            )
            partes += guia.valor_acatado
    total = recibo.valor_total_acatado
    inteiras = [g for g in recurso.guias if g.completa and g.id in answered]
    # A whole guia's answer has no value of its own: it is the rest of the total acatado. The
    # items' answers must make up the total, within the cent an operadora may round.
    resto = total - partes
    if inteiras and len(inteiras) == 1 and Decimal(0) <= resto <= inteiras[0].valor_recursado:
        inteiras[0].valor_acatado = resto
    elif inteiras or abs(resto) > CENTAVO:
        raise RetornoRecusadoError(
            f"arquivo inconsistente: o valor total acatado ({brl(total)}) do recurso {numero} "
            f"não corresponde aos valores acatados das guias e itens ({brl(partes)})"
        )
    recurso.valor_acatado = total
    recurso.numero_recurso_operadora = recibo.numero_guia_rec_glosa_operadora
    recurso.respondido_em = quando
    recurso.resposta_arquivo_id = arquivo_id
    return lote


def registrar_situacao(session: Session, status: ReciboGlosaStatus, lote: LoteRow) -> RecursoRow:
    """Record the situação of a recurso of ``lote``; returns the recurso.

    reciboGlosaStatus names no recurso (no numeroGuiaRecGlosaPrestador nor
    numeroGuiaRecGlosaOperadora): only the lote, the send date and the operadora's protocolo of
    the recurso (nrProtocoloRecursoGlosa), which tissbill never received before. It is matched
    to the recurso that already has that protocolo, else to the one recurso of the lote still
    without one; with none, or several, it is refused (:class:`RetornoRecusadoError`).
    """
    protocolo = status.nr_protocolo_recurso_glosa
    recursos = list(
        session.scalars(
            select(RecursoRow).where(RecursoRow.lote_id == lote.id).order_by(RecursoRow.id)
        )
    )
    known = [r for r in recursos if r.protocolo_recurso == protocolo]
    candidates = known or [r for r in recursos if r.protocolo_recurso is None]
    if not candidates:
        raise RetornoRecusadoError(
            f"a situação é do recurso de protocolo {protocolo} do lote {lote.numero_lote}, mas o "
            "ledger não tem recurso desse lote a que ela possa se referir; só se importam "
            "situações de recursos gerados com `tissbill recurso`"
        )
    if len(candidates) > 1:
        numeros = ", ".join(r.numero_recurso for r in candidates)
        raise RetornoRecusadoError(
            f"o lote {lote.numero_lote} tem {len(candidates)} recursos ({numeros}) e a situação "
            f"(reciboGlosaStatus, protocolo {protocolo}) não diz de qual deles é: ela não traz o "
            "número do recurso (numeroGuiaRecGlosaPrestador); importe antes a resposta "
            "(reciboGlosa) ou peça a situação à operadora pelo número do recurso"
        )
    recurso = candidates[0]
    recurso.protocolo_recurso = protocolo
    if recurso.situacao_em is None or status.data_situacao >= recurso.situacao_em:
        recurso.situacao = status.situacao_protocolo.value
        recurso.situacao_em = status.data_situacao
    return recurso


def _appealed_guia(
    guias: dict[str, RecursoGuiaRow], numero_guia: str, recurso: str, *, completa: bool
) -> RecursoGuiaRow:
    guia = guias.get(numero_guia)
    if guia is None:
        raise RetornoRecusadoError(
            f"a resposta traz a guia {numero_guia}, que não foi contestada no recurso {recurso}"
        )
    if guia.completa != completa:
        como, foi = ("inteira", "item a item") if completa else ("item a item", "inteira")
        raise RetornoRecusadoError(
            f"a resposta trata a guia {numero_guia} {como}, mas ela foi contestada {foi} no "
            f"recurso {recurso}"
        )
    return guia


def _answer_item(guia: RecursoGuiaRow, item: RespostaGlosaItem, recurso: str) -> None:
    glosa = next(
        (
            g
            for g in guia.glosas
            if g.sequencial_item == item.sequencial_item and g.codigo_glosa == item.cod_glosa
        ),
        None,
    )
    onde = (
        f"item {item.sequencial_item}, glosa {item.cod_glosa} da guia {guia.numero_guia_prestador}"
    )
    if glosa is None or glosa.valor_recursado is None:
        raise RetornoRecusadoError(
            f"a resposta traz o {onde}, que não foi contestado no recurso {recurso}"
        )
    if item.valor_acatado > glosa.valor_recursado:
        raise RetornoRecusadoError(
            f"arquivo inconsistente: no {onde}, a operadora acatou {brl(item.valor_acatado)}, "
            f"mais que o recursado ({brl(glosa.valor_recursado)})"
        )
    glosa.valor_acatado = item.valor_acatado
    glosa.justificativa_operadora = item.justificativa_operadora


__all__ = [
    "PedidoRecurso",
    "RecursoGravado",
    "criar_recurso",
    "registrar_resposta",
    "registrar_situacao",
]
