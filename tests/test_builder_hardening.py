"""Issue #11, items 9, 11, 12 and 13: the builder never writes what the XSD refuses, never
refuses what it accepts, and validates every lote it hands back."""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import VERSIONS, assert_valid_xsd, official_schema
from tissbill.billing.builder import BuildError, LoteRequest, LoteTISS, build_lotes
from tissbill.billing.inputs import load_data
from tissbill.errors import TissBillError, VersionFieldError
from tissbill.money import total_digits
from tissbill.validation.findings import Severity
from tissbill.xml.namespaces import TISS_NS
from tissbill.xml.reader import read_message

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NS = {"ans": TISS_NS}


def _data(example: str, version: str = "4.03.00") -> dict[str, Any]:
    source = next((EXAMPLES / example).glob("lote.*"))
    data: dict[str, Any] = load_data(source)
    data["versao"] = version
    return data


def _build(data: dict[str, Any], **options: Any) -> list[LoteTISS]:
    request = LoteRequest.model_validate(data)
    return build_lotes(request.guias, request.settings, **options)


def _one_consulta(version: str, valor: Decimal) -> dict[str, Any]:
    data = _data("ipam_consultas", version)
    data["guias"] = data["guias"][:1]
    data["guias"][0]["dados_atendimento"]["procedimento"]["valor_procedimento"] = valor
    return data


# --- item 9: money follows the XSD's totalDigits facet, not a value ceiling ---------------

ITEM_DIGITS = {"4.01.00": 8, "4.02.00": 10, "4.03.00": 10}
"""valorProcedimento of a consulta: st_decimal8-2 in 4.01.00, st_decimal10-2 later."""


@cache
def _consulta_tree(version: str) -> bytes:
    (lote,) = _build(_one_consulta(version, Decimal("93.00")), validate=False)
    return lote.xml


def _xsd_accepts(version: str, text: str) -> bool:
    root = etree.fromstring(_consulta_tree(version))
    element = root.find(".//ans:valorProcedimento", NS)
    assert element is not None
    element.text = text
    return bool(official_schema(version).validate(root))


def _digits(n: int) -> st.SearchStrategy[Decimal]:
    """Values in cents around the edge of n digits, often with trailing zeros in the cents."""
    cents = st.integers(0, 10 ** (n + 1) - 1).map(lambda c: Decimal(c).scaleb(-2))
    round_amounts = st.integers(0, 10 ** (n - 1)).map(lambda v: Decimal(v * 100).scaleb(-2))
    edges = st.sampled_from(
        ["999999.99", "1000000.00", "1200000.00", "12345678.00", "1234567.89", "99999999.99",
         "100000000.00", "123456789.10", "9999999999.00", "1234567890.10", "0.00", "0.05"]
    ).map(Decimal)  # fmt: skip
    return st.one_of(cents, round_amounts, edges)


@pytest.mark.parametrize("version", VERSIONS)
@settings(max_examples=60, deadline=None)
@given(valor=_digits(10))
def test_item_money_is_built_exactly_when_the_official_xsd_accepts_it(
    version: str, valor: Decimal
) -> None:
    written = f"{valor.quantize(Decimal('0.01')):f}"  # the writer's two places
    accepted = _xsd_accepts(version, written)
    assert accepted == (total_digits(valor) <= ITEM_DIGITS[version])
    data = _one_consulta(version, valor)
    if not accepted:
        # Refused by the model (input error, a ValueError) or, in a narrower version, by the
        # writer (a TissBillError); either way the field is named.
        with pytest.raises((ValueError, TissBillError), match=r"valor_?[pP]rocedimento"):
            _build(data, validate=False)
        return
    (lote,) = _build(data, validate=False)
    assert_valid_xsd(lote.xml, version)
    procedimento = read_message(lote.xml).guias[0].dados_atendimento.procedimento  # type: ignore[union-attr]
    assert procedimento.valor_procedimento == valor


def test_1_200_000_is_a_valid_item_value_in_401() -> None:
    """The reproduction of item 9: 7 digits fit st_decimal8-2 although above 999,999.99."""
    data = _data("pasa_opme_resumo", "4.01.00")
    opme = data["guias"][0]["outras_despesas"][0]["servicos_executados"]
    opme["valor_unitario"] = Decimal("1200000.00")
    opme["quantidade_executada"] = 1
    (lote,) = _build(data)  # validated: no TOT-012, no XSD error
    assert lote.report is not None and lote.report.valid
    assert b"<ans:valorUnitario>1200000.00</ans:valorUnitario>" in lote.xml


# --- item 12: a computed total that does not fit is refused at build time ---------------


