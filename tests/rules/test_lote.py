"""Rules of the lote envelope, LOT-001..LOT-013."""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from tests.rules.conftest import (
    FIXTURE_NAMES,
    at,
    findings,
    fixture_bytes,
    insert,
    load,
    of,
    rehash,
    remove,
    set_text,
    single,
)
from tissbill.validation import validate
from tissbill.validation.engine import run_rules
from tissbill.validation.findings import Severity
from tissbill.xml.namespaces import TISS_NS

LOT_CODES = tuple(f"LOT-{n:03d}" for n in range(1, 14))
CAB = "/ans:mensagemTISS/ans:cabecalho"
GUIAS = "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:guiasTISS"
LOTE = "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias"


def _q(local: str) -> str:
    return f"{{{TISS_NS}}}{local}"


def consulta_lote(count: int) -> etree._Element:
    """The consulta fixture grown (or cut) to ``count`` guias with distinct numbers."""
    root = load("consulta")
    guias = at(root, GUIAS)
    model = guias[0]
    for guia in list(guias):
        guias.remove(guia)
    for n in range(count):
        guia = copy.deepcopy(model)
        at(guia, "ans:cabecalhoConsulta/ans:numeroGuiaPrestador").text = f"{n + 1:018d}"
        guias.append(guia)
    rehash(root)
    return root


@pytest.mark.parametrize("name", FIXTURE_NAMES)
@pytest.mark.parametrize("code", LOT_CODES)
def test_valid_fixture_passes(name: str, code: str) -> None:
    assert of(findings(load(name)), code) == []


# --- LOT-001 / LOT-002 ---------------------------------------------------------------------------


def test_lot001_more_than_100_guias() -> None:
    root = consulta_lote(101)
    finding = single(root, "LOT-001", Severity.ERROR, GUIAS)
    assert "101 guias" in finding.message and "100" in finding.message
    assert finding.guia is None


def test_lot001_exactly_100_guias_pass() -> None:
    assert of(findings(consulta_lote(100)), "LOT-001") == []


def test_lot002_mixed_guia_types() -> None:
    root = load("consulta")
    sadt = at(load("sadt"), f"{GUIAS}/ans:guiaSP-SADT")
    at(root, GUIAS).append(sadt)
    finding = single(root, "LOT-002", Severity.ERROR, f"{GUIAS}/ans:guiaSP-SADT")
    assert finding.guia == "SADT-2026-000873"
    assert "2 guia de consulta" in finding.message and "1 guia de SP/SADT" in finding.message


def test_lot001_and_lot002_replace_the_schema_message_in_validate() -> None:
    """The pipeline drops the XSD error these rules explain, so each problem shows once."""
    too_many = etree.tostring(consulta_lote(101), xml_declaration=True, encoding="ISO-8859-1")
    report = validate(too_many)
    assert [f.code for f in report.errors] == ["LOT-001"]
    mixed = load("consulta")
    at(mixed, GUIAS).append(at(load("sadt"), f"{GUIAS}/ans:guiaSP-SADT"))
    rehash(mixed)
    report = validate(etree.tostring(mixed, xml_declaration=True, encoding="ISO-8859-1"))
    assert "LOT-002" in [f.code for f in report.errors]
    assert "XSD" not in [f.code for f in report.findings]


# --- LOT-003 numeroLote --------------------------------------------------------------------------


def test_lot003_blank_numero_lote() -> None:
    root = load("resumo")
    set_text(root, f"{LOTE}/ans:numeroLote", " ")
    assert "em branco" in single(root, "LOT-003", Severity.ERROR, f"{LOTE}/ans:numeroLote").message


def test_lot003_numero_lote_longer_than_12() -> None:
    root = load("resumo")
    set_text(root, f"{LOTE}/ans:numeroLote", "2026100880001")
    single(root, "LOT-003", Severity.ERROR, f"{LOTE}/ans:numeroLote")


def test_lot003_missing_numero_lote() -> None:
    root = load("resumo")
    remove(root, f"{LOTE}/ans:numeroLote")
    single(root, "LOT-003", Severity.ERROR, LOTE)


# --- LOT-004 direction ---------------------------------------------------------------------------


def test_lot004_origem_with_the_operadora() -> None:
    root = load("sadt")
    origem = at(root, f"{CAB}/ans:origem")
    origem.remove(origem[0])
    etree.SubElement(origem, _q("registroANS")).text = "419761"
    single(root, "LOT-004", Severity.ERROR, f"{CAB}/ans:origem")


