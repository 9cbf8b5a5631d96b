"""Rules: totals (TOT-*): the valor total block, line totals and money limits.

The ct_guiaValorTotal block of resumo and SP/SADT has one field per código de despesa plus
procedimentos and the total geral; honorários has valorTotalHonorarios; consulta only the value
of its single procedure.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

from lxml import etree

from tissbill import spec
from tissbill.formatting import brl, number
from tissbill.money import digits_error, total_digits
from tissbill.spec.kinds import CONSULTA, HONORARIOS, WITH_TOTAL_BLOCK
from tissbill.validation.context import GuiaContext, spec_path
from tissbill.validation.declaration import Hit, Scope, rule
from tissbill.validation.findings import Severity
from tissbill.validation.itens import Fields, Item, items, section
from tissbill.validation.rules.despesas import DESPESAS, line_total_hits
from tissbill.versions import DEFAULT_VERSION, spec_data_dirs, supported_versions

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
    title="Total de procedimentos",
    scope=Scope.GUIA,
    guia_types=WITH_TOTAL_BLOCK,
)
def total_procedimentos(guia: GuiaContext) -> Iterator[Hit]:
    """O total de procedimentos é a soma dos valores totais dos procedimentos executados.

    Obrigatório quando os procedimentos somam mais que zero; ausente ou R$ 0,00 quando não há
    procedimentos ou todos valem R$ 0,00 (pacote).
    """
    sums = _sum(items(guia).procedimentos)
    yield from _field_hits(guia, "valorProcedimentos", sums, "procedimentos", "dos")


def _despesa_total(code: str, codigo: str, field: str, description: str) -> None:
    """Register ``code``: ``field`` of ct_guiaValorTotal is the sum of the despesas ``codigo``."""

    def check(guia: GuiaContext) -> Iterator[Hit]:
        what = f"despesas de {DESPESAS[codigo]} (código {codigo})"
        sums = _sum(tuple(d for d in items(guia).despesas if d.codigo_despesa == codigo))
        yield from _field_hits(guia, field, sums, what, "das")

    check.__doc__ = description
    check.__name__ = check.__qualname__ = f"total_{field}"
    register = rule(
        code, Severity.ERROR, title=_FIELDS[field], scope=Scope.GUIA, guia_types=WITH_TOTAL_BLOCK
    )
    register(check)


_DESPESA_TOTALS = (
    ("TOT-002", "05", "valorDiarias", "O total de diárias é a soma das despesas de código 05; "
     "ausente ou zero quando não há."),
    ("TOT-003", "07", "valorTaxasAlugueis", "O total de taxas e aluguéis é a soma das despesas "
     "de código 07; ausente ou zero sem elas."),
    ("TOT-004", "03", "valorMateriais", "O total de materiais é a soma das despesas de código "
     "03; ausente ou zero quando não há."),
    ("TOT-005", "02", "valorMedicamentos", "O total de medicamentos é a soma das despesas de "
     "código 02; ausente ou zero sem elas."),
    ("TOT-006", "08", "valorOPME", "O total de OPME é a soma das despesas de código 08; ausente "
     "ou zero quando não há."),
    ("TOT-007", "01", "valorGasesMedicinais", "O total de gases medicinais é a soma das "
     "despesas de código 01; ausente ou zero sem elas."),
)  # fmt: skip
"""One rule per category of despesa: (code, código de despesa of the items summed, the
ct_guiaValorTotal field holding their sum, the rule's description for ``tissbill rules``)."""
for _row in _DESPESA_TOTALS:
    _despesa_total(*_row)


@rule(
    "TOT-008",
    Severity.ERROR,
    title="Total geral",
    scope=Scope.GUIA,
    guia_types=WITH_TOTAL_BLOCK,
)
def total_geral(guia: GuiaContext) -> Iterator[Hit]:
    """O total geral é a soma dos totais parciais e também a soma de todos os itens da guia.

    Comparação exata em Decimal (os itens já têm duas casas decimais).
    """
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
        yield from line_total_hits(item, 0, tolerance)


@rule(
    "TOT-010",
    Severity.ERROR,
    title="Total de honorários",
    scope=Scope.GUIA,
    guia_types=(HONORARIOS,),
)
def total_honorarios(guia: GuiaContext) -> Iterator[Hit]:
    """O valor total de honorários é a soma dos valores totais dos procedimentos realizados."""
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
    title="Valor da consulta",
    scope=Scope.GUIA,
    guia_types=(CONSULTA,),
)
def valor_consulta(guia: GuiaContext) -> Iterator[Hit]:
    """O valor do procedimento da consulta não pode ser negativo (zero é aceito: valor contratual).

    A guia de consulta não tem bloco de totais nem outras despesas: taxas ou materiais de uma
    consulta são cobrados em guia SP/SADT.
    """
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


