"""``tissbill retorno importar``: record the operadora's returns and match them to what was billed.

Each file is validated (XSD, epílogo hash, rules including RET-*), read as a typed operadora
message and handed to the handler of its kind (:data:`HANDLERS`). Each file is imported in its
own transaction: a refused file changes nothing, and the good files of the same command are
still recorded. Matching is by registroANS + prestador, numeroLote (and protocolo once the
ledger has one), numeroGuiaPrestador and sequencialItem; guias and items that match nothing
billed are stored unlinked and listed, never dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from tissbill.errors import RetornoRecusadoError, TissBillError
from tissbill.ledger.recursos import registrar_resposta, registrar_situacao
from tissbill.ledger.schema import (
    AnaliseGuiaRow,
    AnaliseItemRow,
    DebitoCreditoRow,
    GlosaRecebimentoRow,
    GlosaRow,
    GuiaRow,
    LoteRow,
    PagamentoGuiaRow,
    PagamentoRow,
    ProtocoloRow,
    RetornoArquivoRow,
    RetornoDocumentoRow,
)
from tissbill.ledger.store import (
    ANALISADO,
    PAGO,
    PROTOCOLADO,
    kill_point,
    lock_counter,
    prestador_key,
)
from tissbill.models.retornos import (
    DebitoCredito,
    DemonstrativoAnaliseConta,
    DemonstrativoPagamento,
    DetalheProtocolo,
    MensagemOperadora,
    MotivoGlosa,
    RelacaoGuia,
)
from tissbill.validation.api import validate
from tissbill.xml.reader import read_message

if TYPE_CHECKING:
    from tissbill.ledger.store import Ledger
    from tissbill.schemas import SchemaStore

# Lote states set by the returns, in the order they happen.
_ORDEM = {PROTOCOLADO: 1, ANALISADO: 2, PAGO: 3}

RECEBIMENTO_LOTE = "recebimentoLote"
SITUACAO_PROTOCOLO = "situacaoProtocolo"
ANALISE_CONTA = "demonstrativoAnaliseConta"
PAGAMENTO = "demonstrativoPagamento"
RESPOSTA_RECURSO = "respostaRecursoGlosa"
ERRO_DEMONSTRATIVO = "demonstrativosRetorno"
"""A demonstrativosRetorno that only carries the operadora's mensagemErro."""
SITUACAO_RECURSO = "reciboGlosaStatus"
"""Identity of a recurso's situação (a respostaRecursoGlosa without what was accepted)."""

_DESCRICAO = {
    RECEBIMENTO_LOTE: "protocolo de recebimento",
    SITUACAO_PROTOCOLO: "situação do protocolo",
    ANALISE_CONTA: "demonstrativo de análise de conta",
    PAGAMENTO: "demonstrativo de pagamento",
    RESPOSTA_RECURSO: "resposta a recurso de glosa",
    ERRO_DEMONSTRATIVO: "erro em demonstrativo",
    SITUACAO_RECURSO: "situação de recurso de glosa",
}

IMPORTADO, JA_IMPORTADO, RECUSADO = "importado", "já importado", "recusado"


@dataclass(slots=True)
class RetornoResult:
    """What became of one file."""

    arquivo: str
    situacao: str
    """:data:`IMPORTADO`, :data:`JA_IMPORTADO` or :data:`RECUSADO`."""
    mensagem: str
    """Portuguese: what was recorded, why it was a no-op, or why it was refused."""
    tipo: str | None = None
    lotes: list[str] = field(default_factory=list)
    nao_casados: list[str] = field(default_factory=list)
    """Guias or items of the file that match nothing billed (recorded unlinked)."""


class _JaImportado(Exception):
    """The document was already imported from another file (e.g. another TISS version)."""


