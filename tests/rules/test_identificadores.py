"""CNPJ/CPF check digits (tissbill.identifiers) and the identifier rules ID-001..ID-009."""

from __future__ import annotations

import string

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import SEEDS
from tests.rules.conftest import (
    FIXTURE_NAMES,
    at,
    findings,
    insert,
    load,
    of,
    remove,
    set_text,
    single,
)
from tissbill.identifiers import (
    IdentifierProblem,
    cnpj_check_digits,
    cnpj_is_valid,
    cnpj_problem,
    cpf_is_valid,
    cpf_problem,
)
from tissbill.validation.findings import Severity
from tissbill.validation.profile import Profile
from tissbill.xml.namespaces import TISS_NS

SEED = SEEDS
ID_CODES = tuple(f"ID-00{n}" for n in range(1, 10))

# --- Check-digit oracle --------------------------------------------------------------------------
# Written from the published description (IN RFB 2.229/2024; CPF weights 10..2 and 11..2), not
# from the code under test, so that the stdnum-based helpers are checked against the spec.


def _mod11(values: list[int], weights: list[int]) -> int:
    remainder = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return 0 if remainder < 2 else 11 - remainder


def oracle_cnpj_dv(base: str) -> str:
    values = [ord(c) - 48 for c in base]
    first = _mod11(values, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
    second = _mod11([*values, first], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
    return f"{first}{second}"


def oracle_cpf_dv(base: str) -> str:
    values = [int(c) for c in base]
    first = _mod11(values, list(range(10, 1, -1)))
    second = _mod11([*values, first], list(range(11, 1, -1)))
    return f"{first}{second}"


ALNUM = string.digits + string.ascii_uppercase
cnpj_bases = st.text(ALNUM, min_size=12, max_size=12)
numeric_cnpj_bases = st.text(string.digits, min_size=12, max_size=12)
cpf_bases = st.text(string.digits, min_size=9, max_size=9)


# --- tissbill.identifiers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "alphanumeric"),
    [
        ("11222333000181", False),
        ("00000000000191", False),  # Banco do Brasil
        ("12ABC34501DE35", True),  # Receita Federal's published alphanumeric example
        ("11222333000181", True),  # numeric CNPJs stay valid from 4.03.00 on
    ],
)
def test_published_cnpjs_are_valid(value: str, alphanumeric: bool) -> None:
    assert cnpj_is_valid(value, alphanumeric=alphanumeric)


def test_cnpj_check_digits_of_published_examples() -> None:
    assert cnpj_check_digits("112223330001") == "81"
    assert cnpj_check_digits("12ABC34501DE") == "35"


@pytest.mark.parametrize(
    ("value", "alphanumeric", "problem"),
    [
        ("30779648000113", True, IdentifierProblem.CHECK_DIGITS),  # seed CNPJ, wrong on purpose
        ("11222333000182", False, IdentifierProblem.CHECK_DIGITS),
        ("12ABC34501DE36", True, IdentifierProblem.CHECK_DIGITS),
        ("12ABC34501DE35", False, IdentifierProblem.FORMAT),  # letters before 4.03.00
        ("12abc34501de35", True, IdentifierProblem.FORMAT),  # lower case
        ("11.222.333/0001-81", True, IdentifierProblem.FORMAT),  # punctuation
        ("1122233300018", True, IdentifierProblem.FORMAT),  # 13 characters
        ("12ABC34501DEAB", True, IdentifierProblem.FORMAT),  # letters as check digits
        ("11111111111111", True, IdentifierProblem.REPEATED),
        ("00000000000000", False, IdentifierProblem.REPEATED),
    ],
)
def test_cnpj_problems(value: str, alphanumeric: bool, problem: IdentifierProblem) -> None:
    assert cnpj_problem(value, alphanumeric=alphanumeric) is problem
    assert not cnpj_is_valid(value, alphanumeric=alphanumeric)


def test_cnpj_check_digits_refuses_a_malformed_base() -> None:
    with pytest.raises(ValueError):
        cnpj_check_digits("12.ABC.345/01")


@pytest.mark.parametrize("value", ["52998224725", "11144477735", "84209356115"])
def test_published_cpfs_are_valid(value: str) -> None:
    assert cpf_is_valid(value)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("52998224726", IdentifierProblem.CHECK_DIGITS),
        ("529.982.247-25", IdentifierProblem.FORMAT),
        ("5299822472", IdentifierProblem.FORMAT),
        ("5299822472A", IdentifierProblem.FORMAT),
        ("11111111111", IdentifierProblem.REPEATED),
        ("00000000000", IdentifierProblem.REPEATED),
    ],
)
def test_cpf_problems(value: str, problem: IdentifierProblem) -> None:
    assert cpf_problem(value) is problem
    assert not cpf_is_valid(value)


