"""Rules TOT-001..TOT-012: the valor total block, line totals and money limits."""

from __future__ import annotations

from copy import deepcopy
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.rules.conftest import (
    Case,
    assert_silent_on_fixtures,
    at,
    check,
    findings,
    inserting,
    load,
    of,
    removing,
    set_text,
    setting,
)
from tissbill.validation.findings import Severity
from tissbill.xml.namespaces import q

ERROR = Severity.ERROR
CODES = [f"TOT-{n:03d}" for n in range(1, 13)]

RI_VT = "//ans:guiaResumoInternacao/ans:valorTotal"
SADT_VT = "//ans:guiaSP-SADT/ans:valorTotal"
RI_PE = "//ans:guiaResumoInternacao/ans:procedimentosExecutados/ans:procedimentoExecutado"
HON_PR = "//ans:procedimentosRealizados/ans:procedimentoRealizado"
CONSULTA_VALOR = "//ans:guiaConsulta[1]/ans:dadosAtendimento/ans:procedimento/ans:valorProcedimento"
OPME_SERV = "//ans:despesa[3]/ans:servicosExecutados"


def vt(field: str, block: str = RI_VT) -> str:
    return f"{block}/ans:{field}"


CASES = [
    Case("TOT-001 soma divergente", "resumo", setting(vt("valorProcedimentos"), "1300.00"),
         "TOT-001", ERROR, vt("valorProcedimentos")),
    Case("TOT-001 ausente com procedimentos", "sadt", removing(vt("valorProcedimentos", SADT_VT)),
         "TOT-001", ERROR, SADT_VT),
    Case("TOT-001 valor sem procedimentos", "resumo",
         removing("//ans:guiaResumoInternacao/ans:procedimentosExecutados"),
         "TOT-001", ERROR, vt("valorProcedimentos")),
    Case("TOT-002 diárias", "resumo", setting(vt("valorDiarias"), "1400.00"),
         "TOT-002", ERROR, vt("valorDiarias")),
    Case("TOT-003 taxas ausente", "resumo", removing(vt("valorTaxasAlugueis")),
         "TOT-003", ERROR, RI_VT),
    Case("TOT-004 materiais", "sadt", setting(vt("valorMateriais", SADT_VT), "30.07"),
         "TOT-004", ERROR, vt("valorMateriais", SADT_VT)),
    Case("TOT-005 medicamentos", "sadt", setting(vt("valorMedicamentos", SADT_VT), "13.39"),
         "TOT-005", ERROR, vt("valorMedicamentos", SADT_VT)),
    Case("TOT-006 OPME", "resumo", setting(vt("valorOPME"), "274.00"),
         "TOT-006", ERROR, vt("valorOPME")),
    Case("TOT-007 gases", "resumo", setting(vt("valorGasesMedicinais"), "35.95"),
         "TOT-007", ERROR, vt("valorGasesMedicinais")),
    Case("TOT-007 gases sem itens", "sadt",
         inserting(SADT_VT, "valorGasesMedicinais", "10.00", after="valorMedicamentos"),
         "TOT-007", ERROR, vt("valorGasesMedicinais", SADT_VT)),
    Case("TOT-008 total geral", "resumo", setting(vt("valorTotalGeral"), "3565.45"),
         "TOT-008", ERROR, vt("valorTotalGeral")),
    Case("TOT-008 soma dos itens diverge do total geral", "sadt",
         setting("//ans:despesa[1]/ans:servicosExecutados/ans:valorTotal", "31.70"),
         "TOT-008", ERROR, vt("valorTotalGeral", SADT_VT)),
    Case("TOT-009 total do procedimento", "resumo", setting(f"{RI_PE}[2]/ans:valorTotal", "180.00"),
         "TOT-009", ERROR, f"{RI_PE}[2]/ans:valorTotal"),
    Case("TOT-009 honorários com fator", "honorarios",
         setting(f"{HON_PR}[2]/ans:valorTotal", "1200.00"),
         "TOT-009", ERROR, f"{HON_PR}[2]/ans:valorTotal"),
    Case("TOT-009 fator zero", "sadt",
         setting("//ans:procedimentoExecutado[2]/ans:reducaoAcrescimo", "0.00"),
         "TOT-009", ERROR, "//ans:procedimentoExecutado[2]/ans:reducaoAcrescimo"),
    Case("TOT-009 unitário zero com total", "resumo",
         setting(f"{RI_PE}[2]/ans:valorUnitario", "0.00"),
         "TOT-009", ERROR, f"{RI_PE}[2]/ans:valorTotal"),
    Case("TOT-010 honorários", "honorarios", setting("//ans:valorTotalHonorarios", "1500.00"),
         "TOT-010", ERROR, "//ans:valorTotalHonorarios"),
    Case("TOT-011 consulta negativa", "consulta", setting(CONSULTA_VALOR, "-150.00"),
         "TOT-011", ERROR, CONSULTA_VALOR),
    Case("TOT-012 unitário negativo", "sadt",
         setting("//ans:despesa[1]/ans:servicosExecutados/ans:valorUnitario", "-15.35"),
         "TOT-012", ERROR, "//ans:despesa[1]/ans:servicosExecutados/ans:valorUnitario"),
    Case("TOT-012 item acima de 8-2 na 4.01", "resumo",
         setting(f"{RI_PE}[1]/ans:valorUnitario", "1234567.89"),
         "TOT-012", ERROR, f"{RI_PE}[1]/ans:valorUnitario", version="4.01.00"),
    Case("TOT-012 consulta acima de 8-2 na 4.01", "consulta", setting(CONSULTA_VALOR, "1234567.89"),
         "TOT-012", ERROR, CONSULTA_VALOR, version="4.01.00"),
    Case("TOT-012 total acima de 10-2", "resumo", setting(vt("valorTotalGeral"), "123456789.01"),
         "TOT-012", ERROR, vt("valorTotalGeral")),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_fires_at_offending_element(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("code", CODES)
def test_valid_fixtures_pass(code: str) -> None:
    assert_silent_on_fixtures(code)


def test_every_rule_has_a_firing_case() -> None:
    assert {c.code for c in CASES} == set(CODES)


def test_tot008_message_gives_both_sums() -> None:
    root = load("resumo")
    set_text(root, vt("valorTotalGeral"), "3565.45")
    (hit,) = of(findings(root), "TOT-008")
    assert hit.message == (
        "Total geral é R$ 3.565,45, mas a soma dos totais parciais é R$ 3.565,46 e a soma de "
        "todos os procedimentos e despesas é R$ 3.565,46."
    )


def test_tot012_item_width_is_version_dependent() -> None:
    root = load("resumo")
    set_text(root, f"{RI_PE}[1]/ans:valorUnitario", "1234567.89")
    assert of(findings(root, version="4.02.00"), "TOT-012") == []
    assert of(findings(root, version="4.03.00"), "TOT-012") == []
    (hit,) = of(findings(root, version="4.01.00"), "TOT-012")
    assert "R$ 1.234.567,89" in hit.message and "st_decimal8-2" in hit.message


@pytest.mark.parametrize("version", ["4.01.00", "4.02.00", "4.03.00"])
@pytest.mark.parametrize(
    ("field", "value"),
    [
        (f"{RI_PE}[1]/ans:valorUnitario", "1200000.00"),  # 7 digits: fits st_decimal8-2
        (f"{RI_PE}[1]/ans:valorUnitario", "12345678.00"),  # 8 digits
        (vt("valorTotalGeral"), "180000000.00"),  # 9 digits: fits st_decimal10-2
        (vt("valorTotalGeral"), "9999999999"),  # 10 digits, no cents
    ],
)
def test_tot012_follows_the_xsd_digit_count_not_a_ceiling(
    field: str, value: str, version: str
) -> None:
    """Issue #11 item 9: trailing zeros of the cents do not count, as in the XSD (libxml2)."""
    root = load("resumo")
    set_text(root, field, value)
    assert of(findings(root, version=version), "TOT-012") == []


def test_zero_partial_without_items_is_accepted() -> None:
    root = load("sadt")
    insert_zero = inserting(SADT_VT, "valorOPME", "0.00", after="valorMedicamentos")
    insert_zero(root)
    assert [c for c in (f.code for f in findings(root)) if c.startswith("TOT")] == []


def test_tot009_accepts_the_unit_price_rounded_before_the_quantity() -> None:
    # 100 × round(1,37 × 1,15) = 158,00 against the exact 157,55; 158,10 is still wrong.
    root = load("honorarios")
    for field, value in (
        ("quantidadeExecutada", "100"),
        ("valorUnitario", "1.37"),
        ("reducaoAcrescimo", "1.15"),
        ("valorTotal", "158.00"),
    ):
        set_text(root, f"{HON_PR}[1]/ans:{field}", value)
    assert of(findings(root), "TOT-009") == []
    set_text(root, f"{HON_PR}[1]/ans:valorTotal", "158.10")
    assert len(of(findings(root), "TOT-009")) == 1


def test_omitted_category_whose_items_sum_to_zero_is_accepted() -> None:
    # A pacote: every procedure billed at R$ 0,00 and valorProcedimentos omitted.
    root = load("resumo")
    for n in (1, 2):
        set_text(root, f"{RI_PE}[{n}]/ans:valorUnitario", "0.00")
        set_text(root, f"{RI_PE}[{n}]/ans:valorTotal", "0.00")
    block = at(root, RI_VT)
    block.remove(at(block, "ans:valorProcedimentos"))
    set_text(root, vt("valorTotalGeral"), "2175.46")
    assert [(f.code, f.message) for f in findings(root) if f.code.startswith("TOT")] == []


def test_omitted_category_with_a_nonzero_sum_is_still_an_error() -> None:
    root = load("resumo")
    set_text(root, f"{RI_PE}[1]/ans:valorUnitario", "0.00")
    set_text(root, f"{RI_PE}[1]/ans:valorTotal", "0.00")
    block = at(root, RI_VT)
    block.remove(at(block, "ans:valorProcedimentos"))
    (hit,) = of(findings(root), "TOT-001")
    assert hit.severity is ERROR and "R$ 0,00" not in hit.message


# --- property: a totals block built from random items never triggers TOT-* ----------------

_FIELD_ORDER = [
    ("valorProcedimentos", None),
    ("valorDiarias", "05"),
    ("valorTaxasAlugueis", "07"),
    ("valorMateriais", "03"),
    ("valorMedicamentos", "02"),
    ("valorOPME", "08"),
    ("valorGasesMedicinais", "01"),
]
CENT = Decimal("0.01")

prices = st.decimals(min_value="0.00", max_value="20000.00", places=2)
factors = st.decimals(min_value="0.01", max_value="2.00", places=2)
procedures = st.tuples(st.integers(1, 99), prices, factors)
expenses = st.tuples(
    st.sampled_from(["01", "02", "03", "05", "07", "08"]),
    st.decimals(min_value="0.0001", max_value="100.0000", places=4),
    prices,
    factors,
)


def _line(item: etree._Element, quantity: str, unit: Decimal, factor: Decimal) -> Decimal:
    total = (Decimal(quantity) * unit * factor).quantize(CENT, rounding=ROUND_HALF_UP)
    for field, value in (
        ("quantidadeExecutada", quantity),
        ("reducaoAcrescimo", f"{factor:.2f}"),
        ("valorUnitario", f"{unit:.2f}"),
        ("valorTotal", f"{total:.2f}"),
    ):
        set_text(item, f"ans:{field}", value)
    return total


def build_resumo(
    procs: list[tuple[int, Decimal, Decimal]], desps: list[tuple[str, Decimal, Decimal, Decimal]]
) -> etree._Element:
    """The resumo fixture with its items replaced and its totals block recomputed."""
    root = load("resumo")
    guia = at(root, "//ans:guiaResumoInternacao")
    pe = at(guia, "ans:procedimentosExecutados")
    od = at(guia, "ans:outrasDespesas")
    proc_template, desp_template = deepcopy(pe[0]), deepcopy(od[2])
    del pe[:], od[:]
    sums: dict[str | None, Decimal] = {}
    for seq, (quantity, unit, factor) in enumerate(procs, start=1):
        item = deepcopy(proc_template)
        set_text(item, "ans:sequencialItem", str(seq))
        total = _line(item, str(quantity), unit, factor)
        sums[None] = sums.get(None, Decimal(0)) + total
        pe.append(item)
    for seq, (codigo, quantity, unit, factor) in enumerate(desps, start=len(procs) + 1):
        item = deepcopy(desp_template)
        set_text(item, "ans:sequencialItem", str(seq))
        set_text(item, "ans:codigoDespesa", codigo)
        total = _line(at(item, "ans:servicosExecutados"), f"{quantity:.4f}", unit, factor)
        sums[codigo] = sums.get(codigo, Decimal(0)) + total
        od.append(item)
    for container in (pe, od):
        if len(container) == 0:
            guia.remove(container)
    block = at(guia, "ans:valorTotal")
    del block[:]
    for field, codigo in _FIELD_ORDER:
        if codigo in sums:
            etree.SubElement(block, q(field)).text = f"{sums[codigo]:.2f}"
    etree.SubElement(block, q("valorTotalGeral")).text = f"{sum(sums.values(), Decimal(0)):.2f}"
    return root


@settings(max_examples=60, deadline=None)
@given(procs=st.lists(procedures, max_size=4), desps=st.lists(expenses, max_size=8))
def test_totals_built_from_items_never_trigger_tot_rules(
    procs: list[tuple[int, Decimal, Decimal]], desps: list[tuple[str, Decimal, Decimal, Decimal]]
) -> None:
    found = findings(build_resumo(procs, desps))
    assert [(f.code, f.message) for f in found if f.code.startswith("TOT")] == []
    assert of(found, "OD-011") == []


@settings(max_examples=40, deadline=None)
@given(
    procs=st.lists(procedures, max_size=3),
    desps=st.lists(expenses, min_size=1, max_size=6),
    index=st.integers(0, 5),
    off=st.sampled_from([Decimal("0.01"), Decimal("10.00")]),  # negatives also hit TOT-012
)
def test_any_partial_off_by_a_cent_triggers_its_rule_and_tot008(
    procs: list[tuple[int, Decimal, Decimal]],
    desps: list[tuple[str, Decimal, Decimal, Decimal]],
    index: int,
    off: Decimal,
) -> None:
    root = build_resumo(procs, desps)
    block = at(root, RI_VT)
    partials = [e for e in block if etree.QName(e).localname != "valorTotalGeral"]
    target = partials[index % len(partials)]
    target.text = f"{Decimal(target.text or '0') + off:.2f}"
    found = findings(root)
    fired = {f.code for f in found if f.code.startswith("TOT") and f.xpath}
    assert "TOT-008" in fired
    assert len(fired) == 2  # the partial's own rule and the total geral
