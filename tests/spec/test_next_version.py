"""A new TISS version is a data file, not a code change (docs/contributing.md).

A synthetic "4.04.00" is made from the official 4.03.00 XSDs with one element added
(``codigoRastreio`` at the end of each SP/SADT procedure), one field widened (the procedure's
``valorUnitario``, st_decimal10-2 → st_decimal12-2) and one code added to a table (CBO
``223576``; ``Padrao`` also takes ``4.04.00``, as every new version's XSD does). Its facts are
generated into a temporary folder named by ``TISSBILL_SPEC_DATA``, and the writer, the reader
and the VER rules follow them.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.conftest import SCHEMAS_ROOT
from tests.rules.conftest import at, findings, insert, load, of, set_text
from tissbill import spec
from tissbill.billing.builder import LoteRequest, build_lotes
from tissbill.billing.inputs import load_data
from tissbill.errors import VersionFieldError
from tissbill.models.guias import GuiaSPSADT
from tissbill.models.mensagem import MensagemTISS
from tissbill.spec.generator import generate_facts, render
from tissbill.validation.findings import Severity
from tissbill.versions import SPEC_DATA_ENV, TissVersion, supported_versions
from tissbill.xml.reader import ReadError, read_message
from tissbill.xml.writer import write_message

NEXT = "4.04.00"
SADT_ITEM = "//ans:guiaSP-SADT/ans:procedimentosExecutados/ans:procedimentoExecutado[1]"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sadt_exames"


def _edit(path: Path, old: bytes, new: bytes, within: bytes = b"") -> None:
    """Replace ``old`` once, inside the declaration named ``within`` when given."""
    data = path.read_bytes()
    start = data.index(b'name="' + within + b'"') if within else 0
    end = data.index(b"</complexType>", start) if within else len(data)
    assert data.count(old, start, end) == 1, old
    path.write_bytes(data[:start] + data[start:end].replace(old, new) + data[end:])


@pytest.fixture(scope="module")
def next_schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic next version's XSD folder."""
    folder = tmp_path_factory.mktemp("schemas") / NEXT
    shutil.copytree(SCHEMAS_ROOT / "4.03.00", folder)
    complex_types = folder / "tissComplexTypesV4_03_00.xsd"
    sadt_item = b"ct_procedimentoExecutadoSadt"
    _edit(
        complex_types,
        b'<element name="valorUnitario" type="ans:st_decimal10-2"/>',
        b'<element name="valorUnitario" type="ans:st_decimal12-2"/>',
        sadt_item,
    )
    _edit(
        complex_types,
        b'<element name="equipeSadt" type="ans:ct_identEquipeSADT" minOccurs="0" '
        b'maxOccurs="unbounded"/>\r\n\t\t</sequence>',
        b'<element name="equipeSadt" type="ans:ct_identEquipeSADT" minOccurs="0" '
        b'maxOccurs="unbounded"/>\r\n'
        b'\t\t\t<element name="codigoRastreio" type="ans:st_texto30" minOccurs="0"/>\r\n'
        b"\t\t</sequence>",
        sadt_item,
    )
    simple_types = folder / "tissSimpleTypesV4_03_00.xsd"
    _edit(
        simple_types,
        b'<simpleType name="dm_CBOS">\r\n\t\t<restriction base="string">\r\n',
        b'<simpleType name="dm_CBOS">\r\n\t\t<restriction base="string">\r\n'
        b'\t\t\t<enumeration value="223576"/>\r\n',
    )
    _edit(
        simple_types,
        b'<enumeration value="4.03.00"/>\r\n\t\t\t<!--',
        b'<enumeration value="4.03.00"/>\r\n\t\t\t<enumeration value="4.04.00"/>\r\n\t\t\t<!--',
    )
    return folder