@given(cnpj_bases)
def test_cnpj_check_digits_follow_the_published_algorithm(base: str) -> None:
    assert cnpj_check_digits(base) == oracle_cnpj_dv(base)


@given(cnpj_bases)
def test_cnpj_with_correct_check_digits_is_valid(base: str) -> None:
    value = base + oracle_cnpj_dv(base)
    assume(len(set(value)) > 1)
    assert cnpj_is_valid(value, alphanumeric=True)
    assert cnpj_is_valid(value, alphanumeric=False) is base.isdigit()


@given(cnpj_bases, st.integers(12, 13), st.sampled_from(string.digits))
def test_cnpj_with_a_changed_check_digit_is_invalid(base: str, position: int, digit: str) -> None:
    value = base + oracle_cnpj_dv(base)
    assume(value[position] != digit)
    changed = value[:position] + digit + value[position + 1 :]
    assert not cnpj_is_valid(changed, alphanumeric=True)


@given(cnpj_bases, st.integers(0, 11), st.sampled_from(ALNUM))
def test_cnpj_with_a_changed_base_character(base: str, position: int, char: str) -> None:
    # Modulo 11 maps remainders 0 and 1 to the same digit and, with letters (A = 17), a change
    # of 11 in a character value is invisible: a few single changes keep the check digits.
    # The change is caught exactly when the published algorithm gives other check digits.
    value = base + oracle_cnpj_dv(base)
    assume(base[position] != char)
    changed_base = base[:position] + char + base[position + 1 :]
    changed = changed_base + value[12:]
    assume(len(set(changed)) > 1)
    expected = oracle_cnpj_dv(changed_base) == value[12:]
    assert cnpj_is_valid(changed, alphanumeric=True) is expected


@given(numeric_cnpj_bases, st.integers(0, 11), st.integers(1, 9))
def test_numeric_cnpj_single_digit_change(base: str, position: int, shift: int) -> None:
    value = base + oracle_cnpj_dv(base)
    digit = str((int(base[position]) + shift) % 10)
    changed_base = base[:position] + digit + base[position + 1 :]
    changed = changed_base + value[12:]
    assume(len(set(changed)) > 1)
    assert cnpj_is_valid(changed, alphanumeric=False) is (
        oracle_cnpj_dv(changed_base) == value[12:]
    )


@given(cpf_bases)
def test_cpf_with_correct_check_digits_is_valid(base: str) -> None:
    value = base + oracle_cpf_dv(base)
    assume(len(set(value)) > 1)
    assert cpf_is_valid(value)


@given(cpf_bases, st.integers(0, 10), st.integers(1, 9))
def test_cpf_single_digit_change(base: str, position: int, shift: int) -> None:
    value = base + oracle_cpf_dv(base)
    changed = value[:position] + str((int(value[position]) + shift) % 10) + value[position + 1 :]
    assume(len(set(changed)) > 1)
    expected = position < 9 and oracle_cpf_dv(changed[:9]) == changed[9:]
    assert cpf_is_valid(changed) is expected


# --- ID rules: valid messages pass ---------------------------------------------------------------


@pytest.mark.parametrize("name", FIXTURE_NAMES)
@pytest.mark.parametrize("code", ID_CODES)
def test_valid_fixture_passes(name: str, code: str) -> None:
    assert of(findings(load(name)), code) == []


# --- ID-001 registroANS --------------------------------------------------------------------------

DESTINO = "/ans:mensagemTISS/ans:cabecalho/ans:destino/ans:registroANS"


def test_id001_destino_registro_ans_with_dash() -> None:
    root = load("resumo")
    set_text(root, DESTINO, "41976-1")
    finding = single(root, "ID-001", Severity.ERROR, DESTINO)
    assert "41976-1" in finding.message and "6 dígitos" in finding.message


def test_id001_guia_registro_ans_too_short() -> None:
    root = load("sadt")
    path = "//ans:guiaSP-SADT/ans:cabecalhoGuia/ans:registroANS"
    set_text(root, path, "41976")
    assert single(root, "ID-001", Severity.ERROR, path).guia == "SADT-2026-000873"


# --- ID-002 CNPJ ---------------------------------------------------------------------------------

CNPJ_RESUMO = "//ans:contratadoExecutante/ans:cnpjContratado"


