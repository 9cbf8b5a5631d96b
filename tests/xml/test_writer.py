"""Writer behaviour: XSD order and forms, version-specific fields, encodings."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.conftest import assert_valid_xsd
from tissbill.billing.builder import LoteRequest, build_lotes
from tissbill.billing.inputs import load_data
from tissbill.errors import EncodingError, VersionFieldError
from tissbill.xml.reader import read_message
from tissbill.xml.writer import write_message

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _request(name: str, version: str = "4.03.00") -> dict[str, Any]:
    source = next((EXAMPLES / name).glob("lote.*"))
    data: dict[str, Any] = load_data(source)
    data["versao"] = version
    return data


def _build(data: dict[str, Any], encoding: str = "iso-8859-1") -> bytes:
    request = LoteRequest.model_validate(data)
    return build_lotes(request.guias, request.settings, encoding=encoding)[0].xml


def _opme(data: dict[str, Any]) -> dict[str, Any]:
    return data["guias"][0]["outras_despesas"][0]["servicos_executados"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("version", ["4.01.00", "4.02.00", "4.03.00"])
@pytest.mark.parametrize("example", ["pasa_opme_resumo", "sadt_exames", "ipam_consultas"])
def test_examples_validate_in_every_version(example: str, version: str) -> None:
    xml = _build(_request(example, version))
    assert_valid_xsd(xml, version)
    assert f"<ans:Padrao>{version}</ans:Padrao>".encode() in xml


def test_output_is_compact_latin1_with_ans_prefix() -> None:
    xml = _build(_request("pasa_opme_resumo"))
    assert xml.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<ans:mensagemTISS ')
    assert b">\n<" not in xml.split(b"\n", 1)[1] and b">  <" not in xml
    assert "CÂNULA".encode("latin-1") in xml
    assert b"<ans:quantidadeExecutada>4.0000</ans:quantidadeExecutada>" in xml
    assert b"<ans:valorUnitario>1800.00</ans:valorUnitario>" in xml
    assert b"<ans:reducaoAcrescimo>1.00</ans:reducaoAcrescimo>" in xml
    assert b"<ans:horaFinalFaturamento>16:44:22</ans:horaFinalFaturamento>" in xml
    assert b"<ans:dataFinalFaturamento>2025-01-29</ans:dataFinalFaturamento>" in xml


def test_utf8_on_request_same_content_same_hash() -> None:
    data = _request("pasa_opme_resumo")
    latin1, utf8 = _build(data), _build(data, encoding="utf-8")
    assert utf8.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert "CÂNULA".encode() in utf8
    assert read_message(latin1) == read_message(utf8)


def test_an_unsupported_encoding_is_a_tissbill_error() -> None:
    message = read_message(_build(_request("pasa_opme_resumo")))
    with pytest.raises(EncodingError, match="'utf-16' não suportada; use 'iso-8859-1' ou 'utf-8'"):
        write_message(message, encoding="utf-16")


@pytest.mark.parametrize("char", ["\u201cx\u201d", "\u2013", "\u20ac", "\U0001f600"])
def test_text_outside_latin1_is_rejected_with_the_field(char: str) -> None:
    data = _request("pasa_opme_resumo")
    _opme(data)["descricao_procedimento"] = f"CÂNULA {char}"
    with pytest.raises(EncodingError) as info:
        _build(data)
    message = str(info.value)
    assert "guias_tiss[0].outras_despesas[0].servicos_executados.descricao_procedimento" in message
    assert "ISO-8859-1" in message


def test_control_characters_are_rejected() -> None:
    data = _request("pasa_opme_resumo")
    _opme(data)["descricao_procedimento"] = "CÂNULA\x0b"
    with pytest.raises(EncodingError, match=r"U\+000B"):
        _build(data)


def _assert_one_naming(message: str) -> None:
    """Errors name fields as users type them (snake_case), never mixed with TISS camelCase."""
    assert not re.search(r"[a-z][A-Z]", message), message


def test_centro_consumo_only_from_403() -> None:
    data = _request("pasa_opme_resumo", "4.03.00")
    _opme(data)["centro_consumo"] = "6"
    xml = _build(data)
    assert_valid_xsd(xml, "4.03.00")
    # centroConsumo goes right after valorTotal (XSD order).
    assert (
        b"<ans:valorTotal>7200.00</ans:valorTotal><ans:centroConsumo>6</ans:centroConsumo>" in xml
    )
    data["versao"] = "4.01.00"
    with pytest.raises(VersionFieldError, match=r"'centro_consumo' só existe .* 4\.03\.00") as e:
        _build(data)
    _assert_one_naming(str(e.value))


def test_honorarios_carater_atendimento_per_version() -> None:
    data = _request("honorarios", "4.03.00")
    del data["guias"][0]["dados_internacao"]["carater_atendimento"]
    with pytest.raises(VersionFieldError, match=r"'carater_atendimento' é obrigatório") as e:
        _build(data)
    _assert_one_naming(str(e.value))
    data["versao"] = "4.02.00"
    assert_valid_xsd(_build(data), "4.02.00")
    data["guias"][0]["dados_internacao"]["carater_atendimento"] = "1"
    with pytest.raises(VersionFieldError, match="'carater_atendimento' só existe"):
        _build(data)


def test_alphanumeric_cnpj_only_from_403() -> None:
    data = _request("pasa_opme_resumo", "4.03.00")
    data["prestador"] = {"cnpj": "12ABC34501DE35"}
    assert_valid_xsd(_build(data), "4.03.00")
    data["versao"] = "4.02.00"
    with pytest.raises(
        VersionFieldError,
        match=r"12ABC34501DE35 .* a partir da versão TISS 4\.03\.00.*\[0-9\]\{14\}",
    ):
        _build(data)


def test_item_value_width_in_401() -> None:
    data = _request("pasa_opme_resumo", "4.01.00")
    _opme(data)["valor_unitario"] = Decimal("1234567.89")
    _opme(data)["quantidade_executada"] = 1
    with pytest.raises(
        VersionFieldError, match=r"'valor_unitario' na versão TISS 4\.01\.00.*8-2"
    ) as e:
        _build(data)
    _assert_one_naming(str(e.value))
    data["versao"] = "4.02.00"
    assert_valid_xsd(_build(data), "4.02.00")


def test_floats_beyond_the_places_and_extra_decimals_are_refused() -> None:
    data = _request("pasa_opme_resumo")
    _opme(data)["valor_unitario"] = 1800.1  # fits 2 places: read as written
    assert LoteRequest.model_validate(data).guias[0].valor_total_geral == Decimal("7200.40")
    _opme(data)["valor_unitario"] = 1800.125
    with pytest.raises(ValueError, match=r"1800\.125 não cabe em 2 casas decimais"):
        LoteRequest.model_validate(data)
    _opme(data)["valor_unitario"] = Decimal("1800.001")
    with pytest.raises(ValueError, match="2 casas"):
        LoteRequest.model_validate(data)


def test_write_message_completes_totals_and_numbering() -> None:
    data = _request("sadt_exames")
    request = LoteRequest.model_validate(data)
    lote = build_lotes(request.guias, request.settings)[0]
    bare = lote.message.model_copy()
    xml = write_message(bare)
    root = etree.fromstring(xml)
    ns = {"ans": "http://www.ans.gov.br/padroes/tiss/schemas"}
    seqs = [int(e.text or 0) for e in root.iterfind(".//ans:sequencialItem", ns)]
    assert seqs == [1, 2, 3, 4, 5]
    # 18.50 + 2 × 31.45 × 0.90 = 75.11; materiais 2 × 4.35 + 1.5 × 12.10; medicamentos.
    assert root.findtext(".//ans:valorProcedimentos", namespaces=ns) == "75.11"
    assert root.findtext(".//ans:valorMateriais", namespaces=ns) == "26.85"
    assert root.findtext(".//ans:valorMedicamentos", namespaces=ns) == "9.30"
    assert root.findtext(".//ans:valorTotalGeral", namespaces=ns) == "111.26"
    assert dt.date.fromisoformat(root.findtext(".//ans:dataRegistroTransacao", namespaces=ns) or "")


def test_signed_zero_money_is_written_without_sign() -> None:
    # Decimal("-0.00") passes ge=0, and the line total and the guia totals computed from it
    # are -0.00 too: the writer must emit 0.00 (issue #11, item 3).
    data = _request("pasa_opme_resumo")
    _opme(data)["valor_unitario"] = Decimal("-0.00")
    xml = _build(data)
    assert b">-" not in xml
    assert b"<ans:valorUnitario>0.00</ans:valorUnitario>" in xml
    assert_valid_xsd(xml, "4.03.00")
