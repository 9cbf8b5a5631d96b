"""Rules: the envelope of a lote de guias (cabecalho, loteGuias), LOT-001..LOT-013.

The catalog also asks for checks against previously sent messages (numeroLote and
sequencialTransacao reused, numeroGuiaPrestador already presented in another lote): LOT-003,
LOT-007 and LOT-010 make them when the validation has the ledger's history
(:mod:`tissbill.validation.rules.historico`), and check only the message at hand otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator

from lxml import etree

from tissbill.formatting import day
from tissbill.spec.kinds import KIND_BY_ELEMENT
from tissbill.validation.context import (
    GuiaContext,
    MessageContext,
    date,
    date_not_before,
    find,
    findall,
    stripped,
    text,
    time,
)
from tissbill.validation.declaration import Hit, Scope, rule
from tissbill.validation.findings import Severity
from tissbill.validation.rules import historico
from tissbill.validation.rules.identificadores import cnpj_hits, cpf_hits
from tissbill.validation.text import item_label
from tissbill.versions import supported_versions
from tissbill.xml.elements import local_name

MAX_GUIAS_POR_LOTE = 100
"""ORG §176 and the maxOccurs of every guiasTISS alternative."""


def _guia_label(kind: str) -> str:
    """The guia kind of element ``kind`` in a sentence, ``guia de SP/SADT`` (an unknown element
    by its name)."""
    known = KIND_BY_ELEMENT.get(kind)
    return kind if known is None else known.guia_label


_MD5_HEX = re.compile(r"[0-9a-fA-F]{32}")


def _elements(parent: etree._Element) -> list[etree._Element]:
    return [child for child in parent if isinstance(child.tag, str)]


def _cabecalho_field(guia: GuiaContext, name: str) -> etree._Element | None:
    """``registroANS``/``numeroGuiaPrestador`` of the guia (the odonto guia has no cabecalho)."""
    return find(guia.cabecalho if guia.cabecalho is not None else guia.element, name)


@rule(
    "LOT-001",
    Severity.ERROR,
    title="No máximo 100 guias por lote",
    scope=Scope.MESSAGE,
)
def max_guias(message: MessageContext) -> Iterator[Hit]:
    """Um lote (loteGuias) tem no máximo 100 guias; lotes maiores devem ser divididos.

    O schema também impõe o limite; a regra dá a mensagem clara da glosa 5015.
    """
    if message.guias_tiss is None:
        return
    count = len(_elements(message.guias_tiss))
    if count > MAX_GUIAS_POR_LOTE:
        yield Hit(
            message.guias_tiss,
            f"O lote tem {count} guias em guiasTISS; o máximo por lote é {MAX_GUIAS_POR_LOTE}. "
            "Divida as guias em mais de um lote (um arquivo por lote).",
            ctx={"found": count, "limit": MAX_GUIAS_POR_LOTE},
        )


@rule(
    "LOT-002",
    Severity.ERROR,
    title="Um único tipo de guia por lote",
    scope=Scope.MESSAGE,
)
def single_guia_type(message: MessageContext) -> Iterator[Hit]:
    """Todas as guias de um lote são do mesmo tipo (consulta, SP/SADT, resumo de internação,
    honorários ou odontológica).

    O schema também impõe a regra; a mensagem diz quais tipos foram misturados.
    """
    if message.guias_tiss is None:
        return
    guias = _elements(message.guias_tiss)
    kinds = Counter(local_name(guia) for guia in guias)
    if len(kinds) < 2:
        return
    first = local_name(guias[0])
    offender = next(guia for guia in guias if local_name(guia) != first)
    mix = ", ".join(f"{count} {_guia_label(kind)}" for kind, count in kinds.items())
    yield Hit(
        offender,
        f"O lote mistura tipos de guia ({mix}). Cada lote deve ter um único tipo de guia: "
        f"envie esta {_guia_label(local_name(offender))} em outro lote.",
    )


@rule(
    "LOT-003",
    Severity.ERROR,
    title="numeroLote preenchido e não reutilizado",
    scope=Scope.MESSAGE,
)
def numero_lote(message: MessageContext) -> Iterator[Hit]:
    """numeroLote é preenchido (1 a 12 caracteres, não só espaços) e, com o ledger, não foi
    usado por outro arquivo do mesmo prestador para a mesma operadora (glosa 3268).

    Sem o ledger (validate sem --ledger) só o próprio arquivo é verificado.
    """
    if message.lote is None:
        return
    element = find(message.lote, "numeroLote")
    if element is None:
        yield Hit(message.lote, "loteGuias sem numeroLote: informe o número do lote do prestador.")
        return
    value = stripped(element)
    if not value:
        yield Hit(element, "numeroLote está em branco: informe o número do lote do prestador.")
    elif len(value) > 12:
        yield Hit(
            element,
            f"numeroLote {value} tem {len(value)} caracteres; o máximo é 12.",
            ctx={"found": len(value), "limit": 12},
        )
    else:
        yield from historico.numero_lote_reutilizado(message, element)


@rule(
    "LOT-004",
    Severity.ERROR,
    title="Origem prestador, destino operadora",
    scope=Scope.MESSAGE,
)
def direction(message: MessageContext) -> Iterator[Hit]:
    """Numa mensagem do prestador para a operadora, a origem identifica o prestador
    (identificacaoPrestador) e o destino é o registroANS da operadora.

    O schema aceita também a combinação inversa (mensagens da operadora), por isso a verificação
    explícita.
    """
    if message.cabecalho is None or find(message.root, "prestadorParaOperadora") is None:
        return
    origem = find(message.cabecalho, "origem")
    if origem is not None and find(origem, "identificacaoPrestador") is None:
        yield Hit(
            origem,
            "Na origem de uma mensagem do prestador deve constar identificacaoPrestador (CNPJ, "
            "CPF ou codigoPrestadorNaOperadora), não o registroANS da operadora.",
        )
    destino = find(message.cabecalho, "destino")
    if destino is not None and find(destino, "registroANS") is None:
        yield Hit(
            destino,
            "No destino de uma mensagem do prestador deve constar o registroANS da operadora, "
            "não a identificação de um prestador.",
        )


@rule(
    "LOT-005",
    Severity.ERROR,
    title="Mesma operadora no lote e nas guias",
    scope=Scope.MESSAGE,
)
def same_operadora(message: MessageContext) -> Iterator[Hit]:
    """O registroANS de cada guia é o mesmo registroANS do destino da mensagem: um lote é
    enviado a uma única operadora."""
    destino = (text(message.cabecalho, "destino/registroANS") or "").strip()
    if not destino:
        return
    for guia in message.guias:
        element = _cabecalho_field(guia, "registroANS")
        value = stripped(element) if element is not None else destino
        if value != destino:
            yield Hit(
                element,
                f"registroANS {value} da guia difere do registroANS {destino} do destino da "
                "mensagem; todas as guias do lote devem ser da mesma operadora.",
            )


@rule(
    "LOT-006",
    Severity.ERROR,
    title="tipoTransacao ENVIO_LOTE_GUIAS",
    scope=Scope.MESSAGE,
)
def tipo_transacao(message: MessageContext) -> Iterator[Hit]:
    """Um lote de guias (prestadorParaOperadora/loteGuias) tem tipoTransacao ENVIO_LOTE_GUIAS,
    e ENVIO_LOTE_GUIAS só é usado para lote de guias."""
    element = find(message.root, "cabecalho/identificacaoTransacao/tipoTransacao")
    if element is None:
        return
    value = stripped(element)
    if message.lote is not None and value != "ENVIO_LOTE_GUIAS":
        yield Hit(
            element,
            f"tipoTransacao {value} não corresponde ao conteúdo da mensagem: um lote de guias "
            "(loteGuias) deve ter tipoTransacao ENVIO_LOTE_GUIAS.",
        )
    elif message.lote is None and value == "ENVIO_LOTE_GUIAS":
        yield Hit(
            element,
            "tipoTransacao ENVIO_LOTE_GUIAS, mas a mensagem não contém um lote de guias "
            "(prestadorParaOperadora/loteGuias).",
        )


@rule(
    "LOT-007",
    Severity.WARNING,
    title="sequencialTransacao preenchido e não reutilizado",
    scope=Scope.MESSAGE,
)
def sequencial_transacao(message: MessageContext) -> Iterator[Hit]:
    """sequencialTransacao é preenchido (não só espaços) e, com o ledger, não foi usado por outro
    arquivo do mesmo prestador para a mesma operadora; recomenda-se um contador crescente.

    A ANS não define formato nem unicidade. Sem o ledger só o próprio arquivo é verificado.
    """
    element = find(message.root, "cabecalho/identificacaoTransacao/sequencialTransacao")
    if element is None:
        return
    if not stripped(element):
        yield Hit(
            element,
            "sequencialTransacao está em branco: informe o número sequencial da transação "
            "(recomendado: um contador crescente do prestador).",
        )
    else:
        yield from historico.transacao_reutilizada(message, element)


@rule(
    "LOT-008",
    Severity.ERROR,
    title="Padrao igual à versão do schema",
    scope=Scope.MESSAGE,
)
def padrao(message: MessageContext) -> Iterator[Hit]:
    """O Padrao do cabeçalho é uma versão TISS suportada e é a versão do schema contra a qual o
    arquivo é validado.

    Cada schema novo ainda aceita os valores antigos de Padrao (4.00.01 passa no schema 4.03.00),
    por isso o schema sozinho não detecta a divergência.
    """
    element = find(message.root, "cabecalho/Padrao")
    if element is None:
        return
    value = stripped(element)
    supported = [version.value for version in supported_versions()]
    if value not in supported:
        yield Hit(
            element,
            f"Padrao {value} não é uma versão TISS suportada, por isso o arquivo não foi "
            f"validado pelo esquema XSD; use uma das versões vigentes ({', '.join(supported)}) "
            "e gere o arquivo com o schema dessa versão.",
        )
    elif message.version is not None and value != message.version:
        yield Hit(
            element,
            f"Padrao {value} difere da versão {message.version} usada para validar o arquivo; "
            "o Padrao deve ser a versão do schema com que o arquivo foi gerado.",
        )


_ITEM_HOURS = ("horaFinal", "horaInicial")
"""The latest instant known for an item: its end, else its start."""


def _event_dates(
    guia: GuiaContext, with_items: bool
) -> Iterator[tuple[etree._Element, etree._Element, tuple[str, ...]]]:
    """(date element, its parent, the parent's time fields) of every event billed in the guia;
    the items' execution dates only ``with_items``."""
    if with_items:
        for item in guia.procedimentos:
            yield from _dated(item, "dataExecucao", _ITEM_HOURS)
        for despesa in guia.despesas:
            servico = find(despesa, "servicosExecutados")
            if servico is not None:
                yield from _dated(servico, "dataExecucao", _ITEM_HOURS)
    if fim := guia.guia_kind.fim_atendimento:
        section, name = fim.rsplit("/", 1)
        dados = find(guia.element, section)
        if dados is not None:
            # A billing window may close later on the day the lote is generated (a Parcial
            # closed at 23:59:59): its end is compared by date only.
            yield from _dated(dados, name, ())


def _dated(
    parent: etree._Element, name: str, hours: tuple[str, ...]
) -> Iterator[tuple[etree._Element, etree._Element, tuple[str, ...]]]:
    element = find(parent, name)
    if element is not None:
        yield element, parent, hours


def _event(parent: etree._Element) -> str:
    """How a message names the dated event, e.g. ``"do procedimento (sequencial 1)"``."""
    name = local_name(parent)
    if name == "servicosExecutados":
        despesa = parent.getparent()
        return item_label(despesa if despesa is not None else parent, "de")
    if name in ("procedimentoExecutado", "procedimentoRealizado"):
        return item_label(parent, "de")
    return "do atendimento" if name == "dadosAtendimento" else "do fim do faturamento"


@rule(
    "LOT-009",
    Severity.ERROR,
    title="Nenhuma data posterior ao envio",
    scope=Scope.MESSAGE,
)
def no_future_events(message: MessageContext) -> Iterator[Hit]:
    """Nenhuma data de execução, de atendimento ou de fim de faturamento é posterior à data de
    registro da transação (dataRegistroTransacao); no mesmo dia, a hora de execução de um item
    não é posterior a horaRegistroTransacao (glosa 3223).

    O fim do faturamento é comparado só pela data: uma conta parcial fechada às 23:59:59 do dia
    em que o lote é gerado é normal.
    """
    sent_on = date(message.cabecalho, "identificacaoTransacao/dataRegistroTransacao")
    if sent_on is None:
        return
    sent_at = time(message.cabecalho, "identificacaoTransacao/horaRegistroTransacao")
    # Most dates are the items' dataExecucao: when none is late, the items are skipped.
    with_items = not message.all_dates_before("dataExecucao", sent_on)
    for guia in message.guias:
        for element, parent, hours in _event_dates(guia, with_items):
            when = date_not_before(element, sent_on)
            if when is None:
                continue
            if when > sent_on:
                yield Hit(
                    element,
                    f"{local_name(element)} {day(when)} {_event(parent)} é posterior à data de "
                    f"registro da transação ({day(sent_on)}, dataRegistroTransacao); o lote não "
                    "pode cobrar eventos futuros.",
                    ctx={"found": when, "limit": sent_on},
                )
                continue
            # Same day: compare the hour, looked up only now because this case is rare.
            hora = next((h for n in hours if (h := find(parent, n)) is not None), None)
            at = time(hora)
            if hora is not None and at is not None and sent_at is not None and at > sent_at:
                yield Hit(
                    hora,
                    f"{local_name(hora)} {_clock(at)} {_event(parent)} em {day(when)} é posterior "
                    f"à hora de registro da transação ({_clock(sent_at)}, "
                    "horaRegistroTransacao) no mesmo dia.",
                    ctx={"found": at, "limit": sent_at, "date": when},
                )


def _clock(value: dt.time) -> str:
    return value.strftime("%H:%M:%S")


@rule(
    "LOT-010",
    Severity.ERROR,
    title="numeroGuiaPrestador único no lote",
    scope=Scope.MESSAGE,
)
def unique_numero_guia(message: MessageContext) -> Iterator[Hit]:
    """Duas guias do mesmo lote não têm o mesmo numeroGuiaPrestador (glosa 1308).

    Com o ledger, uma guia já faturada em outro lote é alerta (reapresentação), exceto a
    Complementar, que repete o número de propósito. Sem o ledger só o próprio lote é verificado.
    """
    first_position: dict[str, int] = {}
    numeros: dict[str, tuple[etree._Element, bool]] = {}
    for position, guia in enumerate(message.guias, start=1):
        element = _cabecalho_field(guia, "numeroGuiaPrestador")
        value = stripped(element)
        if not value or element is None:
            continue
        if value in first_position:
            yield Hit(
                element,
                f"numeroGuiaPrestador {value} repetido no lote: a {position}ª guia usa o mesmo "
                f"número da {first_position[value]}ª. Cada guia precisa de um número próprio.",
            )
        else:
            first_position[value] = position
            tipo = text(guia.element, "dadosInternacao/tipoFaturamento")
            numeros[value] = (element, (tipo or "").strip() == "3")
    yield from historico.guias_ja_faturadas(message, numeros)


@rule("LOT-011", Severity.WARNING, title="senhaPrestador em MD5", scope=Scope.MESSAGE)
def senha_md5(message: MessageContext) -> Iterator[Hit]:
    """Quando loginSenhaPrestador é enviado, senhaPrestador é o MD5 da senha (32 caracteres
    hexadecimais), nunca a senha em texto."""
    element = find(message.root, "cabecalho/loginSenhaPrestador/senhaPrestador")
    if element is not None and not _MD5_HEX.fullmatch(stripped(element)):
        # The value is not quoted: it may be the password itself.
        yield Hit(
            element,
            "senhaPrestador não está no formato MD5 (32 caracteres hexadecimais): a senha deve "
            "ser enviada como hash MD5, nunca em texto.",
        )


@rule(
    "LOT-012",
    Severity.WARNING,
    title="falhaNegocio ausente no envio",
    scope=Scope.MESSAGE,
)
def no_falha_negocio(message: MessageContext) -> Iterator[Hit]:
    """falhaNegocio é usado pela operadora nas respostas; uma mensagem do prestador não o envia."""
    element = find(message.root, "cabecalho/falhaNegocio")
    if element is not None and find(message.root, "prestadorParaOperadora") is not None:
        yield Hit(
            element,
            f"falhaNegocio {stripped(element)} no cabeçalho: esse campo é da "
            "operadora (respostas) e não deve ser enviado pelo prestador.",
        )


@rule("LOT-013", Severity.ERROR, title="CNPJ/CPF da origem válido", scope=Scope.MESSAGE)
def origem_identifier(message: MessageContext) -> Iterator[Hit]:
    """O CNPJ ou CPF do prestador na origem da mensagem tem dígitos verificadores válidos.

    A origem não precisa ser o contratado executante das guias (o fornecedor de OPME envia
    guias em que o executante é o hospital).
    """
    prestador = find(message.root, "cabecalho/origem/identificacaoPrestador")
    if prestador is None:
        return
    yield from cnpj_hits(findall(prestador, "CNPJ"))
    yield from cpf_hits(findall(prestador, "CPF"))