def test_id002_wrong_check_digit() -> None:
    root = load("resumo")
    set_text(root, CNPJ_RESUMO, "34217653000148")
    finding = single(root, "ID-002", Severity.ERROR, CNPJ_RESUMO)
    assert finding.message == (
        "CNPJ 34217653000148 do contratado executante tem dígito verificador inválido; confira "
        "o número no cadastro do prestador."
    )
    assert finding.guia == "RI-2026-004417"


def test_id002_local_de_execucao_of_honorarios() -> None:
    root = load("honorarios")
    path = "//ans:cnpjLocalExecutante"
    set_text(root, path, "11111111111111")
    finding = single(root, "ID-002", Severity.ERROR, path)
    assert "local de execução" in finding.message and "iguais" in finding.message


def test_id002_punctuated_cnpj_is_a_format_error() -> None:
    root = load("sadt")
    path = "//ans:dadosExecutante/ans:contratadoExecutante/ans:cnpjContratado"
    set_text(root, path, "27.183.946/0001-97")
    assert "formato inválido" in single(root, "ID-002", Severity.ERROR, path).message


def test_id002_accepts_a_valid_alphanumeric_cnpj() -> None:
    root = load("resumo")
    set_text(root, CNPJ_RESUMO, "12ABC34501DE35")
    assert of(findings(root), "ID-002") == []


def test_id002_flags_the_seed_example_cnpj_on_its_line() -> None:
    root = etree.parse(str(SEED / "seed_opme_resumo_401.xml")).getroot()
    found = findings(root, version="4.01.00")
    (finding,) = of(found, "ID-002")
    element = at(root, CNPJ_RESUMO)
    assert finding.line == element.sourceline == 40
    assert "30779648000113" in finding.message
    assert finding.guia == "22567654"


# --- ID-003 CPF ----------------------------------------------------------------------------------


def test_id003_equipe_member_of_resumo() -> None:
    root = load("resumo")
    path = "//ans:procedimentoExecutado[1]/ans:identEquipe[2]//ans:cpfContratado"
    set_text(root, path, "36815492061")
    finding = single(root, "ID-003", Severity.ERROR, path)
    assert "CPF 36815492061 do profissional" in finding.message


def test_id003_repeated_digits_in_honorarios() -> None:
    root = load("honorarios")
    path = "//ans:procedimentoRealizado[2]//ans:cpfContratado"
    set_text(root, path, "00000000000")
    assert "iguais" in single(root, "ID-003", Severity.ERROR, path).message


# --- ID-004 CNES ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("consulta", "//ans:guiaConsulta[1]/ans:contratadoExecutante/ans:CNES"),
        ("sadt", "//ans:dadosExecutante/ans:CNES"),
        ("resumo", "//ans:dadosExecutante/ans:CNES"),
        ("honorarios", "//ans:localContratado/ans:cnes"),
        ("honorarios", "//ans:cnesContratadoExecutante"),
    ],
)
def test_id004_cnes_not_seven_digits(name: str, path: str) -> None:
    root = load(name)
    set_text(root, path, "123")
    assert "7 dígitos" in single(root, "ID-004", Severity.ERROR, path).message


def test_id004_cnes_9999999_is_a_warning() -> None:
    root = load("sadt")
    path = "//ans:dadosExecutante/ans:CNES"
    set_text(root, path, "9999999")
    assert "sem cadastro" in single(root, "ID-004", Severity.WARNING, path).message


# --- ID-005 conselho / UF / CBO ------------------------------------------------------------------

SOLICITANTE = "//ans:profissionalSolicitante"


def test_id005_cbo_outside_the_conselho_family() -> None:
    root = load("sadt")
    path = f"{SOLICITANTE}/ans:CBOS"
    set_text(root, path, "223505")  # enfermeiro, with conselho 06 (CRM)
    message = single(root, "ID-005", Severity.WARNING, path).message
    assert "CBO 223505" in message and "CRM" in message and "225xxx" in message


def test_id005_cbo_family_of_equipe_in_honorarios() -> None:
    root = load("honorarios")
    set_text(root, "//ans:procedimentoRealizado[1]//ans:conselhoProfissional", "08")  # CRO
    path = "//ans:procedimentoRealizado[1]//ans:CBO"
    assert "2232xx" in single(root, "ID-005", Severity.WARNING, path).message


def test_id005_uf_as_sigla() -> None:
    root = load("resumo")
    path = "//ans:procedimentoExecutado[1]/ans:identEquipe[1]//ans:UF"
    set_text(root, path, "SP")
    assert "use 35" in single(root, "ID-005", Severity.WARNING, path).message


