"""Schema errors become Portuguese findings naming the element, the expectation and the value."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from tissbill.errors import ProfileError
from tissbill.validation import Profile, Severity, validate
from tissbill.validation.findings import Finding

from .conftest import at, codes, edited, many_guias, valid_bytes

GUIA = "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:guiasTISS/ans:guiaSP-SADT"
NUMERO = "SADT-2026-000873"


def schema_findings(data: bytes, profile: Profile | None = None) -> list[Finding]:
    report = validate(data) if profile is None else validate(data, profile=profile)
    return [f for f in report.findings if f.code == "XSD"]


def one_schema_finding(data: bytes) -> Finding:
    found = schema_findings(data)
    assert len(found) == 1, found
    finding = found[0]
    assert finding.severity is Severity.ERROR
    assert "{http" not in finding.message  # no Clark-notation noise for the clerk
    return finding


def set_text(path: str, value: str, name: str = "sadt") -> bytes:
    return edited(name, lambda root: setattr(at(root, path), "text", value))


def test_valid_fixture_has_no_schema_finding() -> None:
    assert schema_findings(valid_bytes("sadt")) == []


def test_enumeration() -> None:
    finding = one_schema_finding(set_text("//ans:dadosAtendimento/ans:tipoAtendimento", "99"))
    assert finding.message.startswith("Elemento 'tipoAtendimento': o valor '99' não está entre")
    assert finding.xpath == GUIA + "/ans:dadosAtendimento/ans:tipoAtendimento"
    assert finding.guia == NUMERO
    assert finding.line == 2


def test_long_enumerations_are_shortened() -> None:
    finding = one_schema_finding(set_text("//ans:profissionalSolicitante/ans:CBOS", "123456"))
    assert re.search(r"\.\.\. \(\d+ valores ao todo\)", finding.message)


def test_pattern_in_the_header_has_no_guia() -> None:
    finding = one_schema_finding(set_text("//ans:destino/ans:registroANS", "41976X"))
    assert "o valor '41976X' não tem o formato exigido (exatamente 6 dígitos)" in finding.message
    assert finding.xpath == "/ans:mensagemTISS/ans:cabecalho/ans:destino/ans:registroANS"
    assert finding.guia is None


def test_max_length() -> None:
    finding = one_schema_finding(set_text("//ans:numeroLote", "1" * 13))
    assert finding.message == "Elemento 'numeroLote': o valor tem 13 caracteres; o máximo é 12."


def test_empty_value() -> None:
    finding = one_schema_finding(set_text("//ans:numeroLote", ""))
    assert "está vazio" in finding.message


def test_fraction_digits() -> None:
    finding = one_schema_finding(
        set_text("(//ans:procedimentoExecutado)[2]/ans:valorUnitario", "62.355")
    )
    assert "tem mais casas decimais do que o permitido (máximo 2)" in finding.message


def test_total_digits() -> None:
    finding = one_schema_finding(
        set_text("(//ans:procedimentoExecutado)[2]/ans:valorUnitario", "123456789012.00")
    )
    assert "tem mais dígitos do que o permitido" in finding.message


def test_decimal_with_comma() -> None:
    finding = one_schema_finding(
        set_text("(//ans:procedimentoExecutado)[2]/ans:valorUnitario", "62,35")
    )
    assert "o valor '62,35' não é válido; esperado um número" in finding.message
    assert "ponto como separador" in finding.message


def test_brazilian_date() -> None:
    finding = one_schema_finding(
        set_text("//ans:dadosAutorizacao/ans:dataAutorizacao", "12/10/2026")
    )
    assert "esperado uma data no formato AAAA-MM-DD" in finding.message


def test_missing_child() -> None:
    data = edited(
        "sadt",
        lambda r: at(r, "//ans:dadosAtendimento").remove(
            at(r, "//ans:dadosAtendimento/ans:regimeAtendimento")
        ),
    )
    finding = one_schema_finding(data)
    assert finding.message.startswith("Elemento 'dadosAtendimento': falta um elemento obrigatório")
    assert "regimeAtendimento" in finding.message
    assert finding.xpath == GUIA + "/ans:dadosAtendimento"


def test_unexpected_element_names_parent_expected_and_found() -> None:
    def add(root: etree._Element) -> None:
        at(root, "//ans:numeroLote").addnext(
            etree.Element("{http://www.ans.gov.br/padroes/tiss/schemas}foo")
        )

    finding = one_schema_finding(edited("sadt", add))
    assert finding.message.startswith("Elemento 'loteGuias': encontrado 'foo' onde era esperado")
    assert "'guiasTISS'" in finding.message


def test_element_outside_the_namespace() -> None:
    def add(root: etree._Element) -> None:
        lote = at(root, "//ans:numeroLote")
        lote.addnext(etree.Element("guiasTISS"))

    finding = one_schema_finding(edited("sadt", add))
    assert "fora do namespace TISS" in finding.message


def test_attribute_not_allowed() -> None:
    finding = one_schema_finding(
        edited("sadt", lambda r: at(r, "//ans:numeroLote").set("tipo", "x"))
    )
    assert finding.message == "Elemento 'numeroLote': o atributo 'tipo' não é permitido."


def test_text_inside_a_complex_element() -> None:
    finding = one_schema_finding(
        edited("sadt", lambda r: setattr(at(r, "//ans:dadosAtendimento"), "text", "x"))
    )
    assert "não pode conter texto" in finding.message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"ans:", b""),  # default namespace
        (b"ans:", b"tiss:"),  # another prefix
    ],
)
def test_xpath_uses_the_ans_prefix_whatever_the_file_uses(old: bytes, new: bytes) -> None:
    data = set_text("//ans:dadosAtendimento/ans:tipoAtendimento", "99")
    data = data.replace(b"<" + old, b"<" + new).replace(b"</" + old, b"</" + new)
    data = data.replace(b"xmlns:ans=", b"xmlns:tiss=" if new else b"xmlns=")
    finding = one_schema_finding(data)
    assert finding.xpath == GUIA + "/ans:dadosAtendimento/ans:tipoAtendimento"
    assert finding.guia == NUMERO


def test_pretty_printed_files_get_real_lines() -> None:
    root = etree.fromstring(set_text("//ans:dadosAtendimento/ans:tipoAtendimento", "99"))
    etree.indent(root)
    data = etree.tostring(root, xml_declaration=True, encoding="ISO-8859-1")
    finding = one_schema_finding(data)
    lines = data.split(b"\n")
    assert finding.line is not None and b"<ans:tipoAtendimento>99<" in lines[finding.line - 1]


def test_every_schema_error_of_a_file_is_reported() -> None:
    def break_two(root: etree._Element) -> None:
        at(root, "//ans:numeroLote").text = ""
        at(root, "//ans:dadosAtendimento/ans:tipoAtendimento").text = "99"

    assert len(schema_findings(edited("sadt", break_two))) == 2


# LOT-001 / LOT-002: the schema says "element not expected"; the rule says it better.


def test_more_than_100_guias_reported_once_by_lot_001() -> None:
    report = validate(many_guias(101))
    assert "LOT-001" in codes(report)
    assert not any(f.code == "XSD" and "100 guias" in f.message for f in report.findings)


def test_more_than_100_guias_without_the_rule_keeps_a_clear_schema_finding(
    isolated_rules: dict[str, object],
) -> None:
    findings = schema_findings(many_guias(101, "consulta"))
    assert len(findings) == 1
    assert "a guia nº 101 ('guiaConsulta') ultrapassa o máximo de 100 guias" in findings[0].message
    assert findings[0].guia == "00000101"


def test_a_profile_switching_lot_001_off_does_not_hide_the_schema_error() -> None:
    profile = Profile(name="sem-lot-001", severities={"LOT-001": None})
    findings = schema_findings(many_guias(101, "consulta"), profile)
    assert len(findings) == 1 and "100 guias" in findings[0].message


def mixed_lote() -> bytes:
    other = etree.fromstring(valid_bytes("consulta"))
    guia = at(other, "//ans:guiaConsulta")
    return edited("sadt", lambda root: at(root, "//ans:guiasTISS").append(guia))


def test_mixed_guia_types_reported_once_by_lot_002() -> None:
    report = validate(mixed_lote())
    assert "LOT-002" in codes(report)
    assert not any(f.code == "XSD" and "mesmo tipo" in f.message for f in report.findings)


def test_mixed_guia_types_without_the_rule(isolated_rules: dict[str, object]) -> None:
    (finding,) = schema_findings(mixed_lote())
    assert "encontrada 'guiaConsulta' num lote de 'guiaSP-SADT'" in finding.message
    assert "um lote só pode conter guias de um mesmo tipo" in finding.message


@pytest.mark.parametrize("code", ["XSD", "XML-NOT-TISS", "XML-VERSION", "RULE-CRASH"])
@pytest.mark.parametrize("severity", [Severity.WARNING, Severity.INFO, None])
def test_no_profile_softens_a_structural_error(code: str, severity: Severity | None) -> None:
    with pytest.raises(ProfileError, match=f"{code} é um erro de estrutura"):
        Profile(name="tolerante", severities={code: severity})
    name = {Severity.WARNING: "aviso", Severity.INFO: "info", None: "desligada"}[severity]
    with pytest.raises(ProfileError, match="nunca rebaixar ou desligar"):
        Profile.from_mapping({"severities": {code.lower(): name}}, source="perfil.yaml")


def test_a_profile_that_restates_a_structural_error_is_accepted() -> None:
    profile = Profile.from_mapping({"severities": {"XSD": "erro"}})
    data = edited("sadt", lambda r: at(r, "//ans:numeroLote").set("tipo", "x"))
    report = validate(data, profile=profile)
    assert [f.severity for f in report.findings if f.code == "XSD"] == [Severity.ERROR]
    assert not report.valid


def test_missing_single_child() -> None:
    data = re.sub(rb"<ans:hash>[0-9a-f]*</ans:hash>", b"", valid_bytes("sadt"))
    finding = one_schema_finding(data)
    assert finding.message == "Elemento 'epilogo': falta o elemento obrigatório 'hash'."
    assert finding.xpath == "/ans:mensagemTISS/ans:epilogo"


def test_positions_resolve_in_a_default_namespace_file() -> None:
    # libxml2 writes "*[n]" steps here (n counts every element sibling), "ans:x[n]" elsewhere.
    data = set_text("(//ans:procedimentoExecutado)[2]/ans:valorUnitario", "62,35")
    data = data.replace(b"<ans:", b"<").replace(b"</ans:", b"</").replace(b"xmlns:ans=", b"xmlns=")
    finding = one_schema_finding(data)
    assert finding.xpath == (
        GUIA + "/ans:procedimentosExecutados/ans:procedimentoExecutado[2]/ans:valorUnitario"
    )
    assert finding.guia == NUMERO


def test_many_errors_under_one_parent_are_all_located(isolated_rules: dict[str, object]) -> None:
    def repeat(root: etree._Element) -> None:
        second = at(root, "(//ans:procedimentoExecutado)[2]")
        at(second, "ans:valorUnitario").text = "x"
        for _ in range(2000):
            second.addnext(etree.fromstring(etree.tostring(second)))

    findings = schema_findings(edited("sadt", repeat))
    assert len(findings) == 2001
    assert findings[-1].xpath is not None
    assert findings[-1].xpath.endswith("ans:procedimentoExecutado[2002]/ans:valorUnitario")
