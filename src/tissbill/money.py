"""Money arithmetic shared by the models (which compute totals) and the validator (which checks
them), so both sides round the same way. Plain decimal only: importing it costs nothing."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

CENTS = Decimal("0.01")
WIDE_DECIMALS = Context(prec=60)
"""Exact products of three xs:decimal values read from a file (up to 15 + 15 digits each)."""


def line_total(quantidade: Decimal | int, valor_unitario: Decimal, fator: Decimal) -> Decimal:
    """quantidade × valor unitário × fator, rounded half-up to cents.

    ANS defines the product but no rounding mode; half-up is what the rules catalog recommends
    and what billing systems print. The validator also accepts the other roundings of
    :func:`line_total_accepted`.
    """
    product = WIDE_DECIMALS.multiply(
        WIDE_DECIMALS.multiply(Decimal(quantidade), valor_unitario), fator
    )
    return _cents(product)


def line_total_accepted(
    quantidade: Decimal,
    valor_unitario: Decimal,
    fator: Decimal,
    valor_total: Decimal,
    tolerance: Decimal,
) -> bool:
    """Whether ``valor_total`` is quantidade × valor unitário × fator as billing systems compute it.

    Accepted, each within ``tolerance``: the exact product rounded to cents (:func:`line_total`);
    quantidade × (valor unitário × fator already rounded to cents), since hospital systems price
    the unit first (100 × 1,58 = 158,00 for 1,37 × 1,15); and, for a quantity written with decimal
    places, any product of a quantity inside its own rounding (0,3333 stands for 1/3 of a vial:
    0,33325 to 0,33335, so 500,00 is accepted for R$ 1.500,00). An integer quantity is an exact
    count. Anything outside these bounds is a real mismatch.
    """
    exact_price = WIDE_DECIMALS.multiply(valor_unitario, fator)
    # The common case, checked first for speed: the exact product rounded half-up. It lies inside
    # the bounds below, so this shortcut never accepts what they would refuse.
    if abs(_cents(WIDE_DECIMALS.multiply(quantidade, exact_price)) - valor_total) <= tolerance:
        return True
    exponent = quantidade.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    # Half a unit of the last written decimal place; zero for an integer count.
    half = Decimal(5).scaleb(-places - 1) if places else Decimal(0)
    low_q, high_q = WIDE_DECIMALS.subtract(quantidade, half), WIDE_DECIMALS.add(quantidade, half)
    for price in (exact_price, _cents(exact_price)):
        ends = (WIDE_DECIMALS.multiply(low_q, price), WIDE_DECIMALS.multiply(high_q, price))
        low, high = (_cents(end) for end in sorted(ends))
        if low - tolerance <= valor_total <= high + tolerance:
            return True
    return False


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENTS, rounding=ROUND_HALF_UP, context=WIDE_DECIMALS)


def total_digits(value: Decimal) -> int:
    """Digits of ``value`` as the XSD ``totalDigits`` facet counts them (what libxml2 checks).

    Leading zeros and trailing zeros of the fraction do not count: ``1200000.00`` has 7 digits,
    so it fits st_decimal8-2 although it is above 999999.99. A fraction keeps its leading zeros
    (``0.05`` has 2), because the facet counts down to the last decimal place used.
    """
    _, digits, exponent = value.normalize(WIDE_DECIMALS).as_tuple()
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
