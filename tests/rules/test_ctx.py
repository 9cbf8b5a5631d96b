"""Findings carry the values they compare as data (``ctx``), in Python and in JSON output."""

from __future__ import annotations

import json
from decimal import Decimal

from lxml import etree

from tests.rules.conftest import at, findings, load, of, set_text
from tissbill.validation import validate
from tissbill.validation.findings import Finding, Severity
from tissbill.validation.formats import render_json

RI_VT = "//ans:guiaResumoInternacao/ans:valorTotal"
CNPJ_RESUMO = "//ans:contratadoExecutante/ans:cnpjContratado"


def _one(root: etree._Element, code: str) -> Finding:
    (finding,) = of(findings(root, rehash_first=True), code)
    return finding


def _total(root: etree._Element, path: str) -> Decimal:
    return Decimal(at(root, path).text or "")


def test_partial_total_against_the_sum_of_its_items() -> None:
    root = load("resumo")
    expected = _total(root, f"{RI_VT}/ans:valorProcedimentos")
    set_text(root, f"{RI_VT}/ans:valorProcedimentos", "1300.00")
    ctx = _one(root, "TOT-001").ctx
    assert ctx["found"] == Decimal("1300.00")
    assert ctx["expected"] == expected
    assert isinstance(ctx["count"], int) and ctx["count"] > 0


def test_total_geral_names_the_sums_it_was_compared_with() -> None:
    root = load("resumo")
    geral = _total(root, f"{RI_VT}/ans:valorTotalGeral")
    set_text(root, f"{RI_VT}/ans:valorTotalGeral", "1.00")
    assert _one(root, "TOT-008").ctx == {
        "found": Decimal("1.00"),
        "sum_partials": geral,
        "sum_items": geral,
    }


def test_line_total_gives_the_factors_and_the_tolerance() -> None:
    root = load("resumo")
    item = "//ans:procedimentosExecutados/ans:procedimentoExecutado[1]"
    set_text(root, f"{item}/ans:valorTotal", "999.99")
    ctx = _one(root, "TOT-009").ctx
    assert ctx["found"] == Decimal("999.99")
    assert ctx["tolerance"] == Decimal("0.01")
    quantidade, unitario, fator = (ctx[k] for k in ("quantidade", "valor_unitario", "fator"))
    assert isinstance(quantidade, Decimal) and isinstance(unitario, Decimal)
    assert isinstance(fator, Decimal)
    assert ctx["expected"] == (quantidade * unitario * fator).quantize(Decimal("0.01"))


def test_money_digits_limit() -> None:
    root = load("resumo")
    set_text(root, f"{RI_VT}/ans:valorTaxasAlugueis", "123456789.12")
    tot012 = [f for f in of(findings(root, rehash_first=True), "TOT-012") if f.ctx]
    assert {"found": Decimal("123456789.12"), "total_digits": 10, "fraction_digits": 2} in [
        f.ctx for f in tot012
    ]


def test_identifier_check_digits() -> None:
    root = load("resumo")
    set_text(root, CNPJ_RESUMO, "30779648000113")
    assert _one(root, "ID-002").ctx == {"found": "30779648000113", "problem": "check-digits"}


def test_json_output_carries_ctx_as_exact_data() -> None:
    root = load("resumo")
    set_text(root, f"{RI_VT}/ans:valorProcedimentos", "1300.00")
    at(root, "//ans:epilogo/ans:hash").text = "0" * 32
    report = validate(etree.tostring(root))
    document = json.loads(render_json([report]))
    by_code = {f["code"]: f for f in document["files"][0]["findings"]}
    assert by_code["TOT-001"]["ctx"]["found"] == "1300.00"
    assert by_code["HASH-001"]["ctx"]["found"] == "0" * 32
    assert all("ctx" in f for f in document["files"][0]["findings"])


def test_ctx_defaults_to_empty_and_findings_stay_hashable() -> None:
    plain = Finding("XSD", Severity.ERROR, "m")
    assert plain.ctx == {}
    assert plain.to_dict()["ctx"] == {}
    with_ctx = Finding("TOT-001", Severity.ERROR, "m", ctx={"found": Decimal("1.00")})
    assert hash(with_ctx) == hash(Finding("TOT-001", Severity.ERROR, "m"))
