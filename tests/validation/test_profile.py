"""Operadora profiles: severities per code, opt-in rules, tolerances, and profile files."""

from __future__ import annotations

import doctest
import json
import shutil
from collections.abc import Callable
from copy import deepcopy
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import REPO
from tests.rules.conftest import at
from tissbill.cli import cli
from tissbill.errors import ProfileError
from tissbill.validation import validate
from tissbill.validation.catalogue import all_rules, known_codes
from tissbill.validation.findings import Severity
from tissbill.validation.profile import STRICT_PROFILE, STRUCTURAL_CODES, Profile
from tissbill.xml.epilogo import compute

from .conftest import VALID_FIXTURES

EXAMPLE_PROFILE = REPO / "examples" / "perfis" / "operadora_exigente.yaml"
NAMES = {
    "erro": Severity.ERROR,
    "error": Severity.ERROR,
    "aviso": Severity.WARNING,
    "WARNING": Severity.WARNING,
    "info": Severity.INFO,
    "desligada": None,
    "off": None,
}


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_the_default_profile_is_strict_and_runs_every_rule_but_the_opt_in_ones() -> None:
    rules = all_rules()
    assert {r.code for r in rules if r.opt_in} == {"SIG-001"}
    for rule in rules:
        assert STRICT_PROFILE.enables(rule) is not rule.opt_in
    assert STRICT_PROFILE.anvisa_required_for_tuss is True
    assert STRICT_PROFILE.money_tolerance == Decimal("0.01")


def test_the_bundled_example_profile_loads() -> None:
    profile = Profile.load(EXAMPLE_PROFILE)
    assert profile == Profile(
        name="operadora-exigente",
        severities={"SIG-001": Severity.ERROR, "XML-BOM": Severity.ERROR, "RI-004": None},
        money_tolerance=Decimal("0.05"),
        anvisa_required_for_tuss=False,
        opme_adquirida_pelo_prestador=True,
    )


def test_a_json_profile_reads_money_exactly(tmp_path: Path) -> None:
    path = tmp_path / "perfil.json"
    path.write_text('{"severities": {"od-004": "aviso"}, "money_tolerance": 0.1}')
    profile = Profile.load(path)
    assert profile.severities == {"OD-004": Severity.WARNING}
    assert profile.money_tolerance == Decimal("0.1")


