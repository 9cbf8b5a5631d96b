"""The rule engine: one pass, HASH rules last, crashes isolated, guias labelled."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lxml import etree

from tissbill.spec import kinds
from tissbill.validation import Profile, Severity, validate
from tissbill.validation.catalogue import PIPELINE_CODES, all_rules
from tissbill.validation.context import GuiaContext, MessageContext, find
from tissbill.validation.declaration import Hit, Rule, Scope, rule
from tissbill.validation.engine import XPathIndex, element_xpath, run_rules

from .conftest import at, codes, many_guias, valid_bytes


def test_rules_run_in_catalog_order_with_hash_last(isolated_rules: dict[str, Rule]) -> None:
    calls: list[str] = []

    @rule("HASH-900", Severity.ERROR, title="t", scope=Scope.MESSAGE)
    def hash_rule(message: MessageContext) -> Iterator[Hit]:
        calls.append("HASH-900")
        yield from ()

    @rule("LOT-900", Severity.ERROR, title="t", scope=Scope.MESSAGE)
    def lote_rule(message: MessageContext) -> Iterator[Hit]:
        calls.append("LOT-900")
        yield from ()

    @rule("TOT-900", Severity.ERROR, title="t", scope=Scope.GUIA)
    def guia_rule(guia: GuiaContext) -> Iterator[Hit]:
        calls.append(f"TOT-900:{guia.numero}")
        yield from ()

    validate(many_guias(2))
    assert calls == ["LOT-900", "TOT-900:00000001", "TOT-900:00000002", "HASH-900"]


def test_a_crashing_rule_becomes_a_finding_and_the_others_still_run(
    isolated_rules: dict[str, Rule],
) -> None:
    @rule("GEN-901", Severity.ERROR, title="t", scope=Scope.GUIA)
    def crashes(guia: GuiaContext) -> Iterator[Hit]:
        yield Hit(guia.element, "antes do erro", Severity.WARNING)
        raise ZeroDivisionError("division by zero")

    @rule("GEN-902", Severity.WARNING, title="t", scope=Scope.GUIA)
    def works(guia: GuiaContext) -> Iterator[Hit]:
        yield Hit(guia.cabecalho, "ok")

    report = validate(valid_bytes("sadt"))
    assert codes(report) == ["GEN-901", "RULE-CRASH", "GEN-902"]
    crash = report.findings[1]
    assert crash.severity is Severity.ERROR and not report.valid
    assert "GEN-901" in crash.message and "ZeroDivisionError" in crash.message
    assert crash.guia == "SADT-2026-000873"


def test_message_rule_hits_inside_a_guia_are_labelled_with_it(
    isolated_rules: dict[str, Rule],
) -> None:
    @rule("LOT-903", Severity.ERROR, title="t", scope=Scope.MESSAGE)
    def second_guia(message: MessageContext) -> Iterator[Hit]:
        yield Hit(find(message.guias[1].element, "cabecalhoConsulta/numeroGuiaPrestador"), "x")
        yield Hit(message.cabecalho, "no cabeçalho")

    inside, header = validate(many_guias(3)).findings
    assert inside.guia == "00000002"
    assert inside.xpath is not None and inside.xpath.endswith(
        "ans:guiaConsulta[2]/ans:cabecalhoConsulta/ans:numeroGuiaPrestador"
    )
    assert header.guia is None and header.xpath == "/ans:mensagemTISS/ans:cabecalho"


def test_profile_severities_apply_to_rules(isolated_rules: dict[str, Rule]) -> None:
    @rule("GEN-904", Severity.ERROR, title="t", scope=Scope.MESSAGE)
    def always(message: MessageContext) -> Iterator[Hit]:
        yield Hit(None, "sempre")

    assert codes(validate(valid_bytes("sadt"))) == ["GEN-904"]
    off = Profile(name="off", severities={"GEN-904": None})
    assert validate(valid_bytes("sadt"), profile=off).findings == []
    soft = Profile(name="soft", severities={"GEN-904": Severity.INFO})
    report = validate(valid_bytes("sadt"), profile=soft)
    assert report.valid and report.findings[0].severity is Severity.INFO


def test_run_rules_keeps_its_signature(isolated_rules: dict[str, Rule]) -> None:
    @rule("GEN-905", Severity.WARNING, title="t", scope=Scope.MESSAGE)
    def sees(message: MessageContext) -> Iterator[Hit]:
        yield Hit(message.root, f"{message.version} {message.declared_encoding}")

    root = etree.fromstring(valid_bytes("sadt"))
    (finding,) = run_rules(root, version="4.03.00", declared_encoding="iso-8859-1")
    assert finding.message == "4.03.00 iso-8859-1" and finding.xpath == "/ans:mensagemTISS"


def test_rules_see_the_declared_encoding_normalised(isolated_rules: dict[str, Rule]) -> None:
    seen: list[str | None] = []

    @rule("ENC-906", Severity.INFO, title="t", scope=Scope.MESSAGE)
    def encoding(message: MessageContext) -> Iterator[Hit]:
        seen.append(message.declared_encoding)
        yield from ()

    validate(valid_bytes("sadt"))
    validate(valid_bytes("sadt").replace(b"ISO-8859-1", b"latin1", 1))
    assert seen == ["iso-8859-1", "iso-8859-1"]


def test_element_xpath_positions_only_for_repeated_siblings() -> None:
    root = etree.fromstring(valid_bytes("sadt"))
    second = at(root, "(//ans:procedimentoExecutado)[2]/ans:valorTotal")
    assert element_xpath(second) == (
        "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:guiasTISS/ans:guiaSP-SADT"
        "/ans:procedimentosExecutados/ans:procedimentoExecutado[2]/ans:valorTotal"
    )


def test_pipeline_codes_are_unique_and_documented() -> None:
    names = [c.code for c in PIPELINE_CODES]
    assert len(names) == len(set(names))
    assert all(c.description.endswith(".") for c in PIPELINE_CODES)


def test_xpath_positions_skip_comments_and_processing_instructions() -> None:
    root = etree.fromstring(b"<r><!-- c --><a/><?p x?><a/><b/></r>")
    index = XPathIndex()
    assert [index(root[i]) for i in (1, 3, 4)] == ["/r/a[1]", "/r/a[2]", "/r/b"]
    assert element_xpath(root[3]) == "/r/a[2]"


def _mixed_lote() -> etree._Element:
    """The consulta fixture with the SP/SADT fixture's guia appended (two kinds in one lote)."""
    root = etree.fromstring(valid_bytes("consulta"))
    sadt = at(etree.fromstring(valid_bytes("sadt")), "//ans:guiaSP-SADT")
    at(root, "//ans:guiasTISS").append(sadt)
    return root


