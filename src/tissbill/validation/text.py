"""Brazilian formatting of values quoted in finding messages (money, numbers, dates, items).

Messages are read by billing clerks, so values are written the way the TISS guias print them:
``R$ 7.200,00``, ``4,0000``, ``29/01/2025 16:44:22``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

from tissbill.validation.context import WIDE_DECIMALS, text
from tissbill.xml.elements import local_name


def number(value: Decimal, places: int = 2) -> str:
    """``Decimal("1234.5")`` → ``"1.234,50"`` (rounded half-up to ``places`` decimals)."""
    quantized = value.quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=WIDE_DECIMALS
    )
    us = f"{quantized:,.{places}f}"
    return us.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def brl(value: Decimal) -> str:
    """Money: ``Decimal("7200")`` → ``"R$ 7.200,00"``; negatives as ``"-R$ 5,00"``."""
    sign = "-" if value < 0 else ""
    return f"{sign}R$ {number(abs(value))}"


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def instant(value: dt.datetime) -> str:
    return value.strftime("%d/%m/%Y %H:%M:%S")


_ITEMS = {
    "despesa": ("despesa", "a"),
    "procedimentoExecutado": ("procedimento", "o"),
    "procedimentoRealizado": ("procedimento", "o"),
}
_CONTRACTIONS = {"de": "d", "em": "n"}


def item_label(item: etree._Element, preposition: str | None = None) -> str:
    """How a guia item is named in messages.

    ``item_label(despesa)`` → ``"despesa (sequencial 3)"``; with ``preposition`` ``"de"`` or
    ``"em"`` the contracted article is prefixed: ``"da despesa (sequencial 3)"``,
    ``"no procedimento (sequencial 1)"``.
    """
    name, article = _ITEMS.get(local_name(item), ("item", "o"))
    sequencial = (text(item, "sequencialItem") or "").strip()
    label = f"{name} (sequencial {sequencial})" if sequencial else name
    if preposition is None:
        return label
    return f"{_CONTRACTIONS[preposition]}{article} {label}"
