"""The epílogo hash: ANS test vectors, accents, whitespace between tags, UTF-8 variant."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import SEEDS
from tests.strategies import LATIN1_TEXT
from tissbill.billing.builder import LoteRequest, build_lotes
from tissbill.billing.inputs import load_data
from tissbill.xml import epilogo
from tissbill.xml.epilogo import HashEncoding, HashStatus
from tissbill.xml.parser import parse, parse_bytes

VECTORS = SEEDS
ISO_DIGEST = "81328b1b12cf3cf021fedfd1c5b7d2e1"
UTF8_DIGEST = "ed9db35f43edb5ff12bfe8e5826c4ebf"
OPME = Path(__file__).resolve().parents[2] / "examples" / "pasa_opme_resumo" / "lote.yaml"


def _opme_lote(descricao: str) -> bytes:
    data = load_data(OPME)
    despesa = data["guias"][0]["outras_despesas"][0]["servicos_executados"]
    despesa["descricao_procedimento"] = descricao
    request = LoteRequest.model_validate(data)
    return build_lotes(request.guias, request.settings)[0].xml


def test_shared_vectors_pretty_and_compact() -> None:
    for name in ("seed_opme_resumo_401.xml", "seed_opme_resumo_401.compact.xml"):
        root = parse(VECTORS / name).root
        assert epilogo.compute(root) == ISO_DIGEST
        assert epilogo.compute(root, HashEncoding.UTF_8) == UTF8_DIGEST
        assert epilogo.verify(root).status is HashStatus.VALID


def test_utf8_variant_and_case_are_recognised() -> None:
    root = parse(VECTORS / "seed_opme_resumo_401.compact.xml").root
    hash_element = root.find(".//{*}epilogo/{*}hash")
    assert hash_element is not None
    hash_element.text = UTF8_DIGEST
    check = epilogo.verify(root)
    assert check.status is HashStatus.UTF8_VARIANT and check.expected == ISO_DIGEST
    hash_element.text = ISO_DIGEST.upper()
    assert epilogo.verify(root).ok
    hash_element.text = "0" * 32
    assert epilogo.verify(root).status is HashStatus.INVALID
    hash_element.text = ""
    assert epilogo.verify(root).status is HashStatus.MISSING


def test_signature_is_not_hashed() -> None:
    root = parse(VECTORS / "seed_opme_resumo_401.compact.xml").root
    signature = etree.SubElement(root, "{http://www.w3.org/2000/09/xmldsig#}Signature")
    etree.SubElement(signature, "{http://www.w3.org/2000/09/xmldsig#}SignatureValue").text = "x"
    assert epilogo.compute(root) == ISO_DIGEST


@settings(max_examples=60, deadline=None)
@given(st.text(LATIN1_TEXT, min_size=1, max_size=150).filter(str.strip))
def test_hash_of_our_output_ignores_inter_tag_whitespace(descricao: str) -> None:
    xml = _opme_lote(descricao)
    compact = parse_bytes(xml).root
    assert epilogo.verify(compact).ok
    # Pretty-printing adds whitespace between tags only: the hash must not change.
    pretty = etree.tostring(compact, pretty_print=True, encoding="ISO-8859-1")
    assert epilogo.compute(parse_bytes(pretty).root) == epilogo.compute(compact)
    # And it equals MD5 over the concatenated values encoded ISO-8859-1.
    values = "".join(
        (e.text or "") for e in compact.iter() if len(e) == 0 and etree.QName(e).localname != "hash"
    )
    assert epilogo.compute(compact) == epilogo.digest(values, HashEncoding.ISO_8859_1)
    if not descricao.isascii():
        assert epilogo.compute(compact) != epilogo.compute(compact, HashEncoding.UTF_8)


def test_written_hash_changes_with_content() -> None:
    assert _opme_lote("CÂNULA A") != _opme_lote("CÂNULA B")
