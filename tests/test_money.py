"""The one rounding rule for line totals, shared by the builder and the validator."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from hypothesis import given
from hypothesis import strategies as st

from tissbill.money import line_total, line_total_accepted

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


CENT = Decimal("0.01")
quantities = st.decimals(min_value="0.0001", max_value="9999.9999", places=4)
counts = st.integers(1, 999).map(Decimal)
prices = st.decimals(min_value="0.01", max_value="99999.99", places=2)
factors = st.decimals(min_value="0.01", max_value="9.99", places=2)
tolerances = st.sampled_from([Decimal(0), Decimal("0.01"), Decimal("0.05")])


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@given(st.one_of(quantities, counts), prices, factors, tolerances)
def test_unit_price_rounded_first_is_accepted(
    q: Decimal, u: Decimal, f: Decimal, tolerance: Decimal
) -> None:
    assert line_total_accepted(q, u, f, _cents(q * _cents(u * f)), tolerance)
    assert line_total_accepted(q, u, f, line_total(q, u, f), tolerance)


@given(quantities, prices, factors, st.integers(-50, 50))
def test_any_quantity_inside_its_own_rounding_is_accepted(
    q: Decimal, u: Decimal, f: Decimal, shift: int
) -> None:
    # The true quantity behind 4 written places lies within ± 0,00005 of it.
    true_q = q + Decimal(shift).scaleb(-6)
    with localcontext() as exact:
        exact.prec = 60
        total = _cents(true_q * u * f)
    assert line_total_accepted(q, u, f, total, Decimal(0))


@given(
    st.one_of(quantities, counts),
    prices,
    factors,
    tolerances,
    st.decimals(min_value="0.01", max_value="100000.00", places=2),
    st.sampled_from([1, -1]),
)
def test_real_mismatches_are_still_rejected(
    q: Decimal, u: Decimal, f: Decimal, tolerance: Decimal, off: Decimal, sign: int
) -> None:
    """Beyond half a centavo per unit (price rounded first) and half the quantity's last
    written place, plus the tolerance, a total is always wrong; an integer count is exact."""
    exponent = q.as_tuple().exponent
    assert isinstance(exponent, int)
    half = Decimal(5).scaleb(exponent - 1) if exponent < 0 else Decimal(0)
    with localcontext() as exact:
        exact.prec = 60
        slack = half * u * f + (q + half) * Decimal("0.005") + CENT + tolerance
        total = _cents(q * u * f + sign * (slack + off))
    assert not line_total_accepted(q, u, f, total, tolerance)


def test_integer_counts_get_no_quantity_rounding() -> None:
    # 2 × R$ 100,00 is R$ 200,00; R$ 210,00 would be within "2 ± 0,5" but a count is exact.
    assert line_total_accepted(
        Decimal(2), Decimal("100.00"), Decimal("1.00"), Decimal("200.00"), CENT
    )
    assert not line_total_accepted(
        Decimal(2), Decimal("100.00"), Decimal("1.00"), Decimal("210.00"), CENT
    )