_ITEM_MONEY = ("valorUnitario", "valorTotal")
_MONEY_CHECKED = frozenset(
    {*_ITEM_MONEY, *_BLOCK_FIELDS, "valorTotalHonorarios", "valorProcedimento"}
)
"""The money fields TOT-012 checks: item values, the total block, honorários and consulta."""


_NO_LIMIT = 999
"""Stands for a checked field without totalDigits (none today): it never narrows the bound."""


def _fits_in_version(version: str | None) -> Decimal:
    return _fits_in(version, spec_data_dirs())


@cache
def _fits_in(version: str | None, _dirs: tuple[Path, ...]) -> Decimal:
    """Below this, a non-negative amount fits every checked field of ``version`` (the hot path
    skips it): from the narrowest totalDigits of the fields of those names in the spec."""
    facts = spec.for_version(version or DEFAULT_VERSION)
    digits = min(
        facts.simple_facts(type_name).get("total_digits", _NO_LIMIT)
        for name in _MONEY_CHECKED
        for type_name in facts.types_of(name)
        if facts.kind_of(type_name) == "decimal"  # valorTotal is also the total block's name
    )
    return _fits_for_sure(digits)


@cache
def _digits_at(
    version: str | None, path: str | None, _dirs: tuple[Path, ...]
) -> tuple[int, str] | None:
    """The totalDigits of the field at ``path`` in ``version`` (the spec's facet) and the note
    that names the version when it is narrower there than in the widest version; None when
    no version declares the field there."""
    if path is None:
        return None
    current = spec.for_version(version or DEFAULT_VERSION).find(path)
    widths = [
        digits
        for v in supported_versions()
        if (found := spec.for_version(v).find(path)) is not None
        and (digits := found.facets.get("total_digits")) is not None
    ]
    if not widths:
        return None
    digits = current.facets.get("total_digits") if current is not None else None
    if digits is None:
        return max(widths), ""
    narrower = version is not None and digits < max(widths)
    return digits, (f" na versão {version}" if narrower else "")


def _money_hit(
    version: str | None, element: etree._Element | None, description: str, amount: Decimal
) -> Hit | None:
    path = None if element is None else spec_path(element)
    width = _digits_at(version, path, spec_data_dirs())
    if width is None:  # not a place any version declares: only the sign is checked
        width = (_NO_LIMIT, "")
    return _limit_hit(element, description, amount, *width)


def _guia_money(guia: GuiaContext) -> Iterator[tuple[Fields, str, str]]:
    """The guia-level money fields: (their section, name, description)."""
    kind = guia.guia_kind
    if kind in WITH_TOTAL_BLOCK:
        block = section(guia, "valorTotal")
        for name, description in _BLOCK_FIELDS.items():
            yield block, name, description
    elif kind is HONORARIOS:
        yield section(guia, "."), "valorTotalHonorarios", "Valor total de honorários"
    elif kind is CONSULTA:
        procedimento = section(guia, "dadosAtendimento/procedimento")
        yield procedimento, "valorProcedimento", "Valor do procedimento da consulta"


@rule(
    "TOT-012",
    Severity.ERROR,
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
    sure = _fits_in_version(version)
    for item in items(guia).all:
        for name in _ITEM_MONEY:
            amount = item.number(name)
            if amount is not None and not 0 <= amount < sure:
                description = f"{_MONEY_NAMES[name]} {item.label('de')}"
                hit = _money_hit(version, item.get(name), description, amount)
                if hit is not None:
                    yield hit
    for fields, name, description in _guia_money(guia):
        amount = fields.number(name)
        if amount is None or 0 <= amount < sure:
            continue
        hit = _money_hit(version, fields.get(name), description, amount)
        if hit is not None:
            yield hit
