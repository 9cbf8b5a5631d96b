"""Rules: the operadora's demonstrativo de análise de conta and the recurso de glosa (RET-*):
their totals must add up.

The demonstrativo is what the prestador reconciles its billing against: per guia, what was
informado equals what was liberado plus what was glosado; the glosas of the items add up to
the guia's; a protocolo (lote) and the whole demonstrativo total their parts. Each comparison
allows one cent, the rounding an operadora may carry from item to total. The prestador's own
recurso de glosa adds up exactly: it has no rounding to carry.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from lxml import etree

from tissbill.formatting import brl
from tissbill.validation.context import MessageContext, decimal, find, findall, text
from tissbill.validation.declaration import Hit, Scope, rule
from tissbill.validation.findings import Severity

TOLERANCE = Decimal("0.01")
"""One cent: the largest difference the totals of a demonstrativo may show."""

_ANALISES = "operadoraParaPrestador/demonstrativosRetorno/demonstrativoAnaliseConta"
_PROTOCOLOS = "dadosConta/dadosProtocolo"
_TOTAL_NAMES = {
    "Informado": "informado",
    "Processado": "processado",
    "Liberado": "liberado",
    "Glosa": "glosado",
}
"""The total fields' middle part (valorInformadoGuia) and how a message names each."""


def _value(element: etree._Element, name: str) -> Decimal:
    """The amount of child ``name``; absent (only the glosa totals may be) or unreadable (the
    XSD reports it) counts as zero."""
    value = decimal(element, name)
    return value if value is not None else Decimal(0)


def _either(first: etree._Element | None, second: etree._Element) -> etree._Element:
    # Not ``or``: an lxml element without children is false.
    return first if first is not None else second


def _differs(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) > TOLERANCE


def _analises(message: MessageContext) -> list[etree._Element]:
    return findall(message.root, _ANALISES)


def _guias(message: MessageContext) -> Iterator[etree._Element]:
    for analise in _analises(message):
        for protocolo in findall(analise, _PROTOCOLOS):
            yield from findall(protocolo, "relacaoGuias")


def _guia_label(guia: etree._Element) -> str:
    return f"Na guia {text(guia, 'numeroGuiaPrestador') or '(sem número)'} do demonstrativo"


@rule(
    "RET-001",
    Severity.ERROR,
    title="Guia do demonstrativo: informado = liberado + glosa",
    scope=Scope.MESSAGE,
)
def guia_balance(message: MessageContext) -> Iterator[Hit]:
    """Em cada guia do demonstrativo de análise de conta, o valor informado é igual ao valor
    liberado mais o valor glosado (valorInformadoGuia = valorLiberadoGuia + valorGlosaGuia),
    com tolerância de um centavo; sem valorGlosaGuia, a glosa é zero."""
    for guia in _guias(message):
        informado = _value(guia, "valorInformadoGuia")
        liberado = _value(guia, "valorLiberadoGuia")
        glosa = _value(guia, "valorGlosaGuia")
        if _differs(informado, liberado + glosa):
            yield Hit(
                find(guia, "valorInformadoGuia"),
                f"{_guia_label(guia)}, o valor informado ({brl(informado)}) não é igual ao "
                f"liberado ({brl(liberado)}) mais a glosa ({brl(glosa)}): "
                f"{brl(liberado + glosa)}; diferença de {brl(informado - liberado - glosa)}",
            )


@rule(
    "RET-002",
    Severity.ERROR,
    title="Glosas dos itens somam a glosa da guia",
    scope=Scope.MESSAGE,
)
def item_glosas(message: MessageContext) -> Iterator[Hit]:
    """Quando a guia do demonstrativo lista seus itens (detalhesGuia), a soma das glosas dos
    itens (relacaoGlosa/valorGlosa) é igual ao valor glosado da guia (valorGlosaGuia), com
    tolerância de um centavo. Uma guia glosada sem itens listados não é conferida."""
    for guia in _guias(message):
        itens = findall(guia, "detalhesGuia")
        if not itens:
            continue
        soma = sum(
            (
                _value(glosa, "valorGlosa")
                for item in itens
                for glosa in findall(item, "relacaoGlosa")
            ),
            Decimal(0),
        )
        glosa_guia = _value(guia, "valorGlosaGuia")
        if _differs(soma, glosa_guia):
            yield Hit(
                _either(find(guia, "valorGlosaGuia"), guia),
                f"{_guia_label(guia)}, as glosas dos itens somam {brl(soma)}, mas o valor "
                f"glosado da guia é {brl(glosa_guia)}",
            )


