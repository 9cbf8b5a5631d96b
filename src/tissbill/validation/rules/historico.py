"""History checks: the file compared with the lotes already billed (the ledger).

They extend the catalogue rules that need earlier lotes — LOT-003 (numeroLote reused), LOT-007
(sequencialTransacao reused), LOT-010 (guia already billed) and RI-014/RI-015 (internação
windows across lotes) — and are called from those rules, so each finding keeps its catalogue
code. Without a history (``validate`` without ``--ledger``) they find nothing. A lote recorded
with the same epílogo hash is the file itself and is never reported.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from lxml import etree

from tissbill.validation.context import MessageContext, find, stripped
from tissbill.validation.declaration import Hit
from tissbill.validation.findings import Severity
from tissbill.validation.history import History, PriorGuia, PriorLote
from tissbill.xml.elements import local_name


@dataclass(frozen=True, slots=True)
class Sender:
    """Who sent the message and to whom, as the ledger keys its lotes."""

    history: History
    prestador: str
    operadora: str
    hash: str


def sender(message: MessageContext) -> Sender | None:
    """The history scope of ``message``; None without a history or an identifiable sender."""
    if message.history is None:
        return None
    origem = find(message.root, "cabecalho/origem/identificacaoPrestador")
    operadora = find(message.root, "cabecalho/destino/registroANS")
    ident = (
        next((c for c in origem if isinstance(c.tag, str)), None) if origem is not None else None
    )
    if ident is None or operadora is None:
        return None
    hash_element = find(message.root, "epilogo/hash")
    return Sender(
        message.history,
        f"{local_name(ident)}:{stripped(ident)}",
        stripped(operadora),
        stripped(hash_element),
    )


def _others(scope: Sender, lotes: list[PriorLote]) -> list[PriorLote]:
    return [lote for lote in lotes if lote.hash != scope.hash]


def _used(lote: PriorLote) -> str:
    return f"{lote.criado_em:%d/%m/%Y} no arquivo {lote.arquivo}"


def numero_lote_reutilizado(message: MessageContext, element: etree._Element) -> Iterator[Hit]:
    """LOT-003: numeroLote already used by another file for the same operadora (glosa 3268)."""
    scope = sender(message)
    value = stripped(element)
    if scope is None or not value:
        return
    for lote in _others(
        scope, scope.history.lotes_with_numero(scope.prestador, scope.operadora, value)
    )[:1]:
        yield Hit(
            element,
            f"numeroLote {value} já foi usado para a operadora {scope.operadora} em {_used(lote)}: "
            "a operadora recusa lote já informado (glosa 3268). Gere o lote com um número novo.",
        )


def transacao_reutilizada(message: MessageContext, element: etree._Element) -> Iterator[Hit]:
    """LOT-007: sequencialTransacao already used by another file for the same operadora."""
    scope = sender(message)
    value = stripped(element)
    if scope is None or not value:
        return
    found = scope.history.lotes_with_transacao(scope.prestador, scope.operadora, value)
    for lote in _others(scope, found)[:1]:
        onde = (
            f"lote {lote.numero_lote}"
            if lote.numero_recurso is None
            else f"recurso de glosa {lote.numero_recurso} do lote {lote.numero_lote}"
        )
        yield Hit(
            element,
            f"sequencialTransacao {value} já foi usado em {_used(lote)} ({onde}): "
            "use um número de transação novo.",
        )


def guias_ja_faturadas(
    message: MessageContext, numeros: dict[str, tuple[etree._Element, bool]]
) -> Iterator[Hit]:
    """LOT-010: guias (number → element, is a Complementar) billed in another lote (glosa 1308).

    A Complementar repeats the number of the guia it complements on purpose.
    """
    scope = sender(message)
    if scope is None or not numeros:
        return
    wanted = [numero for numero, (_, complementar) in numeros.items() if not complementar]
    reported: set[str] = set()
    for prior in prior_guias(scope, wanted, ()):
        numero = prior.numero_guia_prestador
        if numero in reported or numero not in numeros:
            continue
        reported.add(numero)
        yield Hit(
            numeros[numero][0],
            f"Guia {numero} já foi faturada no lote {prior.numero_lote} ({prior.arquivo}): a "
            "operadora glosa guia já apresentada (1308). Só uma Complementar repete o número.",
            Severity.WARNING,
        )


def prior_guias(
    scope: Sender, numeros: Collection[str], solicitacoes: Collection[str]
) -> list[PriorGuia]:
    """Guias of other lotes with these numbers, or resumos of these internações."""
    found = scope.history.guias(scope.prestador, scope.operadora, numeros, solicitacoes)
    return [guia for guia in found if guia.hash != scope.hash]
