"""validate() / validate_message(): the public entry points and what a Report carries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tissbill.validation as validation
from tissbill.errors import SchemaNotInstalledError
from tissbill.schemas import SchemaStore
from tissbill.validation import Profile, Report, Severity, validate, validate_message

from .conftest import VALID_FIXTURES, at, codes, edited, many_guias, valid_bytes


def test_public_names() -> None:
    for name in ("validate", "validate_message", "Report", "Finding", "Severity", "Profile"):
        assert name in validation.__all__


@pytest.mark.parametrize(
    ("name", "kind", "count"),
    [
        ("consulta", "guiaConsulta", 2),
        ("sadt", "guiaSP-SADT", 1),
        ("resumo", "guiaResumoInternacao", 1),
        ("honorarios", "guiaHonorarios", 1),
    ],
)
def test_valid_fixtures(name: str, kind: str, count: int) -> None:
    report = validate(VALID_FIXTURES / f"{name}.xml")
    assert report.valid, report.findings
    assert not [f for f in report.findings if f.severity is not Severity.INFO]
    assert (report.version, report.guia_type, report.guias) == ("4.03.00", kind, count)
    assert report.path == str(VALID_FIXTURES / f"{name}.xml")


def test_str_path_bytes_and_path_agree() -> None:
    path = VALID_FIXTURES / "sadt.xml"
    by_path, by_str, by_bytes = validate(path), validate(str(path)), validate(path.read_bytes())
    assert by_path.findings == by_str.findings == by_bytes.findings
    assert by_bytes.path is None


def test_schema_invalid_file_still_gets_business_findings() -> None:
    report = validate(edited("sadt", lambda r: setattr(at(r, "//ans:numeroLote"), "text", "")))
    assert "XSD" in codes(report)
    assert any(code.startswith("LOT-") for code in codes(report))
    # Order of the pipeline: schema findings come before business findings.
    assert codes(report).index("XSD") < min(
        i for i, code in enumerate(codes(report)) if code.startswith("LOT-")
    )


def test_pipeline_runs_the_hash_rules_last() -> None:
    data = valid_bytes("sadt")
    root_hash = data[data.index(b"<ans:hash>") + 10 : data.index(b"</ans:hash>")]
    report = validate(data.replace(root_hash, b"0" * 32))
    assert any(code.startswith("HASH-") for code in codes(report))
    business = [c for c in codes(report) if c != "XSD"]
    assert business[-1].startswith("HASH-")


def test_mixed_lote_reports_both_guia_types() -> None:
    from lxml import etree

    other = etree.fromstring(valid_bytes("consulta"))
    data = edited(
        "sadt", lambda root: at(root, "//ans:guiasTISS").append(at(other, "//ans:guiaConsulta"))
    )
    report = validate(data)
    assert report.guia_type == "guiaSP-SADT,guiaConsulta" and report.guias == 2


def test_hundred_guias_is_fine() -> None:
    report = validate(many_guias(100))
    assert report.guias == 100
    assert not [f for f in report.findings if f.code in ("XSD", "LOT-001")]


def test_missing_schemas_raise_with_the_install_command(tmp_path: Path) -> None:
    with pytest.raises(SchemaNotInstalledError) as caught:
        validate(valid_bytes("sadt"), store=SchemaStore(tmp_path))
    assert caught.value.version == "4.03.00"
    assert "tissbill schemas" in str(caught.value)


def test_files_that_need_no_schema_do_not_raise_without_schemas(tmp_path: Path) -> None:
    store = SchemaStore(tmp_path)
    assert codes(validate(b"<a/>", store=store)) == ["XML-NOT-TISS"]
    unsupported = valid_bytes("sadt").replace(b"<ans:Padrao>4.03.00<", b"<ans:Padrao>3.05.00<")
    report = validate(unsupported, store=store)
    assert "LOT-008" in codes(report) and report.version is None


def test_one_problem_one_finding_the_specific_rule_wins() -> None:
    unsupported = valid_bytes("sadt").replace(b"<ans:Padrao>4.03.00<", b"<ans:Padrao>3.05.00<")
    assert "XML-VERSION" not in codes(validate(unsupported))
    # With the catalog rule switched off, the pipeline's own finding still says it.
    lenient = Profile(severities={"LOT-008": None})
    assert "XML-VERSION" in codes(validate(unsupported, profile=lenient))

    carteira = re.compile(rb"<ans:numeroCarteira>[^<]*<")
    blank = carteira.sub(b"<ans:numeroCarteira>   <", valid_bytes("sadt"), count=1)
    found = [f for f in validate(blank).findings if f.xpath and f.xpath.endswith("numeroCarteira")]
    assert [f.code for f in found] == ["ID-007"]
    # A padded value is a warning that no specific rule covers: GEN-001 stays.
    padded = carteira.sub(b"<ans:numeroCarteira> 0064782300015 <", valid_bytes("sadt"), count=1)
    assert "GEN-001" in codes(validate(padded))


def test_report_to_dict_shape() -> None:
    data = validate(valid_bytes("sadt")).to_dict()
    assert list(data) == ["path", "valid", "version", "guia_type", "guias", "findings"]


def test_validate_message_validates_what_the_writer_writes() -> None:
    from tissbill.xml.reader import read_message

    message = read_message(valid_bytes("sadt"))
    report = validate_message(message)
    assert isinstance(report, Report)
    assert report.valid, report.findings
    assert (report.version, report.guia_type, report.path) == ("4.03.00", "guiaSP-SADT", None)


def test_validate_message_runs_the_same_rules() -> None:
    from tissbill.xml.reader import read_message

    message = read_message(valid_bytes("sadt"))
    broken = message.model_copy(deep=True)
    # Bypass model validation to get a value only the business rules catch.
    object.__setattr__(broken.prestador_para_operadora.lote_guias, "numero_lote", "   ")
    report = validate_message(broken)
    assert "LOT-003" in codes(report) and not report.valid