@pytest.fixture(scope="module")
def next_data(next_schemas: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The facts of the synthetic version, generated as ``python -m tissbill.spec`` does."""
    out = tmp_path_factory.mktemp("spec-data")
    (out / f"{NEXT}.json").write_text(
        render(generate_facts(next_schemas, NEXT)), encoding="utf-8", newline="\n"
    )
    return out


@pytest.fixture
def with_next(next_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SPEC_DATA_ENV, str(next_data))


def _schema(folder: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(folder / "tissV4_03_00.xsd")))


def _message(version: str) -> MensagemTISS:
    """The SP/SADT example as a message of ``version`` (built in 4.03.00: the lote builder also
    checks its output against the installed XSDs, which the schema manifest lists)."""
    data: dict[str, Any] = load_data(next(EXAMPLE.glob("lote.*")))
    data["versao"] = "4.03.00"
    request = LoteRequest.model_validate(data)
    message = read_message(build_lotes(request.guias, request.settings)[0].xml)
    cabecalho = message.cabecalho.model_copy(update={"padrao": TissVersion(version)})
    return message.model_copy(update={"cabecalho": cabecalho})


def _with_unit_price(message: MensagemTISS, price: Decimal) -> MensagemTISS:
    """``message`` with its first SP/SADT procedure priced ``price``, past the model's check
    (as the writer meets computed values)."""
    ppo = message.prestador_para_operadora
    lote = ppo.lote_guias
    guia = lote.guias_tiss[0]
    assert isinstance(guia, GuiaSPSADT)
    first = guia.procedimentos_executados[0].model_copy(update={"valor_unitario": price})
    guia = guia.model_copy(
        update={"procedimentos_executados": [first, *guia.procedimentos_executados[1:]]}
    )
    lote = lote.model_copy(update={"guias_tiss": [guia, *lote.guias_tiss[1:]]})
    return message.model_copy(
        update={"prestador_para_operadora": ppo.model_copy(update={"lote_guias": lote})}
    )


def test_the_generated_facts_show_the_three_changes(with_next: None) -> None:
    changes = {
        (c.kind, c.where): c for c in spec.diff(spec.for_version("4.03.00"), spec.for_version(NEXT))
    }
    assert ("added", "ct_procedimentoExecutadoSadt/codigoRastreio") in changes
    widened = changes[("widened", "ct_procedimentoExecutadoSadt/valorUnitario")]
    assert (widened.before, widened.after) == ("st_decimal10-2", "st_decimal12-2")
    assert changes[("enumeration", "dm_CBOS")].after == ["223576"]


def test_the_version_is_known_only_with_its_data(next_data: Path) -> None:
    assert NEXT not in supported_versions()
    with pytest.raises(ValueError, match=r"4\.04\.00"):
        TissVersion.parse(NEXT)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SPEC_DATA_ENV, str(next_data))
        assert supported_versions()[-1] == NEXT
        assert TissVersion.parse(NEXT) > TissVersion.V4_03_00


def test_writer_and_reader_follow_the_next_version(with_next: None, next_schemas: Path) -> None:
    message = _message(NEXT)
    assert message.cabecalho.padrao == NEXT
    xml = write_message(message)
    assert _schema(next_schemas).validate(etree.fromstring(xml))
    read = read_message(xml)
    assert read.cabecalho.padrao is TissVersion(NEXT)
    assert write_message(read) == xml

    # The widened field: 11 digits fit 4.04.00 (st_decimal12-2) but not 4.03.00.
    wide = Decimal("123456789.01") * 100
    written = write_message(_with_unit_price(message, wide))
    assert b"<ans:valorUnitario>12345678901.00</ans:valorUnitario>" in written
    assert _schema(next_schemas).validate(etree.fromstring(written))
    older = _with_unit_price(_message("4.03.00"), wide)
    with pytest.raises(VersionFieldError, match=r"'valor_unitario' na versão TISS 4\.03\.00"):
        write_message(older)

    # The added element is the version's, but no model holds it: the reader names it rather
    # than dropping it.
    root = etree.fromstring(xml)
    insert(root, SADT_ITEM, "codigoRastreio", "RT-1", after="equipeSadt[last()]")
    with pytest.raises(ReadError, match="codigoRastreio"):
        read_message(etree.tostring(root))


def _older_file_with_next_features() -> etree._Element:
    root = load("sadt")
    insert(root, SADT_ITEM, "codigoRastreio", "RT-1", after="equipeSadt[last()]")
    set_text(root, f"{SADT_ITEM}/ans:equipeSadt[1]/ans:CBOS", "223576")
    set_text(root, f"{SADT_ITEM}/ans:valorUnitario", "12345678901.00")
    return root


def test_ver_rules_follow_the_next_version(with_next: None) -> None:
    found = findings(_older_file_with_next_features())
    (element,) = of(found, "VER-002")
    assert element.severity is Severity.ERROR
    assert element.message == (
        "codigoRastreio não existe na TISS 4.03.00: remova-o ou gere o arquivo na versão 4.04.00."
    )
    (code,) = of(found, "VER-005")
    assert code.message == (
        "CBO 223576 não existe na TISS 4.03.00; só é aceito a partir da versão 4.04.00."
    )
    (width,) = of(found, "TOT-012")
    assert "na versão 4.03.00" in width.message

    # The same content declared as 4.04.00 has none of them.
    root = _older_file_with_next_features()
    set_text(root, "//ans:cabecalho/ans:Padrao", NEXT)
    found = findings(root, version=NEXT)
    assert of(found, "VER-002") == of(found, "VER-005") == of(found, "TOT-012") == []


def test_without_the_data_the_new_features_are_unknown() -> None:
    found = findings(_older_file_with_next_features())
    assert of(found, "VER-002") == of(found, "VER-005") == []
    (width,) = of(found, "TOT-012")
    assert "na versão" not in width.message
    assert at(load("sadt"), "//ans:Padrao").text == "4.03.00"