def test_lot004_destino_with_a_prestador() -> None:
    root = load("sadt")
    destino = at(root, f"{CAB}/ans:destino")
    destino.remove(destino[0])
    prestador = etree.SubElement(destino, _q("identificacaoPrestador"))
    etree.SubElement(prestador, _q("codigoPrestadorNaOperadora")).text = "000318764"
    single(root, "LOT-004", Severity.ERROR, f"{CAB}/ans:destino")


# --- LOT-005 same operadora ----------------------------------------------------------------------


def test_lot005_guia_of_another_operadora() -> None:
    root = load("consulta")
    path = f"{GUIAS}/ans:guiaConsulta[2]/ans:cabecalhoConsulta/ans:registroANS"
    set_text(root, path, "331988")
    finding = single(root, "LOT-005", Severity.ERROR, path)
    assert "331988" in finding.message and "419761" in finding.message


# --- LOT-006 tipoTransacao -----------------------------------------------------------------------

TIPO = f"{CAB}/ans:identificacaoTransacao/ans:tipoTransacao"


def test_lot006_lote_with_another_transaction_type() -> None:
    root = load("honorarios")
    set_text(root, TIPO, "ENVIO_ANEXO")
    assert "ENVIO_ANEXO" in single(root, "LOT-006", Severity.ERROR, TIPO).message


def test_lot006_envio_lote_guias_without_a_lote() -> None:
    root = load("honorarios")
    body = at(root, "/ans:mensagemTISS/ans:prestadorParaOperadora")
    body.remove(body[0])
    etree.SubElement(body, _q("solicitacaoStatusProtocolo"))
    single(root, "LOT-006", Severity.ERROR, TIPO)


# --- LOT-007 sequencialTransacao -----------------------------------------------------------------


def test_lot007_blank_sequencial_transacao() -> None:
    root = load("consulta")
    path = f"{CAB}/ans:identificacaoTransacao/ans:sequencialTransacao"
    set_text(root, path, "\t")
    single(root, "LOT-007", Severity.WARNING, path)


# --- LOT-008 Padrao ------------------------------------------------------------------------------

PADRAO = f"{CAB}/ans:Padrao"


def test_lot008_padrao_older_than_supported() -> None:
    root = load("sadt")
    set_text(root, PADRAO, "4.00.01")
    message = single(root, "LOT-008", Severity.ERROR, PADRAO).message
    assert "4.00.01" in message and "4.01.00, 4.02.00, 4.03.00" in message


def test_lot008_padrao_differs_from_the_schema_used() -> None:
    root = load("sadt")
    set_text(root, PADRAO, "4.01.00")
    message = single(root, "LOT-008", Severity.ERROR, PADRAO).message
    assert "4.01.00" in message and "4.03.00" in message


def test_lot008_without_a_chosen_schema_a_supported_padrao_passes() -> None:
    root = load("sadt")
    set_text(root, PADRAO, "4.02.00")
    assert of(run_rules(root), "LOT-008") == []


# --- LOT-009 no future events --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("consulta", "//ans:guiaConsulta[2]//ans:dataAtendimento"),
        ("sadt", "//ans:procedimentoExecutado[2]/ans:dataExecucao"),
        ("sadt", "//ans:despesa[1]/ans:servicosExecutados/ans:dataExecucao"),
        ("resumo", "//ans:dadosInternacao/ans:dataFinalFaturamento"),
        ("honorarios", "//ans:dadosInternacao/ans:dataFimFaturamento"),
        ("honorarios", "//ans:procedimentoRealizado[1]/ans:dataExecucao"),
    ],
)
def test_lot009_date_after_the_transaction(name: str, path: str) -> None:
    root = load(name)
    set_text(root, path, "2027-01-02")
    finding = single(root, "LOT-009", Severity.ERROR, path)
    assert "02/01/2027" in finding.message and "dataRegistroTransacao" in finding.message


def test_lot009_same_day_later_hour() -> None:
    root = load("sadt")
    for item in ("procedimentoExecutado[1]", "procedimentoExecutado[2]"):
        set_text(root, f"//ans:{item}/ans:dataExecucao", "2026-11-04")
    set_text(root, "//ans:procedimentoExecutado[1]/ans:horaFinal", "18:05:00")
    path = "//ans:procedimentoExecutado[1]/ans:horaFinal"
    finding = single(root, "LOT-009", Severity.ERROR, path)
    assert "18:05:00" in finding.message and "17:40:00" in finding.message
    assert finding.guia == "SADT-2026-000873"


