"""The parser's cheap pre-scan for ``<!DOCTYPE`` and ``<![CDATA[`` answers exactly like
searching every encoded needle (it only skips searches that cannot match)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tissbill.xml.parser import _CDATA_NEEDLES, _DOCTYPE_NEEDLES, _holds_any

NEEDLES = (_DOCTYPE_NEEDLES, _CDATA_NEEDLES)
_pieces = st.one_of(
    st.binary(max_size=40),
    st.sampled_from([n for group in NEEDLES for n in group]),
    st.sampled_from([b"!", b"\x00", b"<", b"<!", b"<!--", b"<!DOCTYP", b"<![CDATA"]),
)


@given(st.lists(_pieces, max_size=12), st.sampled_from(NEEDLES))
def test_same_answer_as_searching_every_needle(
    parts: list[bytes], needles: tuple[bytes, ...]
) -> None:
    data = b"".join(parts)
    assert _holds_any(data, needles) == any(needle in data for needle in needles)


def test_every_needle_holds_the_byte_the_scan_relies_on() -> None:
    for group in NEEDLES:
        assert all(b"!" in needle for needle in group)
