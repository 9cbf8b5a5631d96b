"""Values written the Brazilian way, as the TISS guias print them.

Used by finding messages, ``info``, ``report`` and ``build``'s summaries, so a clerk reads
``R$ 7.200,00``, ``4,0000`` and ``29/01/2025 16:44:22`` everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from tissbill.money import WIDE_DECIMALS


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
