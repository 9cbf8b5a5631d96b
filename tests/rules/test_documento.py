"""Document-wide rules: GEN (value forms), VER (versions), ENC (encoding), HASH and SIG."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import official_schema
from tests.rules.conftest import (
    FIXTURE_NAMES,
    VERSION,
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
from tests.rules.test_identificadores import SEED
from tissbill.validation import validate
from tissbill.validation.context import MessageContext
from tissbill.validation.engine import run_rules
from tissbill.validation.findings import Severity
from tissbill.validation.profile import Profile
from tissbill.xml.epilogo import hash_payload
from tissbill.xml.namespaces import DS_NS, TISS_NS

DOC_CODES = (
    "GEN-001", "GEN-002", "GEN-003", "GEN-004", "GEN-005",
    "VER-001", "VER-002", "VER-003", "VER-005",
    "ENC-001", "ENC-002", "ENC-003",
    "HASH-001", "HASH-002", "HASH-003", "HASH-004",
)  # fmt: skip
HASH = "/ans:mensagemTISS/ans:epilogo/ans:hash"
PADRAO = "/ans:mensagemTISS/ans:cabecalho/ans:Padrao"
ROOT = "/ans:mensagemTISS"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
@pytest.mark.parametrize("code", DOC_CODES)
def test_valid_fixture_passes(name: str, code: str) -> None:
    assert of(run_rules(load(name), version="4.03.00", declared_encoding="iso-8859-1"), code) == []


def with_version(name: str, version: str) -> etree._Element:
    root = load(name)
    set_text(root, PADRAO, version)
    return root


# --- GEN-001 blank / padded values ---------------------------------------------------------------


def test_gen001_padded_value_is_a_warning() -> None:
    root = load("consulta")
    path = "//ans:guiaConsulta[1]//ans:nomeProfissional"
    set_text(root, path, " MARIANA LOPES FALCÃO ")
    finding = single(root, "GEN-001", Severity.WARNING, path)
    assert "nomeProfissional" in finding.message and "' MARIANA LOPES FALCÃO '" in finding.message
    assert finding.guia == "100000000000000451"


def test_gen001_whitespace_only_mandatory_value_is_an_error() -> None:
    root = load("sadt")
    path = "//ans:procedimentoExecutado[1]/ans:procedimento/ans:descricaoProcedimento"
    set_text(root, path, " \r\n\t")
    assert "só com espaços" in single(root, "GEN-001", Severity.ERROR, path).message


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("sadt", "//ans:dadosSolicitacao/ans:indicacaoClinica"),
        ("resumo", "//ans:codigoRefFabricante"),
    ],
)
def test_gen001_whitespace_only_optional_value_is_a_warning(name: str, path: str) -> None:
    # The catalogue reserves the error for mandatory fields: an optional one is just omitted.
    root = load(name)
    set_text(root, path, "   ")
    finding = single(root, "GEN-001", Severity.WARNING, path)
    assert "opcional" in finding.message and "omita o elemento" in finding.message


def test_gen001_without_the_schema_a_blank_value_stays_an_error() -> None:
    root = load("sadt")
    path = "//ans:dadosSolicitacao/ans:indicacaoClinica"
    set_text(root, path, " ")
    (finding,) = of(run_rules(root, version=None), "GEN-001")
    assert finding.severity is Severity.ERROR


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_spec_optional_agrees_with_libxml2_on_every_leaf(name: str) -> None:
    """An element the spec judges optional can be removed and the file still passes the XSD;
    removing a mandatory one makes it fail."""
    schema = official_schema(VERSION)
    tiss = f"{{{TISS_NS}}}*"
    leaves = [n for n, e in enumerate(load(name).iter(tiss)) if len(e) == 0]
    for index in leaves:
        root = load(name)
        element = list(root.iter(tiss))[index]
        path = root.getroottree().getpath(element)
        optional = MessageContext(root, version=VERSION, profile=Profile()).optional_in_schema(
            element
        )
        assert optional is not None, path
        parent = element.getparent()
        assert parent is not None
        parent.remove(element)
        assert schema.validate(root) is optional, path


def test_gen001_inner_spaces_are_fine() -> None:
    root = load("sadt")
    set_text(root, "//ans:dadosSolicitacao/ans:indicacaoClinica", "DOR  ABDOMINAL")
    assert of(findings(root), "GEN-001") == []


def _leaf_paths(name: str) -> list[str]:
    """XPaths (``ans:`` prefix) of every non-empty value of fixture ``name``."""
    tree = load(name).getroottree()
    return [
        tree.getpath(element)
        for element in tree.iter(f"{{{TISS_NS}}}*")
        if len(element) == 0 and element.text
    ]


LEAF_PATHS = {name: _leaf_paths(name) for name in FIXTURE_NAMES}


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(FIXTURE_NAMES).flatmap(
        lambda name: st.tuples(st.just(name), st.sampled_from(LEAF_PATHS[name]))
    ),
    st.text(" \t\r\n\xa0", min_size=1, max_size=3),
    st.booleans(),
)
def test_gen001_any_padding_of_any_value_is_reported(
    case: tuple[str, str], padding: str, leading: bool
) -> None:
    name, path = case
    root = load(name)
    target = at(root, path)
    target.text = padding + (target.text or "") if leading else (target.text or "") + padding
    hits = [f for f in of(findings(root), "GEN-001") if f.xpath is not None]
    assert len(hits) == 1
    assert at(root, hits[0].xpath or "") is target
    assert hits[0].severity is Severity.WARNING


# --- GEN-002 dates / times without timezone ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "path", "value"),
    [
        ("sadt", "//ans:procedimentoExecutado[1]/ans:dataExecucao", "2026-10-20-03:00"),
        ("resumo", "//ans:dadosInternacao/ans:dataInicioFaturamento", "2026-10-05Z"),
        ("sadt", "//ans:procedimentoExecutado[1]/ans:horaInicial", "09:10:00-03:00"),
        ("honorarios", "//ans:procedimentoRealizado[1]/ans:horaFinal", "10:30:00.500"),
        ("honorarios", "//ans:procedimentoRealizado[2]/ans:horaInicial", "09:00:00.5"),
        ("consulta", "//ans:guiaConsulta[1]//ans:dataAtendimento", "2026-10-14+00:00"),
    ],
)
def test_gen002_timezone_or_fraction(name: str, path: str, value: str) -> None:
    root = load(name)
    set_text(root, path, value)
    assert value in single(root, "GEN-002", Severity.WARNING, path).message


# --- GEN-003 decimal lexical form ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "path", "value", "says"),
    [
        ("sadt", "//ans:procedimentoExecutado[1]/ans:valorUnitario", "350.0", "2 casas"),
        ("sadt", "//ans:valorTotal/ans:valorTotalGeral", "1200", "2 casas"),
        ("consulta", "//ans:guiaConsulta[1]//ans:valorProcedimento", "150,00", "vírgula"),
        ("resumo", "//ans:procedimentoExecutado[2]/ans:valorTotal", "+190.00", "sinal"),
        ("sadt", "//ans:despesa[1]//ans:quantidadeExecutada", "2.", "forma decimal"),
        ("honorarios", "//ans:procedimentoRealizado[1]/ans:reducaoAcrescimo", ".50", "forma"),
    ],
)
def test_gen003_decimal_form(name: str, path: str, value: str, says: str) -> None:
    root = load(name)
    set_text(root, path, value)
    assert says in single(root, "GEN-003", Severity.WARNING, path).message


MONEY = "//ans:procedimentoExecutado[1]/ans:valorUnitario"


@given(st.decimals(min_value=0, max_value=99_999_999, places=2, allow_nan=False))
def test_gen003_money_with_two_decimals_passes(value: Decimal) -> None:
    root = load("sadt")
    set_text(root, MONEY, f"{abs(value):.2f}")  # abs: Decimal("-0") would print a sign
    assert of(findings(root), "GEN-003") == []


@given(
    st.decimals(min_value=0, max_value=99_999, allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1, 3, 4]),
)
def test_gen003_money_without_exactly_two_decimals_is_reported(value: Decimal, places: int) -> None:
    root = load("sadt")
    set_text(root, MONEY, f"{abs(value):.{places}f}")
    (finding,) = of(findings(root), "GEN-003")
    assert at(root, finding.xpath or "") is at(root, MONEY)


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2026, 10, 19)),
    st.sampled_from(["Z", "-03:00", "+00:00", "-02:00"]),
)
def test_gen002_any_date_with_a_zone_is_reported(day: dt.date, zone: str) -> None:
    root = load("resumo")
    path = "//ans:procedimentoExecutado[2]/ans:dataExecucao"
    set_text(root, path, day.isoformat() + zone)
    assert len(of(findings(root), "GEN-002")) == 1


def test_gen003_leaves_negative_values_to_the_value_rules() -> None:
    root = load("sadt")
    set_text(root, "//ans:procedimentoExecutado[1]/ans:valorUnitario", "-350.00")
    assert of(findings(root), "GEN-003") == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("//ans:procedimentoExecutado[1]/ans:valorUnitario", "-0.00"),
        ("//ans:despesa[1]//ans:quantidadeExecutada", "-0.0000"),
    ],
)
def test_gen003_signed_zero_is_reported(path: str, value: str) -> None:
    root = load("sadt")
    set_text(root, path, value)
    assert "zero com sinal" in single(root, "GEN-003", Severity.WARNING, path).message


# --- GEN-005 markup inside values ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "says"),
    [("<!---->", "comentário"), ("<?x y?>", "instrução"), ("<![CDATA[0]]>", "CDATA")],
)
def test_gen005_markup_inside_a_value_is_a_warning(markup: str, says: str) -> None:
    from tissbill.validation import validate
    from tissbill.xml.rehash import rewrite_hash

    data = fixture_bytes("consulta").replace(
        b"<ans:numeroCarteira>0", f"<ans:numeroCarteira>{markup}0".encode(), 1
    )
    report = validate(rewrite_hash(data).data)
    (finding,) = report.findings
    assert finding.code == "GEN-005" and finding.severity is Severity.WARNING
    assert says in finding.message and finding.xpath is not None
    assert finding.xpath.endswith("ans:numeroCarteira")


# --- GEN-004 integer quantities ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("sadt", "//ans:procedimentoExecutado[2]/ans:quantidadeExecutada"),
        ("resumo", "//ans:procedimentoExecutado[1]/ans:quantidadeExecutada"),
        ("honorarios", "//ans:procedimentoRealizado[2]/ans:quantidadeExecutada"),
    ],
)
def test_gen004_procedure_quantity_below_one(name: str, path: str) -> None:
    root = load(name)
    set_text(root, path, "0")
    assert "maior ou igual a 1" in single(root, "GEN-004", Severity.ERROR, path).message


def test_gen004_ignores_despesa_quantities() -> None:
    root = load("sadt")
    set_text(root, "//ans:despesa[1]//ans:quantidadeExecutada", "0")
    assert of(findings(root), "GEN-004") == []


# --- VER -----------------------------------------------------------------------------------------

CNPJ_SADT = "//ans:dadosExecutante/ans:contratadoExecutante/ans:cnpjContratado"


@pytest.mark.parametrize("version", ["4.01.00", "4.02.00"])
def test_ver001_alphanumeric_cnpj_before_403(version: str) -> None:
    root = with_version("sadt", version)
    set_text(root, CNPJ_SADT, "12ABC34501DE35")
    finding = single(root, "VER-001", Severity.ERROR, CNPJ_SADT, version=version)
    assert version in finding.message and "4.03.00" in finding.message
    assert of(findings(root, version=version), "ID-002") == []  # check digits are right


def test_ver001_alphanumeric_origem_cnpj() -> None:
    root = with_version("sadt", "4.02.00")
    path = "//ans:origem/ans:identificacaoPrestador/ans:CNPJ"
    set_text(root, path, "12ABC34501DE35")
    single(root, "VER-001", Severity.ERROR, path, version="4.02.00")


def test_ver001_alphanumeric_cnpj_in_403_passes() -> None:
    root = load("sadt")
    set_text(root, CNPJ_SADT, "12ABC34501DE35")
    assert of(findings(root), "VER-001") == []


def test_ver002_centro_consumo_before_403() -> None:
    root = with_version("resumo", "4.02.00")
    elements = root.findall(f".//{{{TISS_NS}}}centroConsumo")
    hits = of(findings(root, version="4.02.00"), "VER-002")
    assert len(elements) > 1 and len(hits) == len(elements)
    assert [at(root, f.xpath or "") for f in hits] == elements
    assert all(f.severity is Severity.ERROR and "4.02.00" in f.message for f in hits)


def test_ver003_honorarios_without_carater_in_403() -> None:
    root = load("honorarios")
    remove(root, "//ans:dadosInternacao/ans:caraterAtendimento")
    single(root, "VER-003", Severity.ERROR, "//ans:guiaHonorarios/ans:dadosInternacao")


def test_ver003_honorarios_with_carater_before_403() -> None:
    root = with_version("honorarios", "4.01.00")
    path = "//ans:dadosInternacao/ans:caraterAtendimento"
    single(root, "VER-003", Severity.ERROR, path, version="4.01.00")


def test_ver003_honorarios_without_carater_in_402_passes() -> None:
    root = with_version("honorarios", "4.02.00")
    remove(root, "//ans:dadosInternacao/ans:caraterAtendimento")
    assert of(findings(root, version="4.02.00"), "VER-003") == []


def test_ver005_obstetriz_in_401() -> None:
    root = with_version("resumo", "4.01.00")
    path = "//ans:procedimentoExecutado[1]/ans:identEquipe[2]//ans:CBOS"
    set_text(root, path, "223575")
    assert "obstetriz" in single(root, "VER-005", Severity.ERROR, path, version="4.01.00").message


def test_ver005_obstetriz_from_402_passes() -> None:
    root = with_version("resumo", "4.02.00")
    set_text(root, "//ans:procedimentoExecutado[1]/ans:identEquipe[2]//ans:CBOS", "223575")
    assert of(findings(root, version="4.02.00"), "VER-005") == []


def test_ver_rules_use_padrao_when_no_schema_was_chosen() -> None:
    root = with_version("resumo", "4.01.00")
    set_text(root, "//ans:procedimentoExecutado[1]/ans:identEquipe[2]//ans:CBOS", "223575")
    assert len(of(run_rules(root), "VER-005")) == 1


# --- ENC -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("declared", ["utf-8", "UTF-8", "windows-1252"])
def test_enc001_file_not_declared_iso_8859_1(declared: str) -> None:
    root = load("consulta")
    (finding,) = of(run_rules(root, version="4.03.00", declared_encoding=declared), "ENC-001")
    assert finding.severity is Severity.WARNING
    assert finding.xpath == ROOT and declared.upper() in finding.message


@pytest.mark.parametrize("declared", ["ISO-8859-1", "latin1", "iso8859-1", None])
def test_enc001_iso_8859_1_or_unknown_passes(declared: str | None) -> None:
    found = run_rules(load("consulta"), version="4.03.00", declared_encoding=declared)
    assert of(found, "ENC-001") == []


def test_enc002_characters_outside_latin1() -> None:
    root = load("sadt")
    path = "//ans:despesa[1]//ans:descricaoProcedimento"
    set_text(root, path, "PINÇA “DESCARTÁVEL” – 2,3MM")
    message = single(root, "ENC-002", Severity.ERROR, path).message
    assert "U+201C" in message and "U+2013" in message and '“ → "' in message


def test_enc002_windows_1252_control_characters_are_a_warning() -> None:
    root = load("resumo")
    path = "//ans:procedimentoExecutado[2]//ans:descricaoProcedimento"
    set_text(root, path, "VISITA \x93HOSPITALAR\x94")
    single(root, "ENC-002", Severity.WARNING, path)


def _reserialized(root: etree._Element, nsmap: dict[str | None, str]) -> etree._Element:
    """The same message written with another prefix for the TISS namespace."""
    copy = etree.Element(f"{{{TISS_NS}}}mensagemTISS", nsmap=nsmap)
    copy.extend(list(root))
    return etree.fromstring(etree.tostring(copy))


@pytest.mark.parametrize("prefix", [None, "tiss"])
def test_enc003_prefix_other_than_ans(prefix: str | None) -> None:
    root = _reserialized(load("honorarios"), {prefix: TISS_NS})
    (finding,) = of(findings(root), "ENC-003")
    assert finding.severity is Severity.WARNING and finding.line == 1
    assert ("'tiss'" if prefix else "sem prefixo") in finding.message


# --- HASH / SIG ----------------------------------------------------------------------------------


def test_hash001_wrong_hash() -> None:
    root = load("honorarios")
    set_text(root, "//ans:procedimentoRealizado[2]/ans:valorTotal", "360.01")
    finding = single(root, "HASH-001", Severity.ERROR, HASH)
    assert "d163f077e63a33c6f95df1322c35952c" in finding.message
    rehash(root)
    assert of(findings(root), "HASH-001") == []


def test_hash001_missing_hash() -> None:
    root = load("consulta")
    set_text(root, HASH, "")
    assert "não tem hash" in single(root, "HASH-001", Severity.ERROR, HASH).message


def test_hash002_pretty_printed_file() -> None:
    root = load("sadt")
    etree.indent(root)
    root = etree.fromstring(etree.tostring(root))
    (finding,) = of(findings(root), "HASH-002")
    assert finding.severity is Severity.WARNING and finding.xpath == ROOT
    assert of(findings(root), "HASH-001") == []  # inter-tag whitespace is not in the hash


def test_hash003_hash_computed_over_utf8() -> None:
    root = load("resumo")  # has accented values, so the two digests differ
    at(root, HASH).text = hashlib.md5(hash_payload(root).encode("utf-8")).hexdigest()
    finding = single(root, "HASH-003", Severity.WARNING, HASH)
    assert "UTF-8" in finding.message
    assert of(findings(root), "HASH-001") == []


def test_hash003_upper_case_hash_is_accepted_with_advice() -> None:
    root = load("sadt")
    at(root, HASH).text = (at(root, HASH).text or "").upper()
    single(root, "HASH-003", Severity.INFO, HASH)
    assert of(findings(root), "HASH-001") == []


def _signed(root: etree._Element) -> etree._Element:
    signature = etree.SubElement(root, f"{{{DS_NS}}}Signature", nsmap={"ds": DS_NS})
    etree.SubElement(signature, f"{{{DS_NS}}}SignatureValue").text = "bm90IGEgcmVhbCBzaWduYXR1cmU="
    return root


def test_hash004_hash_that_included_the_signature() -> None:
    root = _signed(load("consulta"))
    payload = hash_payload(root) + "bm90IGEgcmVhbCBzaWduYXR1cmU="
    at(root, HASH).text = hashlib.md5(payload.encode("iso-8859-1")).hexdigest()
    single(root, "HASH-004", Severity.INFO, HASH)
    assert len(of(findings(root), "HASH-001")) == 1


def test_hash004_signature_outside_the_hash_passes() -> None:
    root = _signed(load("consulta"))
    assert of(findings(root), "HASH-004") == []
    assert of(findings(root), "HASH-001") == []


SIGNATURE_WANTED = Profile(severities={"SIG-001": Severity.INFO})


def test_sig001_is_off_by_default() -> None:
    assert of(findings(load("honorarios")), "SIG-001") == []


def test_sig001_unsigned_message_gets_advice_when_the_profile_asks() -> None:
    (finding,) = of(findings(load("honorarios"), SIGNATURE_WANTED), "SIG-001")
    assert finding.severity is Severity.INFO and finding.xpath == ROOT


def test_sig001_can_be_an_error_for_an_operadora_that_demands_it() -> None:
    demanding = Profile(severities={"SIG-001": Severity.ERROR})
    (finding,) = of(findings(load("honorarios"), demanding), "SIG-001")
    assert finding.severity is Severity.ERROR


def test_sig001_signed_message_passes() -> None:
    assert of(findings(_signed(load("honorarios")), SIGNATURE_WANTED), "SIG-001") == []


# --- the shared example --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["seed_opme_resumo_401.xml", "seed_opme_resumo_401.compact.xml"])
def test_seed_example_hash_passes_and_bad_cnpj_is_flagged(name: str) -> None:
    root = etree.parse(str(SEED / name)).getroot()
    found = run_rules(root, version="4.01.00", declared_encoding="iso-8859-1")
    codes = {f.code for f in found}
    assert not codes & {"HASH-001", "HASH-003", "HASH-004", "ENC-001", "ENC-002", "GEN-001"}
    assert {"ID-002", "LOT-013"} <= codes
    assert ("HASH-002" in codes) is (name == "seed_opme_resumo_401.xml")


def test_insert_helper_keeps_schema_order() -> None:
    root = load("consulta")
    element = insert(
        root, "//ans:guiaConsulta[1]", "codValidacao", "X1", after="numeroGuiaOperadora"
    )
    previous = element.getprevious()
    assert previous is not None and previous.tag == f"{{{TISS_NS}}}numeroGuiaOperadora"


def test_validate_accepts_a_blank_optional_field_with_a_warning() -> None:
    root = load("sadt")
    set_text(root, "//ans:dadosSolicitacao/ans:indicacaoClinica", "  ")
    rehash(root)
    report = validate(etree.tostring(root, xml_declaration=True, encoding="ISO-8859-1"))
    assert report.valid
    assert [(f.code, f.severity) for f in report.findings] == [("GEN-001", Severity.WARNING)]
