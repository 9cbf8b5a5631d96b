"""What the guia rules read, read once per guia: its items and its sections, as :class:`Fields`.

The item rules (OD, TOT, RI, SADT...) read the same dozen fields of every item, and the guia
rules the same sections (dadosAtendimento, valorTotal...). Each element's children are read
once into a :class:`Fields` record, whose values (stripped text, Decimal, date, time) are parsed
on first use and then shared by every rule: lxml creates new Python objects on each ``.text`` or
``find``, a dict lookup does not. The records hang on the :class:`GuiaContext` and are dropped by
:meth:`GuiaContext.release` once the guia's rules have run, so a big lote never holds the records
of all its guias at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from lxml import etree

from tissbill.validation import context
from tissbill.validation.context import GuiaContext
from tissbill.validation.text import item_label
from tissbill.xml.elements import local_name
from tissbill.xml.namespaces import q

_NS_PREFIX = len(q(""))
_T = TypeVar("_T")


def children(
    element: etree._Element | None, into: dict[str, etree._Element] | None = None
) -> dict[str, etree._Element]:
    """The TISS child elements of ``element`` by local name (the first one of a repeated name),
    added to ``into`` when given (existing names win)."""
    fields: dict[str, etree._Element] = {} if into is None else into
    if element is None:
        return fields
    setdefault = fields.setdefault
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            setdefault(tag[_NS_PREFIX:], child)
    return fields


class Fields:
    """Child elements by local name, with their values parsed on first use.

    Unreadable values are None (the XSD reports them), absent or empty text is ``""``.
    """

    __slots__ = ("_values", "elements")

    def __init__(self, elements: dict[str, etree._Element]) -> None:
        self.elements = elements
        self._values: dict[str, Any] = {}
        """Parsed values: numbers by field name (most lookups), dates and times by
        ``"name:date"``/``"name:time"``. One dict, as most records have only a few."""

    def get(self, name: str) -> etree._Element | None:
        return self.elements.get(name)

    def __getitem__(self, name: str) -> etree._Element:
        return self.elements[name]

    def __contains__(self, name: str) -> bool:
        return name in self.elements

    def names(self) -> list[str]:
        return list(self.elements)

    def text(self, name: str) -> str:
        """Stripped text of field ``name``; ``""`` when absent or empty."""
        element = self.elements.get(name)
        return (element.text or "").strip() if element is not None else ""

    def number(self, name: str) -> Decimal | None:
        """Field ``name`` as Decimal; None when absent or not a number (the XSD reports that)."""
        # Inlined rather than through _parsed: by far the most frequent lookup of the rules.
        values = self._values
        if name in values:
            found: Decimal | None = values[name]
            return found
        element = self.elements.get(name)
        if element is None:
            return None
        number = values[name] = context.decimal(element)
        return number

    def date(self, name: str) -> dt.date | None:
        """Field ``name`` as a date; None when absent or unreadable (the XSD reports that)."""
        return self._parsed(f"{name}:date", name, context.date)

    def time(self, name: str) -> dt.time | None:
        """Field ``name`` as a time; None when absent or unreadable (the XSD reports that)."""
        return self._parsed(f"{name}:time", name, context.time)

    def _parsed(
        self, key: str, name: str, parse: Callable[[etree._Element], _T | None]
    ) -> _T | None:
        values = self._values
        if key in values:
            found: _T | None = values[key]
            return found
        element = self.elements.get(name)
        if element is None:
            return None
        value = values[key] = parse(element)
        return value


NO_FIELDS = Fields({})
"""The fields of an absent section (absent fields are never cached, so it stays empty)."""


class Item(Fields):
    """A procedimento (executado or realizado) or an outras-despesas ``despesa``.

    Fields are looked up by local name across the item and the element holding its execution
    data: ``servicosExecutados`` for a despesa, ``procedimento`` (tabela, código, descrição) for
    a procedure. ``codigoTabela`` is thus the item's tabela in both cases. ``holder`` is where
    the execution fields sit: the servicosExecutados of a despesa, the procedure itself.
    """

    __slots__ = ("codigo_despesa", "element", "holder", "is_despesa", "tabela")

    def __init__(self, element: etree._Element) -> None:
        self.element = element
        self.is_despesa = local_name(element) == "despesa"
        fields = children(element)
        if self.is_despesa:
            servicos = fields.get("servicosExecutados")
            # Without servicosExecutados (an XSD error) findings point at the despesa itself.
            self.holder = servicos if servicos is not None else element
            children(servicos, fields)
        else:
            self.holder = element
            children(fields.get("procedimento"), fields)
        super().__init__(fields)
        self.codigo_despesa = self.text("codigoDespesa")
        """The código de despesa (tabela 25) of a despesa; ``""`` for procedures."""
        self.tabela = self.text("codigoTabela")

    def label(self, preposition: str | None = None) -> str:
        """``"despesa (sequencial 3)"``, ``"da despesa (sequencial 3)"``... (see item_label)."""
        return item_label(self.element, preposition)


class Items:
    """A guia's procedures and despesas, in document order."""

    __slots__ = ("all", "despesas", "procedimentos")

    def __init__(self, guia: GuiaContext) -> None:
        # Only itemized kinds (GuiaKind.procedimentos) have item paths; the others yield none.
        self.procedimentos = tuple(Item(e) for e in guia.procedimentos)
        self.despesas = tuple(Item(e) for e in guia.despesas)
        self.all = self.procedimentos + self.despesas


class GuiaRecords:
    """What the rules read from one guia, filled on first use (kept in ``GuiaContext.records``)."""

    __slots__ = ("items", "sections")

    def __init__(self) -> None:
        self.items: Items | None = None
        self.sections: dict[str, Fields] = {}


def _records(guia: GuiaContext) -> GuiaRecords:
    records = guia.records
    if records is None:
        records = guia.records = GuiaRecords()
    return records


def items(guia: GuiaContext) -> Items:
    """The guia's procedures and despesas as :class:`Item` records, read once per guia."""
    records = _records(guia)
    found = records.items
    if found is None:
        found = records.items = Items(guia)
    return found


def section(guia: GuiaContext, path: str) -> Fields:
    """Fields of the guia's element at ``path`` (e.g. ``"dadosInternacao"``,
    ``"dadosSolicitante/contratadoSolicitante"``; ``"."`` is the guia element itself).

    Each level is read once per guia, so sections sharing a parent share its reading; empty
    when the section is absent.
    """
    sections = _records(guia).sections
    fields = sections.get(path)
    if fields is None:
        if path == ".":
            fields = Fields(children(guia.element))
        else:
            parent, _, name = path.rpartition("/")
            fields = Fields(children(section(guia, parent or ".").get(name)))
        sections[path] = fields
    return fields