@dataclass(slots=True)
class Importacao:
    """One file being imported, inside its transaction: what handlers need and report."""

    session: Session
    message: MensagemOperadora
    arquivo: RetornoArquivoRow
    lotes: list[str] = field(default_factory=list)
    nao_casados: list[str] = field(default_factory=list)

    @property
    def operadora(self) -> str:
        return self.arquivo.operadora

    @property
    def prestador(self) -> str:
        return self.arquivo.prestador

    @property
    def registrado_em(self) -> dt.datetime:
        """When the operadora registered the transaction that sent this file."""
        transacao = self.message.cabecalho.identificacao_transacao
        # As written in the file: the ledger stores naive times, and so compares them.
        hora = transacao.hora_registro_transacao.replace(tzinfo=None)
        return dt.datetime.combine(transacao.data_registro_transacao, hora)

    def documento(self, tipo: str, numero: str) -> None:
        """Claim the identity of a document; one already imported makes the file a no-op."""
        known = self.session.scalar(
            select(RetornoArquivoRow)
            .join(RetornoDocumentoRow, RetornoDocumentoRow.arquivo_id == RetornoArquivoRow.id)
            .where(
                RetornoDocumentoRow.operadora == self.operadora,
                RetornoDocumentoRow.tipo == tipo,
                RetornoDocumentoRow.numero == numero,
            )
        )
        if known is not None:
            raise _JaImportado(
                f"{_DESCRICAO.get(tipo, tipo)} {numero} da operadora {self.operadora} já foi "
                f"importado (versão TISS {known.versao}, arquivo {known.arquivo}); nada mudou"
            )
        self.arquivo.documentos.append(
            RetornoDocumentoRow(operadora=self.operadora, tipo=tipo, numero=numero)
        )

    def same_operadora(self, registro_ans: str, where: str) -> None:
        if registro_ans != self.operadora:
            raise RetornoRecusadoError(
                f"arquivo inconsistente: o cabeçalho é da operadora {self.operadora}, mas "
                f"{where} traz o registro ANS {registro_ans}"
            )

    def lote(self, numero_lote: str, numero_protocolo: str | None) -> LoteRow:
        """The billed lote a return speaks of; refuses one the ledger does not know."""
        rows = list(
            self.session.scalars(
                select(LoteRow).where(
                    LoteRow.prestador == self.prestador,
                    LoteRow.operadora == self.operadora,
                    LoteRow.numero_lote == numero_lote,
                )
            )
        )
        if not rows:
            any_lote = self.session.scalar(
                select(LoteRow.id)
                .where(LoteRow.prestador == self.prestador, LoteRow.operadora == self.operadora)
                .limit(1)
            )
            if any_lote is None:
                raise RetornoRecusadoError(
                    f"o ledger não tem nenhum lote do prestador {self.prestador} para a "
                    f"operadora {self.operadora}: o arquivo é de outra operadora ou de outro "
                    "prestador"
                )
            raise RetornoRecusadoError(
                f"o lote {numero_lote} não está no ledger (prestador {self.prestador}, "
                f"operadora {self.operadora}); importe ou gere o lote antes do retorno"
            )
        if len(rows) > 1:
            raise RetornoRecusadoError(
                f"há {len(rows)} lotes com o número {numero_lote} para a operadora "
                f"{self.operadora} no ledger; não é possível saber a qual o retorno se refere"
            )
        row = rows[0]
        protocolo = self.protocolo_of(row)
        if (
            protocolo is not None
            and numero_protocolo is not None
            and protocolo.numero_protocolo != numero_protocolo
        ):
            raise RetornoRecusadoError(
                f"o lote {numero_lote} tem o protocolo {protocolo.numero_protocolo} no ledger, "
                f"mas o arquivo traz o protocolo {numero_protocolo}"
            )
        if numero_lote not in self.lotes:
            self.lotes.append(numero_lote)
        return row

    def protocolo_of(self, lote: LoteRow) -> ProtocoloRow | None:
        return self.session.scalar(select(ProtocoloRow).where(ProtocoloRow.lote_id == lote.id))

    def protocolar(
        self,
        lote: LoteRow,
        numero_protocolo: str,
        data: dt.date | None,
        situacao: str | None,
    ) -> None:
        """Record (or update) the lote's protocolo and its latest situação."""
        row = self.protocolo_of(lote)
        if row is None:
            row = ProtocoloRow(lote_id=lote.id, numero_protocolo=numero_protocolo)
            row.arquivo_id = self.arquivo.id
            self.session.add(row)
        if data is not None and row.data_protocolo is None:
            row.data_protocolo = data
        # Files come in any order: a situação older than the one recorded is history, not news.
        stated = self.registrado_em
        if situacao is not None and (row.situacao_em is None or stated >= row.situacao_em):
            row.situacao = situacao
            row.situacao_em = stated
        avancar(lote, PROTOCOLADO)

    def nao_casado(self, text: str) -> None:
        self.nao_casados.append(text)


