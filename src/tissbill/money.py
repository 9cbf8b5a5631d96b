"""Money arithmetic shared by the models (which compute totals) and the validator (which checks
them), so both sides round the same way. Plain decimal only: importing it costs nothing."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

CENTS = Decimal("0.01")
_WIDE = Context(prec=60)
"""Exact products of three xs:decimal values read from a file (up to 15 + 15 digits each)."""


def line_total(quantidade: Decimal | int, valor_unitario: Decimal, fator: Decimal) -> Decimal:
    """quantidade × valor unitário × fator, rounded half-up to cents.

    ANS defines the product but no rounding mode; half-up is what the rules catalog recommends
    and what billing systems print. The validator tolerates ±0,01 around it.
    """
    product = _WIDE.multiply(_WIDE.multiply(Decimal(quantidade), valor_unitario), fator)
    return product.quantize(CENTS, rounding=ROUND_HALF_UP, context=_WIDE)