@given(
    st.dictionaries(
        st.sampled_from(sorted(known_codes() - STRUCTURAL_CODES)),
        st.sampled_from(sorted(NAMES)),
        max_size=8,
    )
)
def test_severity_names_in_portuguese_or_english(chosen: dict[str, str]) -> None:
    profile = Profile.from_mapping({"severities": chosen})
    assert profile.severities == {code: NAMES[name] for code, name in chosen.items()}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["SIG-001"], "mapeamento"),
        ({"severidade": {}}, "chave desconhecida 'severidade'"),
        ({"severities": {"XYZ-999": "erro"}}, "código de regra desconhecido 'XYZ-999'"),
        ({"severities": {"OD-004": "grave"}}, "severidade inválida 'grave' para OD-004"),
        ({"severities": ["OD-004"]}, "deve mapear"),
        ({"money_tolerance": "-0.01"}, "não negativo"),
        ({"money_tolerance": "NaN"}, "não negativo"),
        ({"money_tolerance": True}, "não negativo"),
        ({"anvisa_required_for_tuss": "sim"}, "true ou false"),
        ({"name": 3}, "'name' deve ser um texto"),
    ],
)
def test_bad_profiles_are_explained(data: object, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        Profile.from_mapping(data, source="perfil.yaml")


def test_yaml_off_and_false_switch_a_rule_off(tmp_path: Path) -> None:
    path = tmp_path / "perfil.yaml"
    path.write_text("severities:\n  XML-BOM: off\n  RI-004: false\n", encoding="utf-8")
    assert Profile.load(path).severities == {"XML-BOM": None, "RI-004": None}


def test_profile_changes_what_validate_reports() -> None:
    data = (VALID_FIXTURES / "sadt.xml").read_bytes()
    assert validate(data).findings == []
    (finding,) = validate(data, profile=Profile.load(EXAMPLE_PROFILE)).findings
    assert finding.code == "SIG-001" and finding.severity is Severity.ERROR


def test_cli_profile_option(tmp_path: Path) -> None:
    lote = tmp_path / "lote.xml"
    shutil.copy(VALID_FIXTURES / "sadt.xml", lote)
    assert run("validate", str(lote)).exit_code == 0
    result = run("validate", "--format", "json", "--profile", str(EXAMPLE_PROFILE), str(lote))
    assert result.exit_code == 1, result.output
    (file_report,) = json.loads(result.stdout)["files"]
    assert [(f["code"], f["severity"]) for f in file_report["findings"]] == [("SIG-001", "error")]


def test_cli_bad_profile_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "perfil.yaml"
    bad.write_text("severities:\n  OD-004: grave\n", encoding="utf-8")
    result = run("validate", "--profile", str(bad), str(VALID_FIXTURES / "sadt.xml"))
    assert result.exit_code == 2
    assert "severidade inválida 'grave' para OD-004" in result.output
    missing = run("validate", "--profile", str(tmp_path / "nada.yaml"), str(bad))
    assert missing.exit_code == 2 and "Arquivo não encontrado" in missing.output


def test_profiles_md_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = doctest.testfile(str(REPO / "docs" / "profiles.md"), module_relative=False)
    assert result.attempted >= 4 and result.failed == 0


def test_build_validates_with_the_profile(tmp_path: Path) -> None:
    source = REPO / "examples" / "pasa_opme_resumo" / "lote.yaml"
    plain = run("build", str(source), "-o", str(tmp_path / "a"), "-q")
    assert plain.exit_code == 0, plain.output
    strict = run(
        "build", str(source), "-o", str(tmp_path / "b"), "-q", "--profile", str(EXAMPLE_PROFILE)
    )
    assert strict.exit_code == 1  # this operadora demands the signature: the lote is not written
    assert "SIG-001" in strict.output and not (tmp_path / "b").exists()


# --- a profile never hides a schema error (issue #11, item 5) ------------------------------------

HONORARIOS = REPO / "examples" / "honorarios" / "expected" / "lote-410-honorarios.xml"


def _lote_bytes(edit: Callable[[etree._Element], None]) -> bytes:
    """The honorários example edited by ``edit``, with its epílogo hash rewritten."""
    root = etree.fromstring(HONORARIOS.read_bytes())
    edit(root)
    at(root, "//ans:epilogo/ans:hash").text = compute(root)
    return etree.tostring(root, xml_declaration=True, encoding="ISO-8859-1")


def _101_guias(root: etree._Element) -> None:
    guias = at(root, "//ans:guiasTISS")
    model = guias[0]
    for n in range(2, 102):
        guia = deepcopy(model)
        at(guia, "ans:cabecalhoGuia/ans:numeroGuiaPrestador").text = f"HON-{n:04d}"
        guias.append(guia)


def _mixed_types(root: etree._Element) -> None:
    consulta = etree.fromstring((VALID_FIXTURES / "consulta.xml").read_bytes())
    at(root, "//ans:guiasTISS").append(at(consulta, "//ans:guiaConsulta[1]"))


STRUCTURE_CASES = [("LOT-001", _101_guias), ("LOT-002", _mixed_types)]


@pytest.mark.parametrize(("code", "edit"), STRUCTURE_CASES, ids=["101-guias", "tipos-misturados"])
@pytest.mark.parametrize("severity", [Severity.WARNING, Severity.INFO, None])
def test_a_profile_softening_a_structure_rule_keeps_the_schema_error(
    code: str, edit: Callable[[etree._Element], None], severity: Severity | None
) -> None:
    data = _lote_bytes(edit)
    strict = validate(data)
    assert [f.code for f in strict.errors if f.code in (code, "XSD")] == [code]
    report = validate(data, profile=Profile(name="branda", severities={code: severity}))
    assert not report.valid
    schema = [f for f in report.findings if f.code == "XSD"]
    assert [f.severity for f in schema] == [Severity.ERROR]
    assert [f.severity for f in report.findings if f.code == code] == (
        [] if severity is None else [severity]
    )


@pytest.mark.parametrize(("code", "edit"), STRUCTURE_CASES, ids=["101-guias", "tipos-misturados"])
def test_cli_profile_softening_a_structure_rule_exits_1(
    tmp_path: Path, code: str, edit: Callable[[etree._Element], None]
) -> None:
    lote = tmp_path / "lote.xml"
    lote.write_bytes(_lote_bytes(edit))
    perfil = tmp_path / "perfil.yaml"
    perfil.write_text(f"severities:\n  {code}: aviso\n", encoding="utf-8")
    result = run("validate", "--format", "json", "--profile", str(perfil), str(lote))
    assert result.exit_code == 1, result.output
    (file_report,) = json.loads(result.stdout)["files"]
    assert not file_report["valid"]
    found = {(f["code"], f["severity"]) for f in file_report["findings"]}
    assert {("XSD", "error"), (code, "warning")} <= found