def avancar(lote: LoteRow, estado: str) -> None:
    """Move the lote's state forward, never back (a late situação does not undo a payment)."""
    if _ORDEM.get(lote.estado, 0) < _ORDEM[estado]:
        lote.estado = estado


Handler = Callable[[Importacao], None]


def message_kind(message: MensagemOperadora) -> str:
    content = message.operadora_para_prestador
    if content.recebimento_lote is not None:
        return RECEBIMENTO_LOTE
    if content.situacao_protocolo is not None:
        return SITUACAO_PROTOCOLO
    if content.resposta_recurso_glosa is not None:
        return RESPOSTA_RECURSO
    retorno = content.demonstrativos_retorno
    if retorno is not None and retorno.demonstrativo_analise_conta:
        return ANALISE_CONTA
    if retorno is not None and retorno.demonstrativo_pagamento is not None:
        return PAGAMENTO
    return ERRO_DEMONSTRATIVO


def _erro_operadora(erro: MotivoGlosa) -> RetornoRecusadoError:
    descricao = f" ({erro.descricao_glosa})" if erro.descricao_glosa else ""
    return RetornoRecusadoError(
        f"a operadora respondeu com o erro {erro.codigo_glosa}{descricao}; não há protocolo "
        "nem demonstrativo a registrar"
    )


_T = TypeVar("_T")


def _answered(answer: _T | None, erro: MotivoGlosa | None) -> _T:
    """The operadora's answer, or a refusal with the mensagemErro it sent instead (the XSD
    gives one or the other)."""
    if answer is None:
        assert erro is not None
        raise _erro_operadora(erro)
    return answer


def _recebimento(run: Importacao) -> None:
    recebimento = run.message.operadora_para_prestador.recebimento_lote
    assert recebimento is not None
    protocolo = _answered(recebimento.protocolo_recebimento, recebimento.mensagem_erro)
    detalhe = protocolo.detalhe_protocolo
    run.same_operadora(protocolo.registro_ans, "o protocolo")
    run.documento(RECEBIMENTO_LOTE, f"{protocolo.numero_lote}:{detalhe.numero_protocolo}")
    lote = run.lote(protocolo.numero_lote, detalhe.numero_protocolo)
    # The protocolo carries no date of its own: the transaction's registration date is it.
    data = run.message.cabecalho.identificacao_transacao.data_registro_transacao
    run.protocolar(lote, detalhe.numero_protocolo, data, None)
    guias = detalhe.dados_guias_protocolo.dados_guias
    _list_unbilled(run, lote, (g.numero_guia_prestador for g in guias))
    _glosas_recebimento(run, lote, detalhe)


