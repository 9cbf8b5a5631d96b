"""The items of a guia (procedimentos and outras despesas) and its sections, read once per guia.

The item rules (OD, TOT, RI, SADT...) read the same dozen fields of every item. Reading each
item's children once into a dict, kept for the guia while the rules run, replaces one lxml
``find`` per rule and field (an order of magnitude faster on a 100-guia lote). Records are keyed
weakly by the :class:`GuiaContext`, so they live exactly as long as the validation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from weakref import WeakKeyDictionary

from lxml import etree

from tissbill.validation import context
from tissbill.validation.context import GuiaContext, local_name
from tissbill.validation.text import item_label
from tissbill.xml.namespaces import TISS_NS

_NS_PREFIX = len(f"{{{TISS_NS}}}")


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


class Item:
    """A procedimento (executado or realizado) or an outras-despesas ``despesa``.

    Fields are looked up by local name across the item and the element holding its execution
    data: ``servicosExecutados`` for a despesa, ``procedimento`` (tabela, código, descrição) for
    a procedure. ``codigoTabela`` is thus the item's tabela in both cases. ``holder`` is where
    the execution fields sit: the servicosExecutados of a despesa, the procedure itself.
    """

    __slots__ = (
        "_dates",
        "_numbers",
        "codigo_despesa",
        "element",
        "fields",
        "holder",
        "is_despesa",
        "tabela",
    )

    def __init__(self, element: etree._Element) -> None:
        self.element = element
        self._numbers: dict[str, Decimal | None] = {}
        self._dates: dict[str, dt.date | None] = {}
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
        self.fields = fields
        self.codigo_despesa = self.text("codigoDespesa")
        """The código de despesa (tabela 25) of a despesa; ``""`` for procedures."""
        self.tabela = self.text("codigoTabela")

    def get(self, name: str) -> etree._Element | None:
        return self.fields.get(name)

    def text(self, name: str) -> str:
        """Stripped text of field ``name``; ``""`` when absent or empty."""
        element = self.fields.get(name)
        return (element.text or "").strip() if element is not None else ""

    def number(self, name: str) -> Decimal | None:
        """Field ``name`` as Decimal; None when absent or not a number (the XSD reports that)."""
        numbers = self._numbers
        if name not in numbers:
            numbers[name] = context.decimal(self.fields.get(name))
        return numbers[name]

    def date(self, name: str) -> dt.date | None:
        """Field ``name`` as a date; None when absent or unreadable (the XSD reports that)."""
        dates = self._dates
        if name not in dates:
            dates[name] = context.date(self.fields.get(name))
        return dates[name]

    def time(self, name: str) -> dt.time | None:
        return context.time(self.fields.get(name))

    def label(self, preposition: str | None = None) -> str:
        """``"despesa (sequencial 3)"``, ``"da despesa (sequencial 3)"``... (see item_label)."""
        return item_label(self.element, preposition)


_ITEMIZED = frozenset({"guiaResumoInternacao", "guiaSP-SADT", "guiaHonorarios"})
"""Guias with procedure/despesa items (consulta has a single procedimento, odonto its own)."""


class Items:
    """A guia's procedures and despesas, in document order."""

    __slots__ = ("all", "despesas", "procedimentos")

    def __init__(self, guia: GuiaContext) -> None:
        itemized = guia.kind in _ITEMIZED
        self.procedimentos = tuple(Item(e) for e in guia.procedimentos) if itemized else ()
        self.despesas = tuple(Item(e) for e in guia.despesas) if itemized else ()
        self.all = self.procedimentos + self.despesas


class _Read:
    """What the rules read from one guia, filled on first use."""

    __slots__ = ("__weakref__", "items", "sections")

    def __init__(self) -> None:
        self.items: Items | None = None
        self.sections: dict[str, dict[str, etree._Element]] = {}


_READ: WeakKeyDictionary[GuiaContext, _Read] = WeakKeyDictionary()


def _read(guia: GuiaContext) -> _Read:
    read = _READ.get(guia)
    if read is None:
        read = _READ[guia] = _Read()
    return read


def items(guia: GuiaContext) -> Items:
    """The guia's procedures and despesas as :class:`Item` records, read once per guia."""
    read = _read(guia)
    if read.items is None:
        read.items = Items(guia)
    return read.items


def section(guia: GuiaContext, path: str) -> dict[str, etree._Element]:
    """Children by local name of the guia's element at ``path`` (e.g. ``"dadosInternacao"``,
    ``"dadosSolicitante/contratadoSolicitante"``; ``"."`` is the guia element itself).

    Each level is read once per guia, so sections sharing a parent share its reading; empty
    when the section is absent.
    """
    sections = _read(guia).sections
    fields = sections.get(path)
    if fields is None:
        if path == ".":
            fields = children(guia.element)
        else:
            parent, _, name = path.rpartition("/")
            fields = children(section(guia, parent or ".").get(name))
        sections[path] = fields
    return fields


def value(fields: dict[str, etree._Element], name: str) -> str:
    """Stripped text of ``fields[name]``; ``""`` when absent or empty."""
    element = fields.get(name)
    return (element.text or "").strip() if element is not None else ""
