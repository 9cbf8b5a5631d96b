"""Rules RI-001..RI-020: resumo de internação."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.rules.conftest import (
    Case,
    Mutation,
    add_guia,
    assert_silent_on_fixtures,
    at,
    check,
    findings,
    insert,
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
from tissbill.xml.namespaces import NSMAP, q

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
CODES = [f"RI-{n:03d}" for n in range(1, 21)]

RI = "//ans:guiaResumoInternacao"
RI2 = "//ans:guiaResumoInternacao[2]"
DI = f"{RI}/ans:dadosInternacao"
DS = f"{RI}/ans:dadosSaidaInternacao"
PE = f"{RI}/ans:procedimentosExecutados/ans:procedimentoExecutado"
OPME_DATA = f"{RI}/ans:outrasDespesas/ans:despesa[3]/ans:servicosExecutados/ans:dataExecucao"
HON_PR = "//ans:procedimentoRealizado"


def second_guia(numero: str = "RI-2026-004418", **fields: str | None) -> Mutation:
    """Add a copy of the first guia with ``fields`` changed.

    Keys are paths relative to the guia with ``__`` for ``/``
    (``dadosInternacao__tipoFaturamento``); a None value removes the element.
    """

    def apply(root: etree._Element) -> None:
        copy = add_guia(root, numero)
        for key, value in fields.items():
            path = "/".join(f"ans:{part}" for part in key.split("__"))
            if value is None:
                remove(copy, path)
            else:
                set_text(copy, path, value)

    return apply


def window(start: str, end: str) -> dict[str, str]:
    """The four dadosInternacao window fields from ``"2026-10-05 07:15:00"`` strings."""
    d1, t1 = start.split()
    d2, t2 = end.split()
    return {
        "dadosInternacao__dataInicioFaturamento": d1,
        "dadosInternacao__horaInicioFaturamento": t1,
        "dadosInternacao__dataFinalFaturamento": d2,
        "dadosInternacao__horaFinalFaturamento": t2,
    }


def declaracoes(*fields: tuple[str, str], count: int = 1) -> Mutation:
    """Insert ``count`` declaracoes groups with ``fields`` after regimeInternacao."""

    def apply(root: etree._Element) -> None:
        anchor = at(root, f"{DI}/ans:regimeInternacao")
        for _ in range(count):
            group = etree.Element(q("declaracoes"))
            for name, value in fields:
                etree.SubElement(group, q(name)).text = value
            anchor.addnext(group)
            anchor = group

    return apply


def cpf_executante(root: etree._Element) -> None:
    element = at(root, f"{RI}/ans:dadosExecutante/ans:contratadoExecutante/ans:cnpjContratado")
    element.tag = q("cpfContratado")
    element.text = "60351287426"


PARCIAL = {
    "dadosInternacao__tipoFaturamento": "1",
    "dadosSaidaInternacao__motivoEncerramento": "21",
}
FIRST_PARCIAL = steps(setting(f"{DI}/ans:tipoFaturamento", "1"),
                      setting(f"{DS}/ans:motivoEncerramento", "21"))  # fmt: skip

CASES = [
    Case("RI-001 fora da tabela 55", "resumo", setting(f"{DI}/ans:tipoFaturamento", "5"),
         "RI-001", ERROR, f"{DI}/ans:tipoFaturamento"),
    Case("RI-002 fim antes do início", "resumo",
         setting(f"{DI}/ans:dataFinalFaturamento", "2026-10-04"),
         "RI-002", ERROR, f"{DI}/ans:dataFinalFaturamento"),
    Case("RI-002 mesmo instante", "resumo",
         steps(setting(f"{DI}/ans:dataFinalFaturamento", "2026-10-05"),
               setting(f"{DI}/ans:horaFinalFaturamento", "07:15:00")),
         "RI-002", WARNING, f"{DI}/ans:dataFinalFaturamento"),
    Case("RI-003 OPME depois do fim", "resumo", setting(OPME_DATA, "2026-10-09"),
         "RI-003", ERROR, OPME_DATA),
    Case("RI-003 procedimento antes do início", "resumo",
         setting(f"{PE}[2]/ans:dataExecucao", "2026-10-04"),
         "RI-003", ERROR, f"{PE}[2]/ans:dataExecucao"),
    Case("RI-003 hora antes do início no primeiro dia", "resumo",
         setting(f"{PE}[1]/ans:horaInicial", "06:00:00"),
         "RI-003", WARNING, f"{PE}[1]/ans:horaInicial"),
    Case("RI-003 hora depois do fim no último dia", "resumo",
         steps(setting(f"{PE}[2]/ans:dataExecucao", "2026-10-08"),
               inserting(f"{PE}[2]", "horaInicial", "12:00:00", after="dataExecucao")),
         "RI-003", WARNING, f"{PE}[2]/ans:horaInicial"),
    Case("RI-004 parcial com alta", "resumo", setting(f"{DI}/ans:tipoFaturamento", "1"),
         "RI-004", WARNING, f"{DS}/ans:motivoEncerramento"),
    Case("RI-004 total com permanência", "resumo", setting(f"{DS}/ans:motivoEncerramento", "21"),
         "RI-004", WARNING, f"{DS}/ans:motivoEncerramento"),
    Case("RI-004 parcial com encerramento administrativo", "resumo",
         steps(setting(f"{DI}/ans:tipoFaturamento", "1"),
               setting(f"{DS}/ans:motivoEncerramento", "51")),
         "RI-004", INFO, f"{DS}/ans:motivoEncerramento"),
    Case("RI-004 complementar com outro motivo", "resumo",
         second_guia(dadosInternacao__tipoFaturamento="3",
                     dadosSaidaInternacao__motivoEncerramento="12"),
         "RI-004", WARNING, f"{RI2}/ans:dadosSaidaInternacao/ans:motivoEncerramento"),
    Case("RI-005 motivo 17", "resumo", setting(f"{DS}/ans:motivoEncerramento", "17"),
         "RI-005", ERROR, f"{DS}/ans:motivoEncerramento"),
    Case("RI-005 motivo 19", "resumo", setting(f"{DS}/ans:motivoEncerramento", "19"),
         "RI-005", INFO, f"{DS}/ans:motivoEncerramento"),
    Case("RI-006 saída obstétrica em internação cirúrgica", "resumo",
         setting(f"{DS}/ans:motivoEncerramento", "64"),
         "RI-006", WARNING, f"{DI}/ans:tipoInternacao"),
    Case("RI-007 óbito 41 sem declaração", "resumo", setting(f"{DS}/ans:motivoEncerramento", "41"),
         "RI-007", ERROR, f"{DS}/ans:motivoEncerramento"),
    Case("RI-007 óbito do recém-nascido sem DO de RN", "resumo",
         steps(setting(f"{DS}/ans:motivoEncerramento", "63"),
               setting(f"{DI}/ans:tipoInternacao", "3"),
               declaracoes(("declaracaoNascido", "32165498701"))),
         "RI-007", WARNING, f"{DS}/ans:motivoEncerramento"),
    Case("RI-008 óbito sem indicador", "resumo",
         steps(setting(f"{DS}/ans:motivoEncerramento", "41"),
               declaracoes(("declaracaoObito", "21458796300"))),
         "RI-008", ERROR, f"{DI}/ans:declaracoes"),
    Case("RI-008 indicador sem óbito", "resumo", declaracoes(("indicadorDORN", "N")),
         "RI-008", WARNING, f"{DI}/ans:declaracoes/ans:indicadorDORN"),
    Case("RI-009 nascido vivo em internação cirúrgica", "resumo",
         declaracoes(("declaracaoNascido", "32165498701")),
         "RI-009", WARNING, f"{DI}/ans:declaracoes/ans:declaracaoNascido"),
    Case("RI-009 parto sem declaração de nascido vivo", "resumo",
         steps(setting(f"{DS}/ans:motivoEncerramento", "61"),
               setting(f"{DI}/ans:tipoInternacao", "3")),
         "RI-009", WARNING, f"{DS}/ans:motivoEncerramento"),
    Case("RI-010 grupo vazio", "resumo", declaracoes(), "RI-010", WARNING, f"{DI}/ans:declaracoes"),
    Case("RI-010 diagnóstico de óbito sem declaração", "resumo",
         declaracoes(("diagnosticoObito", "I219")),
         "RI-010", WARNING, f"{DI}/ans:declaracoes/ans:diagnosticoObito"),
    Case("RI-010 mais de 8 grupos", "resumo",
         steps(setting(f"{DS}/ans:motivoEncerramento", "41"),
               declaracoes(("declaracaoObito", "21458796300"), ("indicadorDORN", "N"), count=9)),
         "RI-010", ERROR, f"{DI}/ans:declaracoes[9]"),
    Case("RI-011 CID com ponto", "resumo", setting(f"{DS}/ans:diagnostico", "K80.2"),
         "RI-011", WARNING, f"{DS}/ans:diagnostico"),
    Case("RI-011 CID repetido", "resumo", inserting(DS, "diagnostico", "K802"),
         "RI-011", ERROR, f"{DS}/ans:diagnostico[2]"),
    Case("RI-012 mesma solicitação, outra carteira", "resumo",
         second_guia(dadosBeneficiario__numeroCarteira="0064782300015"),
         "RI-012", WARNING, f"{RI2}/ans:dadosBeneficiario/ans:numeroCarteira"),
    Case("RI-012 honorários da mesma solicitação, outra carteira", "honorarios",
         second_guia("HON-2026-000563", beneficiario__numeroCarteira="0064782300015"),
         "RI-012", WARNING, "//ans:guiaHonorarios[2]/ans:beneficiario/ans:numeroCarteira"),
    Case("RI-013 validade antes da autorização", "resumo",
         setting(f"{RI}/ans:dadosAutorizacao/ans:dataValidadeSenha", "2026-09-20"),
         "RI-013", WARNING, f"{RI}/ans:dadosAutorizacao/ans:dataValidadeSenha"),
    Case("RI-013 eletiva autorizada depois do início", "resumo",
         setting(f"{RI}/ans:dadosAutorizacao/ans:dataAutorizacao", "2026-10-06"),
         "RI-013", WARNING, f"{RI}/ans:dadosAutorizacao/ans:dataAutorizacao"),
    Case("RI-014 complementar com outro período", "resumo",
         second_guia(dadosInternacao__tipoFaturamento="3",
                     **window("2026-10-05 07:15:00", "2026-10-07 11:40:00")),
         "RI-014", WARNING, f"{RI2}/ans:dadosInternacao"),
    Case("RI-015 parciais sobrepostas", "resumo",
         steps(FIRST_PARCIAL,
               second_guia(**PARCIAL, **window("2026-10-07 00:00:00", "2026-10-10 00:00:00"))),
         "RI-015", ERROR, f"{RI2}/ans:dadosInternacao"),
    Case("RI-015 total junto de parcial", "resumo",
         second_guia(**PARCIAL, **window("2026-10-09 00:00:00", "2026-10-12 00:00:00")),
         "RI-015", WARNING, f"{RI2}/ans:dadosInternacao"),
    Case("RI-015 final antes da parcial", "resumo",
         steps(FIRST_PARCIAL,
               second_guia(dadosInternacao__tipoFaturamento="2",
                           **window("2026-10-01 00:00:00", "2026-10-04 00:00:00"))),
         "RI-015", WARNING, f"{RI2}/ans:dadosInternacao"),
    Case("RI-016 sem itens", "resumo",
         steps(removing(f"{RI}/ans:procedimentosExecutados"), removing(f"{RI}/ans:outrasDespesas")),
         "RI-016", WARNING, RI),
    Case("RI-016 total geral zero", "resumo",
         setting(f"{RI}/ans:valorTotal/ans:valorTotalGeral", "0.00"),
         "RI-016", WARNING, f"{RI}/ans:valorTotal/ans:valorTotalGeral"),
    Case("RI-017 executante por CPF", "resumo", cpf_executante, "RI-017", WARNING,
         f"{RI}/ans:dadosExecutante/ans:contratadoExecutante/ans:cpfContratado"),
    Case("RI-018 urgência sem horas", "resumo", setting(f"{DI}/ans:caraterAtendimento", "2"),
         "RI-018", WARNING, f"{PE}[2]"),
    Case("RI-018 hora final antes da inicial", "resumo",
         setting(f"{PE}[1]/ans:horaFinal", "08:00:00"),
         "RI-018", WARNING, f"{PE}[1]/ans:horaFinal"),
    Case("RI-019 cirurgia sem via de acesso", "resumo", removing(f"{PE}[1]/ans:viaAcesso"),
         "RI-019", INFO, f"{PE}[1]"),
    Case("RI-019 honorários sem técnica", "honorarios",
         removing(f"{HON_PR}[2]/ans:tecnicaUtilizada"), "RI-019", INFO, f"{HON_PR}[2]"),
    Case("RI-020 cirurgia sem equipe", "resumo",
         steps(removing(f"{PE}[1]/ans:identEquipe[2]"), removing(f"{PE}[1]/ans:identEquipe")),
         "RI-020", WARNING, f"{PE}[1]"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_fires_at_offending_element(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("code", CODES)
def test_valid_fixtures_pass(code: str) -> None:
    assert_silent_on_fixtures(code)


def test_every_rule_has_a_firing_case() -> None:
    assert {c.code for c in CASES} == set(CODES)


def _codes_after(*mutations: Mutation, code: str) -> list[Severity]:
    root = load("resumo")
    steps(*mutations)(root)
    return [f.severity for f in of(findings(root), code)]


def test_ri015_touching_parciais_and_other_prestador_totals_pass() -> None:
    consecutive = second_guia(**PARCIAL, **window("2026-10-08 11:40:00", "2026-10-12 00:00:00"))
    assert _codes_after(FIRST_PARCIAL, consecutive, code="RI-015") == []

    def other_prestador(root: etree._Element) -> None:
        copy = add_guia(root, "RI-2026-004418")
        set_text(copy, ".//ans:cnpjContratado", "27183946000197")

    assert _codes_after(other_prestador, code="RI-015") == []


def test_ri014_complementar_with_the_same_window_passes() -> None:
    complementar = second_guia(dadosInternacao__tipoFaturamento="3")
    assert _codes_after(complementar, code="RI-014") == []
    assert _codes_after(complementar, code="RI-004") == []


def test_ri014_complementar_alone_in_the_lote_is_not_checked() -> None:
    assert _codes_after(setting(f"{DI}/ans:tipoFaturamento", "3"), code="RI-014") == []


def test_ri007_obito_with_declaration_and_indicator_passes() -> None:
    mutations = (
        setting(f"{DS}/ans:motivoEncerramento", "41"),
        declaracoes(("declaracaoObito", "21458796300"), ("indicadorDORN", "N")),
    )
    for code in ("RI-007", "RI-008", "RI-010"):
        assert _codes_after(*mutations, code=code) == []


def test_ri003_message_names_item_dates_and_window() -> None:
    root = load("resumo")
    set_text(root, OPME_DATA, "2026-10-09")
    (hit,) = of(findings(root), "RI-003")
    assert hit.message == (
        "Data de execução da despesa (sequencial 5) é 09/10/2026, fora do período de "
        "faturamento (05/10/2026 07:15:00 a 08/10/2026 11:40:00)."
    )


# --- properties ----------------------------------------------------------------------------

ITEM_DATES = (
    ".//ans:procedimentoExecutado/ans:dataExecucao | .//ans:servicosExecutados/ans:dataExecucao"
)
days = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 10, 31))
times = st.times().map(lambda t: t.replace(microsecond=0))


def _with_window(start: dt.datetime, end: dt.datetime) -> etree._Element:
    root = load("resumo")
    for name, value in window(f"{start:%Y-%m-%d %H:%M:%S}", f"{end:%Y-%m-%d %H:%M:%S}").items():
        set_text(root, f"{RI}/ans:{name.replace('__', '/ans:')}", value)
    return root


@settings(max_examples=80, deadline=None)
@given(start_day=days, start_time=times, length=st.integers(0, 40), end_time=times,
       offset=st.integers(-10, 50))  # fmt: skip
def test_ri003_errors_exactly_when_item_date_is_outside_the_window(
    start_day: dt.date, start_time: dt.time, length: int, end_time: dt.time, offset: int
) -> None:
    start = dt.datetime.combine(start_day, start_time)
    end = dt.datetime.combine(start_day + dt.timedelta(days=length), end_time)
    assume(start <= end)
    root = _with_window(start, end)
    item_day = start_day + dt.timedelta(days=offset)
    dates = root.xpath(ITEM_DATES, namespaces=NSMAP)
    assert isinstance(dates, list)
    for element in dates:
        assert isinstance(element, etree._Element)
        element.text = item_day.isoformat()
    errors = [f for f in of(findings(root), "RI-003") if f.severity is ERROR]
    outside = not start.date() <= item_day <= end.date()
    assert len(errors) == (len(dates) if outside else 0)


@settings(max_examples=60, deadline=None)
@given(start_day=days, start_time=times, end_day=days, end_time=times)
def test_ri002_grades_inverted_and_equal_windows(
    start_day: dt.date, start_time: dt.time, end_day: dt.date, end_time: dt.time
) -> None:
    start = dt.datetime.combine(start_day, start_time)
    end = dt.datetime.combine(end_day, end_time)
    severities = [f.severity for f in of(findings(_with_window(start, end)), "RI-002")]
    expected = [ERROR] if start > end else [WARNING] if start == end else []
    assert severities == expected


def test_ri002_equal_instants_is_a_warning_example() -> None:
    instant = dt.datetime(2026, 10, 5, 7, 15)
    assert [f.severity for f in of(findings(_with_window(instant, instant)), "RI-002")] == [WARNING]


def test_insert_helper_keeps_schema_order() -> None:
    root = load("resumo")
    element = insert(root, f"{PE}[2]", "horaInicial", "08:00:00", after="dataExecucao")
    previous = element.getprevious()
    assert previous is not None and previous.tag == q("dataExecucao")