def _glosas_recebimento(run: Importacao, lote: LoteRow, detalhe: DetalheProtocolo) -> None:
    """The glosas sent at receipt: of the protocolo, of each guia and of each procedure."""
    billed = {g.numero_guia_prestador: g for g in lote.guias}

    def add(
        motivos: Iterable[MotivoGlosa],
        guia: str | None = None,
        item: int | None = None,
        valor: Decimal | None = None,
    ) -> None:
        match = billed.get(guia) if guia is not None else None
        for motivo in motivos:
            run.session.add(
                GlosaRecebimentoRow(
                    arquivo_id=run.arquivo.id,
                    lote_id=lote.id,
                    guia_id=match.id if match is not None else None,
                    numero_guia_prestador=guia,
                    sequencial_item=item,
                    codigo_glosa=motivo.codigo_glosa,
                    descricao_operadora=motivo.descricao_glosa,
                    valor_glosa=valor,
                )
            )

    if detalhe.glosa_protocolo is not None:
        glosa = detalhe.glosa_protocolo
        add(glosa.motivos_glosa, valor=glosa.vl_glosa_protocolo)
    for guia in detalhe.dados_guias_protocolo.dados_guias:
        numero = guia.numero_guia_prestador
        add(guia.glosa_guia, numero)
        for procedimento in guia.procedimentos_realizados:
            glosas = procedimento.glosas_procedimento
            if glosas is not None:
                add(
                    glosas.motivo_glosa,
                    numero,
                    procedimento.sequencial_item,
                    glosas.valor_glosa_procedimento,
                )


def _situacao(run: Importacao) -> None:
    situacao = run.message.operadora_para_prestador.situacao_protocolo
    assert situacao is not None
    status = _answered(situacao.situacao_do_protocolo, situacao.mensagem_erro)
    run.same_operadora(status.identificacao_operadora, "a situação do protocolo")
    detalhe = _answered(status.lote.detalhe_lote, status.lote.mensagem_erro)
    codigo = detalhe.status_protocolo.value
    run.documento(SITUACAO_PROTOCOLO, f"{detalhe.numero_protocolo}:{codigo}")
    lote = run.lote(detalhe.numero_lote, detalhe.numero_protocolo)
    run.protocolar(lote, detalhe.numero_protocolo, None, codigo)
    _list_unbilled(
        run, lote, (g.guias.numero_guia_prestador for g in detalhe.guias_tiss.guias_medicas)
    )


def _list_unbilled(run: Importacao, lote: LoteRow, numeros: Iterable[str]) -> None:
    billed = {g.numero_guia_prestador for g in lote.guias}
    for numero in numeros:
        if numero not in billed:
            run.nao_casado(f"guia {numero} não consta no lote {lote.numero_lote} faturado")


def _analise(run: Importacao) -> None:
    retorno = run.message.operadora_para_prestador.demonstrativos_retorno
    assert retorno is not None and retorno.demonstrativo_analise_conta
    numeros = [
        d.cabecalho_demonstrativo.numero_demonstrativo for d in retorno.demonstrativo_analise_conta
    ]
    known = _known(run, ANALISE_CONTA, numeros)
    if known and len(known) < len(numeros):
        raise RetornoRecusadoError(
            f"o arquivo repete o(s) demonstrativo(s) {', '.join(known)}, já importado(s), junto "
            "com outros novos; peça à operadora os demonstrativos novos em arquivo separado"
        )
    for demonstrativo in retorno.demonstrativo_analise_conta:
        _one_analise(run, demonstrativo)


def _known(run: Importacao, tipo: str, numeros: Sequence[str]) -> list[str]:
    return list(
        run.session.scalars(
            select(RetornoDocumentoRow.numero).where(
                RetornoDocumentoRow.operadora == run.operadora,
                RetornoDocumentoRow.tipo == tipo,
                RetornoDocumentoRow.numero.in_(list(numeros)),
            )
        )
    )


def _one_analise(run: Importacao, demonstrativo: DemonstrativoAnaliseConta) -> None:
    cabecalho = demonstrativo.cabecalho_demonstrativo
    run.same_operadora(cabecalho.registro_ans, f"o demonstrativo {cabecalho.numero_demonstrativo}")
    run.documento(ANALISE_CONTA, cabecalho.numero_demonstrativo)
    for protocolo in demonstrativo.dados_conta.dados_protocolo:
        lote = run.lote(protocolo.numero_lote_prestador, protocolo.numero_protocolo)
        run.protocolar(
            lote,
            protocolo.numero_protocolo,
            protocolo.data_protocolo,
            protocolo.situacao_protocolo.value,
        )
        avancar(lote, ANALISADO)
        billed = {g.numero_guia_prestador: g for g in lote.guias}
        for guia in protocolo.relacao_guias:
            row = _analise_guia(run, guia, billed.get(guia.numero_guia_prestador), lote)
            row.numero_demonstrativo = cabecalho.numero_demonstrativo
            row.numero_protocolo = protocolo.numero_protocolo
            row.nome_operadora = cabecalho.nome_operadora
            row.lote_id = lote.id
            run.session.add(row)


