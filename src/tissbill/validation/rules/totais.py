"""Rules: totals (TOT-*): the valor total block, line totals and money limits.

The ct_guiaValorTotal block of resumo and SP/SADT has one field per código de despesa plus
procedimentos and the total geral; honorários has valorTotalHonorarios; consulta only the value
of its single procedure.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from lxml import etree

from tissbill.money import digits_error, total_digits
from tissbill.validation.context import GuiaContext
from tissbill.validation.declaration import Hit, Scope, rule
from tissbill.validation.findings import Severity
from tissbill.validation.itens import Fields, Item, items, section
from tissbill.validation.rules.despesas import DESPESAS, line_total_hit
from tissbill.validation.text import brl, number

_WITH_TOTAL_BLOCK = ("guiaResumoInternacao", "guiaSP-SADT")

_FIELDS = {
    "valorProcedimentos": "Total de procedimentos",
    "valorDiarias": "Total de diárias",
    "valorTaxasAlugueis": "Total de taxas e aluguéis",
    "valorMateriais": "Total de materiais",
    "valorMedicamentos": "Total de medicamentos",
    "valorOPME": "Total de OPME",
    "valorGasesMedicinais": "Total de gases medicinais",
}
"""The partial fields of ct_guiaValorTotal, named as on the printed guia."""

_FIELD_OF_DESPESA = {
    "05": "valorDiarias",
    "07": "valorTaxasAlugueis",
    "03": "valorMateriais",
    "02": "valorMedicamentos",
    "08": "valorOPME",
    "01": "valorGasesMedicinais",
}

_TOTAL_DIGITS = 10
"""st_decimal10-2: guia totals in every version, item values from 4.02.00."""
_ITEM_DIGITS_4_01 = 8
"""st_decimal8-2: item values (and the consulta value) up to 4.01.00."""


def _fits_for_sure(digits: int) -> Decimal:
    """Below this, a non-negative amount in cents fits ``digits`` (the hot path skips it)."""
    return Decimal(10) ** (digits - 2)


def _sum(values: tuple[Item, ...]) -> tuple[Decimal, int]:
    """Sum of the items' valorTotal (unreadable ones are the XSD's) and the item count."""
    total = sum((v for i in values if (v := i.number("valorTotal")) is not None), Decimal(0))
    return total, len(values)


def _field_hits(
    guia: GuiaContext, field: str, expected_count: tuple[Decimal, int], what: str, of: str
) -> Iterator[Hit]:
    """Compare a partial total of a resumo or SP/SADT with the sum of its items (exactly).

    ``what`` names the items ("procedimentos"), ``of`` is its contracted article ("dos").
    """
    block = guia.valor_total
    if block is None:
        return
    expected, count = expected_count
    fields = section(guia, "valorTotal")
    element = fields.get(field)
    label = _FIELDS[field]
    if element is None:
        # An omitted partial is read as R$ 0,00: items all billed at zero (a pacote) need none.
        if count and expected != 0:
            yield Hit(
                block,
                f"{label} não foi informado, mas a guia tem {what} somando {brl(expected)}.",
                ctx={"field": field, "found": None, "expected": expected, "count": count},
            )
        return
    value = fields.number(field)
    if value is None or value == expected:
        return
    if count:
        message = f"{label} é {brl(value)}, mas a soma {of} {what} é {brl(expected)}."
    else:
        message = f"{label} é {brl(value)}, mas a guia não tem {what}; informe R$ 0,00 ou omita."
    yield Hit(element, message, ctx={"found": value, "expected": expected, "count": count})


@rule(
    "TOT-001",
    Severity.ERROR,
    area="TOT",
    title="Total de procedimentos",
    scope=Scope.GUIA,
    guia_types=_WITH_TOTAL_BLOCK,
)
def total_procedimentos(guia: GuiaContext) -> Iterator[Hit]:
    """O total de procedimentos é a soma dos valores totais dos procedimentos executados.

    Obrigatório quando os procedimentos somam mais que zero; ausente ou R$ 0,00 quando não há
    procedimentos ou todos valem R$ 0,00 (pacote).
    """
    if guia.kind in _WITH_TOTAL_BLOCK:
        sums = _sum(items(guia).procedimentos)
        yield from _field_hits(guia, "valorProcedimentos", sums, "procedimentos", "dos")


def _despesa_rule(guia: GuiaContext, codigo: str) -> Iterator[Hit]:
    if guia.kind not in _WITH_TOTAL_BLOCK:
        return
    what = f"despesas de {DESPESAS[codigo]} (código {codigo})"
    sums = _sum(tuple(d for d in items(guia).despesas if d.codigo_despesa == codigo))
    yield from _field_hits(guia, _FIELD_OF_DESPESA[codigo], sums, what, "das")


@rule(
    "TOT-002",
    Severity.ERROR,
    area="TOT",
    title="Total de diárias",
    scope=Scope.GUIA,
    guia_types=_WITH_TOTAL_BLOCK,
)
def total_diarias(guia: GuiaContext) -> Iterator[Hit]:
    """O total de diárias é a soma das despesas de código 05; ausente ou zero quando não há."""
    yield from _despesa_rule(guia, "05")


@rule(
    "TOT-003",
    Severity.ERROR,
    area="TOT",
    title="Total de taxas e aluguéis",
    scope=Scope.GUIA,
    guia_types=_WITH_TOTAL_BLOCK,
)
def total_taxas(guia: GuiaContext) -> Iterator[Hit]:
    """O total de taxas e aluguéis é a soma das despesas de código 07; ausente ou zero sem elas."""
    yield from _despesa_rule(guia, "07")


@rule(
    "TOT-004",
    Severity.ERROR,
    area="TOT",
    title="Total de materiais",
    scope=Scope.GUIA,
    guia_types=_WITH_TOTAL_BLOCK,
)
def total_materiais(guia: GuiaContext) -> Iterator[Hit]:
    """O total de materiais é a soma das despesas de código 03; ausente ou zero quando não há."""
    yield from _despesa_rule(guia, "03")


@rule(
    "TOT-005",
    Severity.ERROR,
    area="TOT",
    title="Total de medicamentos",
    scope=Scope.GUIA,
    guia_types=_WITH_TOTAL_BLOCK,
)
def total_medicamentos(guia: GuiaContext) -> Iterator[Hit]:
    """O total de medicamentos é a soma das despesas de código 02; ausente ou zero sem elas."""
    yield from _despesa_rule(guia, "02")


@rule(
    "TOT-006",
    Severity.ERROR,
    area="TOT",
    title="Total de OPME",
    scope=Scope.GUIA,
    guia_types=_WITH_TOTAL_BLOCK,
)
def total_opme(guia: GuiaContext) -> Iterator[Hit]:
    """O total de OPME é a soma das despesas de código 08; ausente ou zero quando não há."""
    yield from _despesa_rule(guia, "08")


@rule(
    "TOT-007",
    Severity.ERROR,
    area="TOT",
    title="Total de gases medicinais",
    scope=Scope.GUIA,
    guia_types=_WITH_TOTAL_BLOCK,
)
def total_gases(guia: GuiaContext) -> Iterator[Hit]:
    """O total de gases medicinais é a soma das despesas de código 01; ausente ou zero sem elas."""
    yield from _despesa_rule(guia, "01")


@rule(
    "TOT-008",
    Severity.ERROR,
    area="TOT",
    title="Total geral",
    scope=Scope.GUIA,
    guia_types=_WITH_TOTAL_BLOCK,
)
def total_geral(guia: GuiaContext) -> Iterator[Hit]:
    """O total geral é a soma dos totais parciais e também a soma de todos os itens da guia.

    Comparação exata em Decimal (os itens já têm duas casas decimais).
    """
    if guia.kind not in _WITH_TOTAL_BLOCK:
        return
    block = section(guia, "valorTotal")
    geral = block.number("valorTotalGeral")
    if geral is None:
        return
    partials = sum((v for f in _FIELDS if (v := block.number(f)) is not None), Decimal(0))
    all_items = _sum(items(guia).all)[0]
    problems = []
    ctx: dict[str, object] = {"found": geral}
    if geral != partials:
        ctx["sum_partials"] = partials
        problems.append(f"a soma dos totais parciais é {brl(partials)}")
    if geral != all_items:
        ctx["sum_items"] = all_items
        problems.append(f"a soma de todos os procedimentos e despesas é {brl(all_items)}")
    if problems:
        yield Hit(
            block.get("valorTotalGeral"),
            f"Total geral é {brl(geral)}, mas " + " e ".join(problems) + ".",
            ctx=ctx,
        )


@rule(
    "TOT-009",
    Severity.ERROR,
    area="TOT",
    title="Valor total do procedimento = quantidade × unitário × fator",
    scope=Scope.GUIA,
)
def total_do_procedimento(guia: GuiaContext) -> Iterator[Hit]:
    """O valor total de cada procedimento é quantidade × valor unitário × fator; também é aceito o
    valor unitário × fator arredondado ao centavo antes de multiplicar pela quantidade
    (100 × 1,58 = 158,00 para 1,37 × 1,15).

    Mesma fórmula, tolerância e arredondamentos aceitos de OD-011 (resumo, SP/SADT e
    honorários); o fator de redução ou acréscimo deve ser maior que zero. Unitário e total zero
    são aceitos (valor contratual); a quantidade positiva é verificada por GEN-004.
    """
    tolerance = guia.profile.money_tolerance
    for item in items(guia).procedimentos:
        fator = item.number("reducaoAcrescimo")
        if fator is not None and fator <= 0:
            yield Hit(
                item.get("reducaoAcrescimo"),
                f"Fator de redução/acréscimo {item.label('de')} é {number(fator)}; deve "
                "ser maior que zero (1,00 quando não há redução nem acréscimo).",
                ctx={"found": fator, "limit": Decimal(0)},
            )
            continue
        if item.number("valorUnitario") == 0:
            total = item.number("valorTotal")
            if total is not None and total != 0:
                yield Hit(
                    item.get("valorTotal"),
                    f"Valor total {item.label('de')} é {brl(total)}, mas o valor "
                    "unitário é R$ 0,00; com unitário zero o total também é zero.",
                    ctx={"found": total, "expected": Decimal(0)},
                )
            continue
        hit = line_total_hit(item, 0, tolerance)
        if hit is not None:
            yield hit


@rule(
    "TOT-010",
    Severity.ERROR,
    area="TOT",
    title="Total de honorários",
    scope=Scope.GUIA,
    guia_types=("guiaHonorarios",),
)
def total_honorarios(guia: GuiaContext) -> Iterator[Hit]:
    """O valor total de honorários é a soma dos valores totais dos procedimentos realizados."""
    if guia.kind != "guiaHonorarios":
        return
    fields = section(guia, ".")
    value = fields.number("valorTotalHonorarios")
    expected, count = _sum(items(guia).procedimentos)
    if value is not None and value != expected:
        yield Hit(
            fields.get("valorTotalHonorarios"),
            f"Valor total de honorários é {brl(value)}, mas a soma dos {count} procedimentos "
            f"realizados é {brl(expected)}.",
            ctx={"found": value, "expected": expected, "count": count},
        )


@rule(
    "TOT-011",
    Severity.ERROR,
    area="TOT",
    title="Valor da consulta",
    scope=Scope.GUIA,
    guia_types=("guiaConsulta",),
)
def valor_consulta(guia: GuiaContext) -> Iterator[Hit]:
    """O valor do procedimento da consulta não pode ser negativo (zero é aceito: valor contratual).

    A guia de consulta não tem bloco de totais nem outras despesas: taxas ou materiais de uma
    consulta são cobrados em guia SP/SADT.
    """
    if guia.kind != "guiaConsulta":
        return
    fields = section(guia, "dadosAtendimento/procedimento")
    value = fields.number("valorProcedimento")
    if value is not None and value < 0:
        yield Hit(
            fields.get("valorProcedimento"),
            f"Valor do procedimento da consulta é {brl(value)}; não pode ser negativo.",
            ctx={"found": value, "limit": Decimal(0)},
        )


_MONEY_NAMES = {"valorUnitario": "Valor unitário", "valorTotal": "Valor total"}
_BLOCK_FIELDS = {**_FIELDS, "valorTotalGeral": "Total geral"}
"""Money fields of the valor total block (anything else in it is the XSD's to report)."""


def _limit_hit(
    element: etree._Element | None, description: str, amount: Decimal, digits: int, note: str
) -> Hit | None:
    if amount < 0:
        return Hit(
            element,
            f"{description} é {brl(amount)}; não pode ser negativo.",
            ctx={"found": amount, "limit": Decimal(0)},
        )
    # The XSD's totalDigits facet, counted as libxml2 counts it, not a value ceiling.
    if total_digits(amount) > digits:
        return Hit(
            element,
            f"{description} é {brl(amount)} e não cabe no campo{note}: "
            f"{digits_error(amount, digits, 2)}.",
            ctx={"found": amount, "total_digits": digits, "fraction_digits": 2},
        )
    return None


def _guia_money(guia: GuiaContext) -> Iterator[tuple[Fields, str, str, bool]]:
    """The guia-level money fields: (their section, name, description, has the item width)."""
    if guia.kind in _WITH_TOTAL_BLOCK:
        block = section(guia, "valorTotal")
        for name, description in _BLOCK_FIELDS.items():
            yield block, name, description, False
    elif guia.kind == "guiaHonorarios":
        yield section(guia, "."), "valorTotalHonorarios", "Valor total de honorários", False
    elif guia.kind == "guiaConsulta":
        procedimento = section(guia, "dadosAtendimento/procedimento")
        yield procedimento, "valorProcedimento", "Valor do procedimento da consulta", True


@rule(
    "TOT-012",
    Severity.ERROR,
    area="TOT",
    title="Valores não negativos e no limite",
    scope=Scope.GUIA,
)
def limites_monetarios(guia: GuiaContext) -> Iterator[Hit]:
    """Valores monetários não podem ser negativos nem exceder o tamanho do campo na versão.

    O tamanho é o do XSD: número de algarismos (totalDigits), sem contar zeros no fim dos
    centavos, e não um valor máximo. Itens (valor unitário e total, valor da consulta): 8
    algarismos na 4.01.00 (st_decimal8-2; R$ 1.200.000,00 cabe, R$ 1.234.567,89 não) e 10 a
    partir da 4.02.00; totais da guia: 10 algarismos (st_decimal10-2) em todas as versões.
    """
    version = guia.message.version
    narrow = version is not None and version < "4.02.00"
    item_digits = _ITEM_DIGITS_4_01 if narrow else _TOTAL_DIGITS
    item_note = f" na versão {version}" if narrow else ""
    sure = _fits_for_sure(item_digits)
    for item in items(guia).all:
        for name in ("valorUnitario", "valorTotal"):
            amount = item.number(name)
            if amount is not None and not 0 <= amount < sure:
                description = f"{_MONEY_NAMES[name]} {item.label('de')}"
                hit = _limit_hit(item.get(name), description, amount, item_digits, item_note)
                if hit is not None:
                    yield hit
    for fields, name, description, item_width in _guia_money(guia):
        amount = fields.number(name)
        if amount is None:
            continue
        digits, note = (item_digits, item_note) if item_width else (_TOTAL_DIGITS, "")
        hit = _limit_hit(fields.get(name), description, amount, digits, note)
        if hit is not None:
            yield hit
