"""The one rounding rule for line totals, shared by the builder and the validator."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from hypothesis import given
from hypothesis import strategies as st

from tissbill.money import line_total

# Wider than any TISS type: what a rule may read from an arbitrary (valid xs:decimal) file.
wide = st.decimals(min_value=0, max_value=Decimal("9" * 15), places=15, allow_nan=False)


@given(wide, wide, wide)
def test_line_total_is_the_exact_product_rounded_half_up(
    q: Decimal, u: Decimal, f: Decimal
) -> None:
    with localcontext() as exact:
        exact.prec = 100
        expected = (q * u * f).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert line_total(q, u, f) == expected


def test_half_a_centavo_rounds_up() -> None:
    assert line_total(1, Decimal("0.125"), Decimal("1.00")) == Decimal("0.13")
    assert line_total(3, Decimal("33.335"), Decimal("1")) == Decimal("100.01")
    assert line_total(2, Decimal("31.45"), Decimal("0.90")) == Decimal("56.61")