def _totals_hits(
    parent: etree._Element,
    parts: list[etree._Element],
    suffix_parent: str,
    suffix_part: str,
    label: str,
) -> Iterator[Hit]:
    for name, what in _TOTAL_NAMES.items():
        field = f"valor{name}{suffix_parent}"
        soma = sum((_value(p, f"valor{name}{suffix_part}") for p in parts), Decimal(0))
        total = _value(parent, field)
        if _differs(soma, total):
            yield Hit(
                _either(find(parent, field), parent),
                f"{label}, o valor {what} total ({brl(total)}) não é a soma dos valores "
                f"das partes ({brl(soma)}); diferença de {brl(total - soma)}",
            )


@rule(
    "RET-003",
    Severity.ERROR,
    title="Totais do protocolo somam os das guias",
    scope=Scope.MESSAGE,
)
def protocolo_totals(message: MessageContext) -> Iterator[Hit]:
    """Em cada protocolo (lote) do demonstrativo que lista suas guias, os valores informado,
    processado, liberado e glosado do protocolo são a soma dos das guias, com tolerância de um
    centavo. Um protocolo glosado sem guias listadas não é conferido."""
    for analise in _analises(message):
        for protocolo in findall(analise, _PROTOCOLOS):
            guias = findall(protocolo, "relacaoGuias")
            if guias:
                lote = text(protocolo, "numeroLotePrestador") or "(sem número)"
                yield from _totals_hits(
                    protocolo, guias, "Protocolo", "Guia", f"No lote {lote} do demonstrativo"
                )


@rule(
    "RET-004",
    Severity.ERROR,
    title="Totais gerais do demonstrativo somam os dos protocolos",
    scope=Scope.MESSAGE,
)
def geral_totals(message: MessageContext) -> Iterator[Hit]:
    """Os valores informado, processado, liberado e glosado gerais do demonstrativo de análise
    de conta são a soma dos valores dos seus protocolos, com tolerância de um centavo."""
    for analise in _analises(message):
        numero = text(analise, "cabecalhoDemonstrativo/numeroDemonstrativo") or "(sem número)"
        yield from _totals_hits(
            analise,
            findall(analise, _PROTOCOLOS),
            "Geral",
            "Protocolo",
            f"No demonstrativo {numero}",
        )


_RECURSO = "prestadorParaOperadora/recursoGlosa/guiaRecursoGlosa"
_OPCOES_GUIA = "opcaoRecurso/recursoGuia/opcaoRecursoGuia"


@rule(
    "RET-005",
    Severity.ERROR,
    title="Recurso de glosa: total recursado = soma dos itens",
    scope=Scope.MESSAGE,
)
def recurso_total(message: MessageContext) -> Iterator[Hit]:
    """Num recurso de glosa que contesta só itens (itensGuia), o valor total recursado
    (valorTotalRecursado) é exatamente a soma dos valores recursados dos itens. Um recurso com
    guia inteira (recursoGuiaCompleta) ou do protocolo não traz o valor de cada parte e não é
    conferido."""
    for recurso in findall(message.root, _RECURSO):
        opcoes = findall(recurso, _OPCOES_GUIA)
        if not opcoes or any(find(o, "recursoGuiaCompleta") is not None for o in opcoes):
            continue
        soma = sum(
            (_value(item, "valorRecursado") for o in opcoes for item in findall(o, "itensGuia")),
            Decimal(0),
        )
        total = _value(recurso, "valorTotalRecursado")
        if soma != total:
            yield Hit(
                _either(find(recurso, "valorTotalRecursado"), recurso),
                f"No recurso de glosa, o valor total recursado ({brl(total)}) não é a soma dos "
                f"valores recursados dos itens ({brl(soma)}); diferença de {brl(total - soma)}",
            )