def test_lot009_same_day_earlier_hour_passes() -> None:
    root = load("resumo")
    set_text(root, "//ans:dadosInternacao/ans:dataFinalFaturamento", "2026-10-19")
    set_text(root, "//ans:dadosInternacao/ans:horaFinalFaturamento", "14:05:31")
    assert of(findings(root), "LOT-009") == []


def test_lot009_billing_end_later_the_same_day_passes() -> None:
    # A Parcial closed today at 23:59:59 in a lote generated at 14:05:31 is normal: the billing
    # window ends on the transaction date, and only dates are compared for it.
    root = load("resumo")
    set_text(root, "//ans:dadosInternacao/ans:dataFinalFaturamento", "2026-10-19")
    set_text(root, "//ans:dadosInternacao/ans:horaFinalFaturamento", "23:59:59")
    assert of(findings(root), "LOT-009") == []


def test_lot009_billing_end_the_next_day_is_still_an_error() -> None:
    root = load("resumo")
    path = "//ans:dadosInternacao/ans:dataFinalFaturamento"
    set_text(root, path, "2026-10-20")
    set_text(root, "//ans:dadosInternacao/ans:horaFinalFaturamento", "00:00:01")
    finding = single(root, "LOT-009", Severity.ERROR, path)
    assert "20/10/2026" in finding.message


# --- LOT-010 numeroGuiaPrestador unique ----------------------------------------------------------


def test_lot010_repeated_numero_guia_prestador() -> None:
    root = load("consulta")
    first = at(root, f"{GUIAS}/ans:guiaConsulta[1]//ans:numeroGuiaPrestador").text or ""
    path = f"{GUIAS}/ans:guiaConsulta[2]//ans:numeroGuiaPrestador"
    set_text(root, path, first)
    finding = single(root, "LOT-010", Severity.ERROR, path)
    assert first in finding.message and "2ª guia" in finding.message and "1ª" in finding.message


# --- LOT-011 senhaPrestador ----------------------------------------------------------------------


def _with_password(password: str) -> etree._Element:
    root = load("consulta")
    login = insert(root, CAB, "loginSenhaPrestador", after="Padrao")
    etree.SubElement(login, _q("loginPrestador")).text = "clinica01"
    etree.SubElement(login, _q("senhaPrestador")).text = password
    return root


def test_lot011_plain_text_password() -> None:
    root = _with_password("segredo123")
    finding = single(root, "LOT-011", Severity.WARNING, "//ans:senhaPrestador")
    assert "segredo123" not in finding.message


def test_lot011_md5_password_passes() -> None:
    root = _with_password("5f4dcc3b5aa765d61d8327deb882cf99")
    assert of(findings(root), "LOT-011") == []


# --- LOT-012 falhaNegocio ------------------------------------------------------------------------


def test_lot012_falha_negocio_sent_by_the_prestador() -> None:
    root = load("resumo")
    insert(root, CAB, "falhaNegocio", "5014", after="identificacaoTransacao")
    single(root, "LOT-012", Severity.WARNING, f"{CAB}/ans:falhaNegocio")


# --- LOT-013 origem CNPJ/CPF ---------------------------------------------------------------------

ORIGEM = f"{CAB}/ans:origem/ans:identificacaoPrestador"


def test_lot013_origem_cnpj_with_wrong_check_digits() -> None:
    root = load("sadt")
    set_text(root, f"{ORIGEM}/ans:CNPJ", "27183946000198")
    finding = single(root, "LOT-013", Severity.ERROR, f"{ORIGEM}/ans:CNPJ")
    assert "origem" in finding.message and finding.guia is None


def test_lot013_origem_cpf_with_wrong_check_digits() -> None:
    root = load("honorarios")
    cnpj = at(root, f"{ORIGEM}/ans:CNPJ")
    cnpj.tag = _q("CPF")
    cnpj.text = "84209356116"
    single(root, "LOT-013", Severity.ERROR, f"{ORIGEM}/ans:CPF")


def test_lot013_flags_the_seed_example() -> None:
    from tests.rules.test_identificadores import SEED

    root = etree.parse(str(SEED / "seed_opme_resumo_401.compact.xml")).getroot()
    (finding,) = of(findings(root, version="4.01.00"), "LOT-013")
    assert "30779648000113" in finding.message


def test_fixture_bytes_are_untouched() -> None:
    """Mutations work on fresh trees: the cached fixture bytes never change."""
    assert b"<ans:guiasTISS>" in fixture_bytes("consulta")