def _analise_guia(
    run: Importacao, guia: RelacaoGuia, billed: GuiaRow | None, lote: LoteRow
) -> AnaliseGuiaRow:
    informado, liberado = guia.valor_informado_guia, guia.valor_liberado_guia
    row = AnaliseGuiaRow(
        arquivo_id=run.arquivo.id,
        guia_id=billed.id if billed is not None else None,
        numero_guia_prestador=guia.numero_guia_prestador,
        numero_guia_operadora=guia.numero_guia_operadora,
        situacao=guia.situacao_guia.value,
        valor_informado=informado,
        valor_processado=guia.valor_processado_guia,
        valor_liberado=liberado,
        # Optional in TISS: absent, the glosa is by definition what was not released.
        valor_glosa=(
            guia.valor_glosa_guia if guia.valor_glosa_guia is not None else informado - liberado
        ),
    )
    if billed is None:
        run.nao_casado(
            f"guia {guia.numero_guia_prestador} do demonstrativo não consta no lote "
            f"{lote.numero_lote} faturado"
        )
    row.glosas = [
        GlosaRow(
            codigo_glosa=motivo.codigo_glosa,
            valor_glosa=None,
            descricao_operadora=motivo.descricao_glosa,
        )
        for motivo in guia.motivo_glosa_guia
    ]
    # A guia de consulta has no sequencialItem: its one procedure is item 1, by position.
    items = (
        {
            i.sequencial_item if i.sequencial_item is not None else position: i
            for position, i in enumerate(billed.itens, 1)
        }
        if billed is not None
        else {}
    )
    for detalhe in guia.detalhes_guia:
        glosado = sum((g.valor_glosa for g in detalhe.relacao_glosa), Decimal("0.00"))
        match = items.get(detalhe.sequencial_item)
        item = AnaliseItemRow(
            item_id=match.id if match is not None else None,
            sequencial_item=detalhe.sequencial_item,
            codigo_tabela=detalhe.procedimento.codigo_tabela.value,
            codigo_procedimento=detalhe.procedimento.codigo_procedimento,
            descricao_procedimento=detalhe.procedimento.descricao_procedimento,
            data_realizacao=detalhe.data_realizacao,
            valor_informado=detalhe.valor_informado,
            valor_processado=detalhe.valor_processado,
            valor_liberado=detalhe.valor_liberado,
            valor_glosa=glosado,
        )
        if billed is not None and match is None:
            run.nao_casado(
                f"item {detalhe.sequencial_item} da guia {guia.numero_guia_prestador} não "
                f"consta na guia faturada do lote {lote.numero_lote}"
            )
        row.itens.append(item)
        row.glosas.extend(
            GlosaRow(item=item, codigo_glosa=g.tipo_glosa, valor_glosa=g.valor_glosa)
            for g in detalhe.relacao_glosa
        )
    return row


