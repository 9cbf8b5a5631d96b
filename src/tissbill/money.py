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
    and what billing systems print. The validator also accepts the other roundings of
    :func:`line_total_accepted`.
    """
    product = _WIDE.multiply(_WIDE.multiply(Decimal(quantidade), valor_unitario), fator)
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
    exponent = quantidade.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    # Half a unit of the last written decimal place; zero for an integer count.
    half = Decimal(5).scaleb(-places - 1) if places else Decimal(0)
    low_q, high_q = _WIDE.subtract(quantidade, half), _WIDE.add(quantidade, half)
    exact_price = _WIDE.multiply(valor_unitario, fator)
    for price in (exact_price, _cents(exact_price)):
        ends = (_WIDE.multiply(low_q, price), _WIDE.multiply(high_q, price))
        low, high = (_cents(end) for end in sorted(ends))
        if low - tolerance <= valor_total <= high + tolerance:
            return True
    return False


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENTS, rounding=ROUND_HALF_UP, context=_WIDE)
