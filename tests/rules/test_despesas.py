"""Rules OD-001..OD-016: outras despesas and OPME."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.rules.conftest import (
    Case,
    assert_silent_on_fixtures,
    check,
    findings,
    inserting,
    load,
    of,
    remove,
    removing,
    set_text,
    setting,
    steps,
)
from tissbill.validation.findings import Severity
from tissbill.validation.profile import Profile

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
CODES = [f"OD-{n:03d}" for n in range(1, 17)]

# Despesas of the resumo fixture, in document order.
DIARIA, TAXA, OPME, MATERIAL, MEDICAMENTO, GASES = range(1, 7)


def desp(n: int, field: str | None = None, guia: str = "guiaResumoInternacao") -> str:
    path = f"//ans:{guia}/ans:outrasDespesas/ans:despesa[{n}]"
    return path if field is None else f"{path}/ans:{field}"


def serv(n: int, field: str | None = None, guia: str = "guiaResumoInternacao") -> str:
    path = desp(n, "servicosExecutados", guia)
    return path if field is None else f"{path}/ans:{field}"


def sadt_serv(n: int, field: str | None = None) -> str:
    return serv(n, field, "guiaSP-SADT")


CASES = [
    Case("OD-001 inativo 04", "resumo", setting(desp(TAXA, "codigoDespesa"), "04"),
         "OD-001", ERROR, desp(TAXA, "codigoDespesa")),
    Case("OD-001 inexistente", "sadt", setting(desp(1, "codigoDespesa", "guiaSP-SADT"), "09"),
         "OD-001", ERROR, desp(1, "codigoDespesa", "guiaSP-SADT")),
    Case("OD-002 material com tabela 20", "resumo", setting(serv(MATERIAL, "codigoTabela"), "20"),
         "OD-002", WARNING, serv(MATERIAL, "codigoTabela")),
    Case("OD-002 pacote 98", "sadt", setting(sadt_serv(2, "codigoTabela"), "98"),
         "OD-002", INFO, sadt_serv(2, "codigoTabela")),
    Case("OD-002 pacote odontológico", "resumo", setting(serv(DIARIA, "codigoTabela"), "90"),
         "OD-002", ERROR, serv(DIARIA, "codigoTabela")),
    Case("OD-002 tabela de procedimentos", "resumo", setting(serv(TAXA, "codigoTabela"), "22"),
         "OD-002", WARNING, serv(TAXA, "codigoTabela")),
    Case("OD-003 TUSS com 7 dígitos", "resumo",
         setting(serv(OPME, "codigoProcedimento"), "7476022"),
         "OD-003", WARNING, serv(OPME, "codigoProcedimento")),
    Case("OD-003 tabela própria sem prefixo", "sadt",
         steps(setting(sadt_serv(1, "codigoTabela"), "00"),
               setting(sadt_serv(1, "codigoProcedimento"), "PB23"),
               inserting(sadt_serv(1), "registroANVISA", "80145901234",
                         after="descricaoProcedimento")),
         "OD-003", INFO, sadt_serv(1, "codigoProcedimento")),
    Case("OD-004 OPME TUSS sem ANVISA, perfil estrito", "resumo",
         removing(serv(OPME, "registroANVISA")), "OD-004", ERROR, serv(OPME)),
    Case("OD-004 OPME tabela própria sem ANVISA", "resumo",
         steps(setting(serv(OPME, "codigoTabela"), "00"), removing(serv(OPME, "registroANVISA"))),
         "OD-004", ERROR, serv(OPME), Profile(anvisa_required_for_tuss=False)),
    Case("OD-004 material tabela própria sem ANVISA", "resumo",
         steps(setting(serv(MATERIAL, "codigoTabela"), "00"),
               setting(serv(MATERIAL, "codigoProcedimento"), "19000123")),
         "OD-004", WARNING, serv(MATERIAL)),
    Case("OD-004 ANVISA com 10 dígitos", "resumo",
         setting(serv(OPME, "registroANVISA"), "8014590123"),
         "OD-004", WARNING, serv(OPME, "registroANVISA")),
    Case("OD-004 ANVISA em diária", "resumo",
         inserting(serv(DIARIA), "registroANVISA", "80145901234", after="descricaoProcedimento"),
         "OD-004", INFO, serv(DIARIA, "registroANVISA")),
    Case("OD-005 OPME TUSS sem referência", "resumo",
         removing(serv(OPME, "codigoRefFabricante")), "OD-005", WARNING, serv(OPME)),
    Case("OD-005 OPME tabela própria sem referência", "resumo",
         steps(setting(serv(OPME, "codigoTabela"), "00"),
               setting(serv(OPME, "codigoRefFabricante"), "  ")),
         "OD-005", ERROR, serv(OPME)),
    Case("OD-006 OPME comprada sem AFE", "resumo", lambda root: None, "OD-006", ERROR,
         serv(OPME), Profile(opme_adquirida_pelo_prestador=True)),
    Case("OD-007 unidade inexistente", "resumo", setting(serv(DIARIA, "unidadeMedida"), "099"),
         "OD-007", ERROR, serv(DIARIA, "unidadeMedida")),
    Case("OD-007 OPME em ampolas", "resumo", setting(serv(OPME, "unidadeMedida"), "001"),
         "OD-007", INFO, serv(OPME, "unidadeMedida")),
    Case("OD-007 medicamento em metros cúbicos", "sadt",
         setting(sadt_serv(2, "unidadeMedida"), "055"),
         "OD-007", INFO, sadt_serv(2, "unidadeMedida")),
    Case("OD-008 quantidade zero", "resumo",
         setting(serv(MATERIAL, "quantidadeExecutada"), "0.0000"),
         "OD-008", ERROR, serv(MATERIAL, "quantidadeExecutada")),
    Case("OD-008 quantidade negativa", "sadt",
         setting(sadt_serv(1, "quantidadeExecutada"), "-2.0000"),
         "OD-008", ERROR, sadt_serv(1, "quantidadeExecutada")),
    Case("OD-009 fator zero", "resumo", setting(serv(DIARIA, "reducaoAcrescimo"), "0.00"),
         "OD-009", ERROR, serv(DIARIA, "reducaoAcrescimo")),
    Case("OD-009 fator negativo", "sadt", setting(sadt_serv(2, "reducaoAcrescimo"), "-1.00"),
         "OD-009", ERROR, sadt_serv(2, "reducaoAcrescimo")),
    Case("OD-010 unitário negativo", "resumo", setting(serv(GASES, "valorUnitario"), "-42.30"),
         "OD-010", ERROR, serv(GASES, "valorUnitario")),
    Case("OD-010 unitário zero com total", "resumo", setting(serv(TAXA, "valorUnitario"), "0.00"),
         "OD-010", WARNING, serv(TAXA, "valorUnitario")),
    Case("OD-011 total divergente", "sadt", setting(sadt_serv(2, "valorTotal"), "13.42"),
         "OD-011", ERROR, sadt_serv(2, "valorTotal")),
    Case("OD-012 sequencial repetido entre procedimento e despesa", "resumo",
         setting(desp(MATERIAL, "sequencialItem"), "2"),
         "OD-012", ERROR, desp(MATERIAL, "sequencialItem")),
    Case("OD-012 sequencial zero", "sadt", setting(desp(2, "sequencialItem", "guiaSP-SADT"), "0"),
         "OD-012", ERROR, desp(2, "sequencialItem", "guiaSP-SADT")),
    Case("OD-013 vínculo inexistente", "resumo", setting(desp(OPME, "itemVinculado"), "99"),
         "OD-013", ERROR, desp(OPME, "itemVinculado")),
    Case("OD-013 vínculo consigo mesma", "sadt",
         setting(desp(1, "itemVinculado", "guiaSP-SADT"), "3"),
         "OD-013", ERROR, desp(1, "itemVinculado", "guiaSP-SADT")),
    Case("OD-014 gases sem horas", "resumo", removing(serv(GASES, "horaFinal")),
         "OD-014", WARNING, serv(GASES)),
    Case("OD-014 hora final antes da inicial", "resumo",
         setting(serv(TAXA, "horaFinal"), "08:00:00"),
         "OD-014", WARNING, serv(TAXA, "horaFinal")),
    Case("OD-015 descrição em branco", "resumo",
         setting(serv(MEDICAMENTO, "descricaoProcedimento"), " \t "),
         "OD-015", ERROR, serv(MEDICAMENTO, "descricaoProcedimento")),
    Case("OD-015 caractere fora do ISO-8859-1", "sadt",
         setting(sadt_serv(1, "descricaoProcedimento"), "PINÇA “BIÓPSIA” 2,3MM"),
         "OD-015", ERROR, sadt_serv(1, "descricaoProcedimento")),
    Case("OD-016 material com referência de OPME", "resumo",
         inserting(serv(MATERIAL), "codigoRefFabricante", "VCP316", after="descricaoProcedimento"),
         "OD-016", INFO, desp(MATERIAL, "codigoDespesa")),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_fires_at_offending_element(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("code", CODES)
def test_valid_fixtures_pass(code: str) -> None:
    assert_silent_on_fixtures(code)


def test_every_rule_has_a_firing_case() -> None:
    assert {c.code for c in CASES} == set(CODES)


def test_od011_message_names_values_the_brazilian_way() -> None:
    root = load("resumo")
    set_text(root, serv(OPME, "quantidadeExecutada"), "4.0000")
    set_text(root, serv(OPME, "valorUnitario"), "1800.00")
    set_text(root, serv(OPME, "valorTotal"), "7100.00")
    (hit,) = of(findings(root), "OD-011")
    assert hit.message == (
        "Valor total da despesa (sequencial 5) é R$ 7.100,00, mas quantidade 4,0000 × valor "
        "unitário R$ 1.800,00 × fator 1,00 = R$ 7.200,00."
    )
    assert hit.guia == "RI-2026-004417"


def test_od004_tuss_opme_without_anvisa_is_optional_when_profile_allows() -> None:
    root = load("resumo")
    remove(root, serv(OPME, "registroANVISA"))
    assert of(findings(root, Profile(anvisa_required_for_tuss=False)), "OD-004") == []


def test_od005_accepts_nao_se_aplica() -> None:
    root = load("resumo")
    set_text(root, serv(OPME, "codigoRefFabricante"), "NÃO SE APLICA")
    assert of(findings(root), "OD-005") == []


def test_od006_silent_without_the_purchase_flag() -> None:
    assert of(findings(load("resumo")), "OD-006") == []


def test_od011_within_tolerance_passes_and_profile_tolerance_applies() -> None:
    root = load("resumo")
    set_text(root, serv(GASES, "valorTotal"), "35.95")  # exact value 35.955 → 35.96
    assert of(findings(root), "OD-011") == []
    set_text(root, serv(GASES, "valorTotal"), "35.90")
    assert of(findings(root, Profile(money_tolerance=Decimal("0.10"))), "OD-011") == []
    assert len(of(findings(root), "OD-011")) == 1


def test_od011_leaves_zero_unit_price_to_od010() -> None:
    root = load("resumo")
    set_text(root, serv(TAXA, "valorUnitario"), "0.00")
    assert of(findings(root), "OD-011") == []


def test_od011_accepts_the_unit_price_rounded_before_the_quantity() -> None:
    # 100 × round(1,37 × 1,15) = 100 × 1,58 = 158,00, where the exact product is 157,55.
    root = load("resumo")
    set_text(root, serv(OPME, "quantidadeExecutada"), "100.0000")
    set_text(root, serv(OPME, "valorUnitario"), "1.37")
    set_text(root, serv(OPME, "reducaoAcrescimo"), "1.15")
    set_text(root, serv(OPME, "valorTotal"), "158.00")
    assert of(findings(root), "OD-011") == []
    set_text(root, serv(OPME, "valorTotal"), "158.10")
    assert len(of(findings(root), "OD-011")) == 1


def test_od011_accepts_a_fractional_dose_within_its_own_rounding() -> None:
    # A third of a R$ 1.500,00 vial: 0,3333 × 1.500,00 = 499,95, billed 500,00.
    root = load("resumo")
    set_text(root, serv(OPME, "quantidadeExecutada"), "0.3333")
    set_text(root, serv(OPME, "valorUnitario"), "1500.00")
    set_text(root, serv(OPME, "valorTotal"), "500.00")
    assert of(findings(root), "OD-011") == []
    # 0,33335 × 1.500,00 = 500,03 is the most the quantity's rounding allows (± R$ 0,01).
    set_text(root, serv(OPME, "valorTotal"), "500.05")
    assert len(of(findings(root), "OD-011")) == 1


quantities = st.decimals(min_value="0.0001", max_value="99999.9999", places=4)
prices = st.decimals(min_value="0.01", max_value="99999.99", places=2)
factors = st.decimals(min_value="0.01", max_value="9.99", places=2)


def _set_line(q: Decimal, unit: Decimal, factor: Decimal, total: Decimal) -> list[str]:
    root = load("resumo")
    set_text(root, serv(OPME, "quantidadeExecutada"), f"{q:.4f}")
    set_text(root, serv(OPME, "valorUnitario"), f"{unit:.2f}")
    set_text(root, serv(OPME, "reducaoAcrescimo"), f"{factor:.2f}")
    set_text(root, serv(OPME, "valorTotal"), f"{total:.2f}")
    return [f.xpath or "" for f in of(findings(root), "OD-011")]


@settings(max_examples=60, deadline=None)
@given(q=quantities, unit=prices, factor=factors)
def test_half_up_total_never_triggers_od011(q: Decimal, unit: Decimal, factor: Decimal) -> None:
    total = (q * unit * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert _set_line(q, unit, factor, total) == []


@settings(max_examples=60, deadline=None)
@given(
    q=quantities,
    unit=prices,
    factor=factors,
    off=st.decimals(min_value="0.02", max_value="1000.00", places=2),
    sign=st.sampled_from([1, -1]),
)
def test_total_off_by_more_than_tolerance_always_triggers_od011(
    q: Decimal, unit: Decimal, factor: Decimal, off: Decimal, sign: int
) -> None:
    # Beyond what the accepted roundings allow: the price rounded first (half a centavo per
    # unit) and the quantity's own 4th decimal place (half of 0,0001 of the price).
    slack = Decimal("0.00005") * unit * factor + (q + Decimal("0.00005")) * Decimal("0.005")
    exact = (q * unit * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    total = exact + sign * (slack.quantize(Decimal("0.01")) + Decimal("0.02") + off)
    assert _set_line(q, unit, factor, total) == [
        "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:guiasTISS"
        "/ans:guiaResumoInternacao/ans:outrasDespesas/ans:despesa[3]"
        "/ans:servicosExecutados/ans:valorTotal"
    ]


@pytest.mark.parametrize("value", ["1E30", "NaN", "-Infinity", "1_000.00", "9" * 40, " ", "12,50"])
def test_values_that_are_not_xs_decimal_are_left_to_the_xsd(value: str) -> None:
    root = load("resumo")
    for field in ("quantidadeExecutada", "reducaoAcrescimo", "valorUnitario", "valorTotal"):
        set_text(root, serv(OPME, field), value)
    set_text(root, "//ans:valorTotal/ans:valorOPME", value)
    set_text(root, "//ans:procedimentoExecutado[1]/ans:valorTotal", value)
    found = findings(root)
    assert [f.message for f in found if f.code == "RULE-CRASH"] == []
    touched = {"OD-008", "OD-009", "OD-010", "OD-011", "TOT-006", "TOT-009", "TOT-012"}
    assert [f.code for f in found if f.code in touched] == []


def test_fifteen_digit_values_are_still_checked() -> None:
    root = load("resumo")
    set_text(root, serv(OPME, "valorTotal"), "999999999999999.99")
    assert {"OD-011", "TOT-012"} <= {f.code for f in findings(root)}