def _honorarios(*valores: str) -> dict[str, Any]:
    data = _data("honorarios")
    guia = data["guias"][0]
    data["guias"] = [guia]
    procedimentos = guia["procedimentos_realizados"][:1] * len(valores)
    guia["procedimentos_realizados"] = [
        {**copy.deepcopy(p), "valor_unitario": v, "reducao_acrescimo": "1.00"}
        for p, v in zip(procedimentos, valores, strict=True)
    ]
    return data


def test_honorarios_total_too_wide_is_refused_naming_the_field() -> None:
    # Each value fits st_decimal10-2; their sum, 123456789.12, has 11 digits.
    data = _honorarios("90000000.00", "33456789.12")
    with pytest.raises(VersionFieldError, match=r"'valor_total_honorarios'.*123456789\.12"):
        _build(data)
    with pytest.raises(VersionFieldError, match="'valor_total_honorarios'"):
        _build(data, validate=False)


def test_honorarios_total_that_fits_the_xsd_is_written_and_read_back() -> None:
    # 180,000,000.00 has 9 digits: above 99,999,999.99 but valid st_decimal10-2.
    (lote,) = _build(_honorarios("90000000.00", "90000000.00"))
    assert_valid_xsd(lote.xml, "4.03.00")
    assert b"<ans:valorTotalHonorarios>180000000.00</ans:valorTotalHonorarios>" in lote.xml
    guia = read_message(lote.xml).guias[0]
    assert guia.valor_total_geral == Decimal("180000000.00")


# --- items 11 and 13: every built lote is validated -------------------------------------


def _with_cbo(version: str, cbo: str) -> dict[str, Any]:
    data = _data("honorarios", version)
    data["guias"][0]["procedimentos_realizados"][0]["profissionais"][0]["cbo"] = cbo
    if version < "4.02.00":
        for guia in data["guias"]:
            guia["dados_internacao"].pop("carater_atendimento", None)
    return data


@pytest.mark.parametrize(("version", "cbo"), [("4.03.00", "123456"), ("4.01.00", "223575")])
def test_cbo_outside_the_versions_table_is_refused(version: str, cbo: str) -> None:
    with pytest.raises(BuildError) as raised:
        _build(_with_cbo(version, cbo))
    error = raised.value
    assert f"Elemento 'CBO': o valor '{cbo}' não está entre os valores permitidos" in str(error)
    assert "HON0001" in str(error)
    xsd = [f for f in error.findings if f.code == "XSD"]
    assert xsd and xsd[0].guia == "HON0001" and xsd[0].severity is Severity.ERROR
    assert all(f.severity is Severity.ERROR for f in error.findings)
    # The lotes are handed over with their reports, for a caller that writes them anyway.
    (lote,) = error.lotes
    assert lote.report is not None and not lote.report.valid
    assert not official_schema(version).validate(etree.fromstring(lote.xml))


def test_enum_value_that_bypassed_the_model_is_refused() -> None:
    """model_copy does not validate: a UF outside dm_UF reaches the builder all the same."""
    request = LoteRequest.model_validate(_data("honorarios"))
    guia = request.guias[0]
    procedimento = guia.procedimentos_realizados[0]  # type: ignore[union-attr]
    profissional = procedimento.profissionais[0].model_copy(update={"uf": "99"})
    procedimento = procedimento.model_copy(update={"profissionais": [profissional]})
    guia = guia.model_copy(update={"procedimentos_realizados": [procedimento]})
    with pytest.raises(BuildError, match="Elemento 'UF': o valor '99'") as raised:
        build_lotes([guia], request.settings)
    assert [f.code for f in raised.value.findings] == ["XSD"]


def test_wrong_cpf_is_refused_with_the_findings() -> None:
    """Item 13: a CPF with a wrong check digit was written silently."""
    data = _data("honorarios")
    profissional = data["guias"][0]["procedimentos_realizados"][0]["profissionais"][0]
    profissional["cod_profissional"] = {"cpf_contratado": "11144477736"}
    with pytest.raises(BuildError, match="CPF 11144477736") as raised:
        _build(data)
    assert [(f.code, f.guia) for f in raised.value.findings] == [("ID-003", "HON0001")]
    (lote,) = _build(data, validate=False)  # the opt-out
    assert lote.report is None


def test_valid_lotes_carry_their_report() -> None:
    lotes = _build(_data("sadt_exames"))
    assert lotes and all(lote.report is not None and lote.report.valid for lote in lotes)
    assert [lote.report.path for lote in lotes if lote.report] == [x.filename for x in lotes]