def _pagamento(run: Importacao) -> None:
    retorno = run.message.operadora_para_prestador.demonstrativos_retorno
    assert retorno is not None and retorno.demonstrativo_pagamento is not None
    demonstrativo: DemonstrativoPagamento = retorno.demonstrativo_pagamento
    cabecalho = demonstrativo.cabecalho_demonstrativo
    run.same_operadora(cabecalho.registro_ans, f"o demonstrativo {cabecalho.numero_demonstrativo}")
    run.documento(PAGAMENTO, cabecalho.numero_demonstrativo)
    for por_data in demonstrativo.pagamentos.pagamentos_por_data:
        dados = por_data.dados_pagamento
        for protocolo in por_data.dados_resumo.relacao_protocolos:
            lote = run.lote(protocolo.numero_lote, protocolo.numero_protocolo)
            run.protocolar(lote, protocolo.numero_protocolo, protocolo.data_protocolo, None)
            avancar(lote, PAGO)
            billed = {g.numero_guia_prestador: g for g in lote.guias}
            pagamento = PagamentoRow(
                arquivo_id=run.arquivo.id,
                lote_id=lote.id,
                numero_demonstrativo=cabecalho.numero_demonstrativo,
                numero_protocolo=protocolo.numero_protocolo,
                data_pagamento=dados.data_pagamento,
                forma_pagamento=dados.forma_pagamento.value,
                valor_informado=protocolo.valor_informado,
                valor_processado=protocolo.valor_processado,
                valor_liberado=protocolo.valor_liberado,
                valor_glosa=(
                    protocolo.valor_glosa
                    if protocolo.valor_glosa is not None
                    else protocolo.valor_informado - protocolo.valor_liberado
                ),
            )
            _list_unbilled(run, lote, (g.numero_guia_prestador for g in protocolo.guias_do_lote))
            for guia in protocolo.guias_do_lote:
                match = billed.get(guia.numero_guia_prestador)
                pagamento.guias.append(
                    PagamentoGuiaRow(
                        guia_id=match.id if match is not None else None,
                        numero_guia_prestador=guia.numero_guia_prestador,
                        numero_guia_operadora=guia.numero_guia_operadora,
                        tipo_pagamento=guia.tipo_pagamento.value,
                        valor_processado=guia.valor_processado_guia,
                        valor_liberado=guia.valor_liberado_guia,
                        valor_glosa=guia.valor_glosa_guia,
                    )
                )
            run.session.add(pagamento)
        if por_data.debitos_creditos_por_data is not None:
            _debitos(run, por_data.debitos_creditos_por_data.debitos_creditos, dados.data_pagamento)
    _debitos(run, demonstrativo.totais_demonstrativo.debitos_creditos_demonstrativo, None)


def _debitos(run: Importacao, items: Iterable[DebitoCredito], data: dt.date | None) -> None:
    for item in items:
        run.session.add(
            DebitoCreditoRow(
                arquivo_id=run.arquivo.id,
                data_pagamento=data,
                indicador=item.indicador.value,
                tipo=item.tipo_debito_credito.value,
                descricao=item.descricao_db_cr,
                valor=item.valor_db_cr,
            )
        )


def _erro_demonstrativo(run: Importacao) -> None:
    retorno = run.message.operadora_para_prestador.demonstrativos_retorno
    assert retorno is not None and retorno.mensagem_erro is not None
    raise _erro_operadora(retorno.mensagem_erro)


def _resposta_recurso(run: Importacao) -> None:
    resposta = run.message.operadora_para_prestador.resposta_recurso_glosa
    assert resposta is not None
    if resposta.mensagem_erro is not None:
        raise _erro_operadora(resposta.mensagem_erro)
    recibo = resposta.recibo_glosa
    if recibo is None:
        status = resposta.recibo_glosa_status
        assert status is not None  # one of the three (the model checks it)
        run.same_operadora(status.registro_ans, "a situação do recurso")
        numero = status.nr_protocolo_recurso_glosa
        run.documento(SITUACAO_RECURSO, f"{numero}:{status.nr_protocolo_situacao_recurso_glosa}")
        registrar_situacao(
            session=run.session, status=status, lote=run.lote(status.numero_lote, None)
        )
        return
    run.same_operadora(recibo.registro_ans, "a resposta ao recurso")
    run.documento(RESPOSTA_RECURSO, recibo.numero_guia_rec_glosa_prestador)
    lote = registrar_resposta(
        run.session,
        recibo,
        prestador=run.prestador,
        operadora=run.operadora,
        arquivo_id=run.arquivo.id,
        quando=run.arquivo.importado_em,
    )
    run.lote(lote.numero_lote, recibo.numero_protocolo)


