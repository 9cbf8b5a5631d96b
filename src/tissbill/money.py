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


def total_digits(value: Decimal) -> int:
    """Digits of ``value`` as the XSD ``totalDigits`` facet counts them (what libxml2 checks).

    Leading zeros and trailing zeros of the fraction do not count: ``1200000.00`` has 7 digits,
    so it fits st_decimal8-2 although it is above 999999.99. A fraction keeps its leading zeros
    (``0.05`` has 2), because the facet counts down to the last decimal place used.
    """
    _, digits, exponent = value.normalize(_WIDE).as_tuple()
    assert isinstance(exponent, int)  # callers pass finite values
    if digits == (0,):
        return 1
    if exponent >= 0:
        return len(digits) + exponent
    return max(len(digits), -exponent)


def digits_error(value: Decimal, digits: int, places: int) -> str:
    """Why ``value`` does not fit st_decimal{digits}-{places} (said alike by models, writer and
    TOT-012)."""
    return (
        f"valor {value} não cabe no campo (st_decimal{digits}-{places}): no máximo {digits} "
        f"algarismos, {places} deles decimais (zeros no fim dos decimais não contam)"
    )
