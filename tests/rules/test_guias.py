"""Rules CON-001..004, SADT-001..009 and HON-001: consulta, SP/SADT and honorários."""

from __future__ import annotations

import pytest

from tests.rules.conftest import (
    Case,
    assert_silent_on_fixtures,
    check,
    findings,
    inserting,
    load,
    of,
    removing,
    set_text,
    setting,
    steps,
)
from tissbill.validation.findings import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
CODES = [
    *(f"CON-{n:03d}" for n in range(1, 5)),
    *(f"SADT-{n:03d}" for n in range(1, 10)),
    "HON-001",
]

CON = "//ans:guiaConsulta[1]"
CON_AT = f"{CON}/ans:dadosAtendimento"
SADT = "//ans:guiaSP-SADT"
SADT_AT = f"{SADT}/ans:dadosAtendimento"
SADT_PE = f"{SADT}/ans:procedimentosExecutados/ans:procedimentoExecutado"
SADT_AUT = f"{SADT}/ans:dadosAutorizacao"
HON_DI = "//ans:guiaHonorarios/ans:dadosInternacao"
HON_PR = "//ans:procedimentoRealizado"

CASES = [
    Case("CON-001 tipo de consulta vazio", "consulta", setting(f"{CON_AT}/ans:tipoConsulta", ""),
         "CON-001", ERROR, CON_AT),
    Case("CON-001 sem indicação de acidente", "consulta", removing(f"{CON}/ans:indicacaoAcidente"),
         "CON-001", ERROR, CON),
    Case("CON-002 pronto-socorro", "consulta", setting(f"{CON_AT}/ans:regimeAtendimento", "04"),
         "CON-002", WARNING, f"{CON_AT}/ans:regimeAtendimento"),
    Case("CON-003 tabela de pacote", "consulta",
         setting(f"{CON_AT}/ans:procedimento/ans:codigoTabela", "98"),
         "CON-003", INFO, f"{CON_AT}/ans:procedimento/ans:codigoTabela"),
    Case("CON-003 código que não é de consulta", "consulta",
         setting(f"{CON_AT}/ans:procedimento/ans:codigoProcedimento", "40301010"),
         "CON-003", INFO, f"{CON_AT}/ans:procedimento/ans:codigoProcedimento"),
    Case("CON-004 cobertura especial em internação", "consulta",
         steps(inserting(CON_AT, "coberturaEspecial", "02"),
               setting(f"{CON_AT}/ans:regimeAtendimento", "03")),
         "CON-004", INFO, f"{CON_AT}/ans:coberturaEspecial"),
    Case("CON-004 saúde ocupacional em pronto-socorro", "consulta",
         steps(inserting(CON_AT, "saudeOcupacional", "01", after="regimeAtendimento"),
               setting(f"{CON_AT}/ans:regimeAtendimento", "04")),
         "CON-004", INFO, f"{CON_AT}/ans:saudeOcupacional"),
    Case("SADT-001 consulta sem tipo de consulta", "sadt",
         setting(f"{SADT_AT}/ans:tipoAtendimento", "04"),
         "SADT-001", ERROR, f"{SADT_AT}/ans:tipoAtendimento"),
    Case("SADT-001 tipo de consulta em exame", "sadt",
         inserting(SADT_AT, "tipoConsulta", "1", after="indicacaoAcidente"),
         "SADT-001", WARNING, f"{SADT_AT}/ans:tipoConsulta"),
    Case("SADT-002 tipo 05 retirado", "sadt", setting(f"{SADT_AT}/ans:tipoAtendimento", "05"),
         "SADT-002", ERROR, f"{SADT_AT}/ans:tipoAtendimento"),
    Case("SADT-003 motivo sem óbito", "sadt",
         inserting(SADT_AT, "motivoEncerramento", "11", after="indicacaoAcidente"),
         "SADT-003", ERROR, f"{SADT_AT}/ans:motivoEncerramento"),
    Case("SADT-004 urgência sem horas", "sadt",
         setting(f"{SADT}/ans:dadosSolicitacao/ans:caraterAtendimento", "2"),
         "SADT-004", WARNING, f"{SADT_PE}[2]"),
    Case("SADT-005 guia principal é a própria", "sadt",
         inserting(f"{SADT}/ans:cabecalhoGuia", "guiaPrincipal", "SADT-2026-000873",
                   after="numeroGuiaPrestador"),
         "SADT-005", INFO, f"{SADT}/ans:cabecalhoGuia/ans:guiaPrincipal"),
    Case("SADT-006 execução antes da autorização", "sadt",
         setting("//ans:despesa[2]/ans:servicosExecutados/ans:dataExecucao", "2026-10-11"),
         "SADT-006", WARNING, "//ans:despesa[2]/ans:servicosExecutados/ans:dataExecucao"),
    Case("SADT-006 execução depois da validade da senha", "sadt",
         setting(f"{SADT_PE}[2]/ans:dataExecucao", "2026-11-12"),
         "SADT-006", WARNING, f"{SADT_PE}[2]/ans:dataExecucao"),
    Case("SADT-007 equipe sem grau de participação", "sadt",
         removing(f"{SADT_PE}[1]/ans:equipeSadt[2]/ans:grauPart"),
         "SADT-007", WARNING, f"{SADT_PE}[1]/ans:equipeSadt[2]"),
    Case("SADT-008 regime inexistente", "sadt", setting(f"{SADT_AT}/ans:regimeAtendimento", "06"),
         "SADT-008", ERROR, f"{SADT_AT}/ans:regimeAtendimento"),
    Case("SADT-008 regime ausente", "sadt", removing(f"{SADT_AT}/ans:regimeAtendimento"),
         "SADT-008", ERROR, SADT_AT),
    Case("SADT-009 código de solicitante desconhecido", "sadt",
         setting("//ans:contratadoSolicitante/ans:codigoPrestadorNaOperadora", "99999999999999"),
         "SADT-009", INFO, "//ans:contratadoSolicitante/ans:codigoPrestadorNaOperadora"),
    Case("SADT-009 CBO desconhecido", "sadt",
         setting("//ans:profissionalSolicitante/ans:CBOS", "999999"),
         "SADT-009", INFO, "//ans:profissionalSolicitante/ans:CBOS"),
    Case("HON-001 fim antes do início", "honorarios",
         setting(f"{HON_DI}/ans:dataFimFaturamento", "2026-10-04"),
         "HON-001", ERROR, f"{HON_DI}/ans:dataFimFaturamento"),
    Case("HON-001 procedimento fora do período", "honorarios",
         setting(f"{HON_PR}[2]/ans:dataExecucao", "2026-10-09"),
         "HON-001", ERROR, f"{HON_PR}[2]/ans:dataExecucao"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_fires_at_offending_element(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("code", CODES)
def test_valid_fixtures_pass(code: str) -> None:
    assert_silent_on_fixtures(code)


def test_every_rule_has_a_firing_case() -> None:
    assert {c.code for c in CASES} == set(CODES)


def test_con_rules_label_the_right_guia_of_a_two_guia_lote() -> None:
    root = load("consulta")
    set_text(root, "//ans:guiaConsulta[2]/ans:dadosAtendimento/ans:regimeAtendimento", "04")
    (hit,) = of(findings(root), "CON-002")
    assert hit.guia == "100000000000000452"


def test_sadt006_urgent_items_before_authorization_pass() -> None:
    root = load("sadt")
    set_text(root, f"{SADT}/ans:dadosSolicitacao/ans:caraterAtendimento", "2")
    set_text(root, f"{SADT_PE}[2]/ans:dataExecucao", "2026-10-11")
    assert of(findings(root), "SADT-006") == []


def test_sadt007_team_on_zero_valued_procedure_passes() -> None:
    root = load("sadt")
    set_text(root, f"{SADT_PE}[1]/ans:valorUnitario", "0.00")
    set_text(root, f"{SADT_PE}[1]/ans:valorTotal", "0.00")
    steps(removing(f"{SADT_PE}[1]/ans:equipeSadt[2]/ans:grauPart"))(root)
    assert of(findings(root), "SADT-007") == []