HANDLERS: dict[str, Handler] = {
    RECEBIMENTO_LOTE: _recebimento,
    SITUACAO_PROTOCOLO: _situacao,
    ANALISE_CONTA: _analise,
    PAGAMENTO: _pagamento,
    ERRO_DEMONSTRATIVO: _erro_demonstrativo,
    RESPOSTA_RECURSO: _resposta_recurso,
}
"""Message kind → handler; a handler records one file inside its transaction or raises
:class:`RetornoRecusadoError` (everything rolled back)."""


def importar_retornos(
    ledger: Ledger, paths: Sequence[Path], *, store: SchemaStore | None = None
) -> list[RetornoResult]:
    """Import the operadora's return files, each in its own transaction (see the module)."""
    return [_import_one(ledger, path, store) for path in paths]


def _import_one(ledger: Ledger, path: Path, store: SchemaStore | None) -> RetornoResult:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return RetornoResult(name, RECUSADO, f"não foi possível ler o arquivo: {exc.strerror}")
    digest = hashlib.sha256(data).hexdigest()
    with ledger.session(write=False) as session:
        known = _same_file(session, digest)
        if known is not None:
            return RetornoResult(name, JA_IMPORTADO, _ja_importado(known), known.tipo)
    try:
        message = _read_valid(data, store)
    except TissBillError as exc:
        return RetornoResult(name, RECUSADO, str(exc))
    kind = message_kind(message)
    arquivo = RetornoArquivoRow(
        sha256=digest,
        tipo=kind,
        operadora=message.cabecalho.origem.registro_ans,
        prestador=prestador_key(message.cabecalho.destino.identificacao_prestador),
        versao=message.cabecalho.padrao.value,
        arquivo=str(path.absolute()),
        importado_em=dt.datetime.now().replace(microsecond=0),
    )
    try:
        with ledger.session(write=True) as session:
            # The numbering lock of the prestador and operadora: two imports of the same file
            # (or document) at once wait for each other, and the second sees the first's rows.
            lock_counter(session, ledger.dialect, arquivo.prestador, arquivo.operadora)
            known = _same_file(session, digest)
            if known is not None:
                raise _JaImportado(_ja_importado(known))
            session.add(arquivo)
            session.flush()
            run = Importacao(session, message, arquivo)
            HANDLERS[kind](run)
            session.flush()
            kill_point("antes-commit")
    except _JaImportado as exc:
        return RetornoResult(name, JA_IMPORTADO, str(exc), kind)
    except RetornoRecusadoError as exc:
        return RetornoResult(name, RECUSADO, str(exc), kind)
    descricao = _DESCRICAO[kind]
    lotes = ", ".join(run.lotes)
    return RetornoResult(
        name,
        IMPORTADO,
        f"{descricao} registrado (lote {lotes})",
        kind,
        run.lotes,
        run.nao_casados,
    )


def _same_file(session: Session, digest: str) -> RetornoArquivoRow | None:
    return session.scalar(select(RetornoArquivoRow).where(RetornoArquivoRow.sha256 == digest))


def _ja_importado(known: RetornoArquivoRow) -> str:
    return f"este arquivo já foi importado em {known.importado_em:%d/%m/%Y %H:%M}; nada mudou"


def _read_valid(data: bytes, store: SchemaStore | None) -> MensagemOperadora:
    report = validate(data, store=store)
    errors = report.errors
    if errors:
        shown = "; ".join(
            f"{f.code}{f' (linha {f.line})' if f.line else ''}: {f.message}" for f in errors[:3]
        )
        more = f" e mais {len(errors) - 3}" if len(errors) > 3 else ""
        raise RetornoRecusadoError(f"arquivo inválido, {len(errors)} erro(s): {shown}{more}")
    message = read_message(data)
    if not isinstance(message, MensagemOperadora):
        raise RetornoRecusadoError(
            "não é uma mensagem da operadora (protocolo, situação, demonstrativo ou resposta a "
            "recurso): lotes do prestador se importam com `tissbill lotes importar`"
        )
    return message


__all__ = [
    "HANDLERS",
    "IMPORTADO",
    "JA_IMPORTADO",
    "RECUSADO",
    "Handler",
    "Importacao",
    "RetornoResult",
    "importar_retornos",
    "message_kind",
]
