"""The per-guia records the rules share (itens.Fields, items, sections) and their lifetime."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from tissbill.validation import context
from tissbill.validation.context import MessageContext
from tissbill.validation.itens import NO_FIELDS, Fields, children, items, section
from tissbill.validation.profile import STRICT_PROFILE
from tissbill.xml.namespaces import TISS_NS

from .conftest import valid_bytes


def _element(name: str, value: str | None) -> etree._Element:
    element = etree.Element(f"{{{TISS_NS}}}{name}")
    element.text = value
    return element


def _xml_text(value: str) -> bool:
    return all(c in "\t\n\r" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" for c in value)


_VALUES = st.one_of(
    st.text(max_size=20), st.from_regex(r"\s*[+-]?\d{0,17}(\.\d{0,17})?\s*", fullmatch=True)
).filter(_xml_text)
"""Any text an lxml leaf may hold, and numbers around the xs:decimal limits."""


@given(value=_VALUES)
def test_field_values_are_the_context_readers_values_read_once(value: str) -> None:
    element = _element("valorTotal", value)
    fields = Fields({"valorTotal": element})
    assert fields.number("valorTotal") == context.decimal(element)
    assert fields.date("valorTotal") == context.date(element)
    assert fields.time("valorTotal") == context.time(element)
    assert fields.text("valorTotal") == value.strip()
    element.text = "1.00"  # cached: the rules of one guia all see the first reading
    assert fields.number("valorTotal") == context.decimal(_element("v", value))


def test_absent_fields_read_as_empty_and_are_not_cached() -> None:
    fields = Fields({})
    assert (fields.text("x"), fields.number("x"), fields.date("x"), fields.time("x")) == (
        "",
        None,
        None,
        None,
    )
    assert NO_FIELDS.number("valorTotal") is None and not NO_FIELDS.names()
    assert "valorTotal" not in NO_FIELDS and NO_FIELDS.get("valorTotal") is None


def test_children_keep_the_first_of_a_repeated_name_and_skip_comments() -> None:
    parent = etree.Element(f"{{{TISS_NS}}}p")
    parent.append(etree.Comment("c"))
    first, second = _element("a", "1"), _element("a", "2")
    parent.extend([first, second, _element("b", "3")])
    assert children(parent) == {"a": first, "b": parent[3]}
    assert children(None) == {}


def test_records_live_on_the_guia_until_released() -> None:
    root = etree.fromstring(valid_bytes("resumo"))
    (guia,) = MessageContext(root, version="4.03.00", profile=STRICT_PROFILE).guias
    read = items(guia)
    assert items(guia) is read and section(guia, "valorTotal") is section(guia, "valorTotal")
    assert [i.number("sequencialItem") for i in read.all] == [Decimal(n) for n in range(1, 9)]
    assert read.despesas[0].holder.tag == f"{{{TISS_NS}}}servicosExecutados"
    numero = guia.numero
    guia.release()
    assert guia.records is None and "procedimentos" not in guia.__dict__
    again = items(guia)
    assert again is not read and [i.element for i in again.all] == [i.element for i in read.all]
    assert guia.numero == numero