def test_id005_numero_conselho_with_letters() -> None:
    root = load("consulta")
    path = "//ans:guiaConsulta[2]//ans:numeroConselhoProfissional"
    set_text(root, path, "CRM-142387")
    single(root, "ID-005", Severity.WARNING, path)


def test_id005_outros_conselhos_are_not_checked() -> None:
    root = load("sadt")
    set_text(root, f"{SOLICITANTE}/ans:conselhoProfissional", "10")
    set_text(root, f"{SOLICITANTE}/ans:CBOS", "226105")
    assert of(findings(root), "ID-005") == []


# --- ID-006 CBO 999999 ---------------------------------------------------------------------------


def test_id006_unknown_cbo_for_the_consulta_executante() -> None:
    root = load("consulta")
    path = "//ans:guiaConsulta[1]/ans:profissionalExecutante/ans:CBOS"
    set_text(root, path, "999999")
    finding = single(root, "ID-006", Severity.WARNING, path)
    assert finding.guia == "100000000000000451"
    assert of(findings(root), "ID-005") == []  # 999999 is no family mismatch


def test_id006_unknown_cbo_is_accepted_for_the_solicitante() -> None:
    root = load("sadt")
    set_text(root, f"{SOLICITANTE}/ans:CBOS", "999999")
    assert of(findings(root), "ID-006") == []


# --- ID-007 beneficiário -------------------------------------------------------------------------


def test_id007_blank_carteira() -> None:
    root = load("sadt")
    path = "//ans:dadosBeneficiario/ans:numeroCarteira"
    set_text(root, path, "   ")
    single(root, "ID-007", Severity.ERROR, path)


def test_id007_atendimento_rn_of_honorarios() -> None:
    root = load("honorarios")
    path = "//ans:beneficiario/ans:atendimentoRN"
    set_text(root, path, "X")
    assert "S (recém-nascido" in single(root, "ID-007", Severity.ERROR, path).message


def test_id007_biometric_identifier_without_tipo_ident() -> None:
    root = load("resumo")
    insert(
        root, "//ans:dadosBeneficiario", "identificadorBeneficiario", "AAEC", after="atendimentoRN"
    )
    single(root, "ID-007", Severity.ERROR, "//ans:dadosBeneficiario")


# --- ID-008 nome do profissional (consulta) ------------------------------------------------------


def test_id008_pj_contratado_without_professional_name() -> None:
    root = load("consulta")
    remove(root, "//ans:guiaConsulta[1]//ans:nomeProfissional")
    single(root, "ID-008", Severity.ERROR, "//ans:guiaConsulta[1]/ans:profissionalExecutante")


def test_id008_codigo_na_operadora_without_name_is_a_warning() -> None:
    root = load("consulta")
    cnpj = at(root, "//ans:guiaConsulta[2]/ans:contratadoExecutante/ans:cnpjContratado")
    cnpj.tag = f"{{{TISS_NS}}}codigoPrestadorNaOperadora"
    cnpj.text = "000318764"
    remove(root, "//ans:guiaConsulta[2]//ans:nomeProfissional")
    single(root, "ID-008", Severity.WARNING, "//ans:guiaConsulta[2]/ans:profissionalExecutante")


# --- ID-009 codValidacao -------------------------------------------------------------------------


def test_id009_code_and_absence_reason_together() -> None:
    root = load("sadt")
    insert(root, "//ans:dadosAutorizacao", "ausenciaCodValidacao", "01", after="dataValidadeSenha")
    insert(root, "//ans:dadosAutorizacao", "codValidacao", "A1B2C3", after="ausenciaCodValidacao")
    single(root, "ID-009", Severity.WARNING, "//ans:dadosAutorizacao/ans:codValidacao")


def test_id009_code_alone_passes() -> None:
    root = load("consulta")
    insert(root, "//ans:guiaConsulta[1]", "codValidacao", "A1B2C3", after="numeroGuiaOperadora")
    assert of(findings(root), "ID-009") == []


def test_profile_can_raise_or_silence_an_identifier_rule() -> None:
    root = load("sadt")
    set_text(root, "//ans:dadosExecutante/ans:CNES", "9999999")
    strict = Profile("rigorosa", severities={"ID-004": Severity.ERROR})
    assert [f.severity for f in of(findings(root, strict), "ID-004")] == [Severity.ERROR]
    silent = Profile("sem-cnes", severities={"ID-004": None})
    assert of(findings(root, silent), "ID-004") == []