def test_a_rule_with_guia_types_is_not_called_for_other_guia_kinds(
    isolated_rules: dict[str, Rule],
) -> None:
    calls: list[str] = []

    @rule(
        "SADT-900",
        Severity.ERROR,
        title="t",
        scope=Scope.GUIA,
        guia_types=[kinds.SP_SADT],
    )
    def sadt_only(guia: GuiaContext) -> Iterator[Hit]:
        calls.append(f"SADT-900:{guia.kind}")
        yield from ()

    @rule("TOT-900", Severity.ERROR, title="t", scope=Scope.GUIA)
    def every_kind(guia: GuiaContext) -> Iterator[Hit]:
        calls.append(f"TOT-900:{guia.kind}")
        yield from ()

    run_rules(_mixed_lote(), version="4.03.00")
    assert calls == [
        "TOT-900:guiaConsulta",
        "TOT-900:guiaConsulta",
        "SADT-900:guiaSP-SADT",
        "TOT-900:guiaSP-SADT",
    ]
    assert isolated_rules["SADT-900"].guia_types == frozenset({"guiaSP-SADT"})
    assert isolated_rules["TOT-900"].guia_types is None


def test_guia_types_is_refused_on_message_rules(isolated_rules: dict[str, Rule]) -> None:
    with pytest.raises(ValueError, match="guia_types"):
        rule("LOT-900", Severity.ERROR, title="t", scope=Scope.MESSAGE, guia_types=[])


def test_a_rule_of_a_kind_group_runs_for_that_kind_only(isolated_rules: dict[str, Rule]) -> None:
    """``CON-*`` rules are about consulta (GuiaKind.rule_group): no need to say so again."""
    calls: list[str] = []

    @rule("CON-900", Severity.ERROR, title="t", scope=Scope.GUIA)
    def consulta_only(guia: GuiaContext) -> Iterator[Hit]:
        calls.append(guia.kind)
        yield from ()

    @rule("RI-900", Severity.ERROR, title="t", scope=Scope.GUIA, guia_types=kinds.ITEMIZED_KINDS)
    def itemized(guia: GuiaContext) -> Iterator[Hit]:
        calls.append(f"RI-900:{guia.kind}")
        yield from ()

    run_rules(_mixed_lote(), version="4.03.00")
    assert calls == ["guiaConsulta", "guiaConsulta", "RI-900:guiaSP-SADT"]
    assert isolated_rules["CON-900"].guia_types == frozenset({kinds.CONSULTA.element})
    assert isolated_rules["CON-900"].area == "CON"


def test_area_is_the_code_prefix() -> None:
    for checked in all_rules():
        assert checked.area == checked.code.split("-")[0]
