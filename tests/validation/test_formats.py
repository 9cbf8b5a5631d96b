"""The report renderers' own helpers."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tissbill.validation.findings import Finding, Report, Severity
from tissbill.validation.formats import indented_json, render_json

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()  # quotes, backslashes, control and non-ASCII characters, U+2028
)
_documents = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, min_size=1, max_size=2)
        | st.tuples(inner, inner)
    ),
    max_leaves=30,
)


@given(_documents)
def test_indented_json_is_exactly_the_standard_library(document: Any) -> None:
    assert indented_json(document) == json.dumps(document, ensure_ascii=False, indent=2)


def test_json_report_output_keeps_its_layout() -> None:
    finding = Finding("OD-004", Severity.WARNING, 'mensagem "çã"', 3, "/a", "12", 7, "2", "<b/>")
    reports = [
        Report("a.xml", "4.03.00", "guiaSP-SADT", 2, [finding]),
        Report("b.xml", None, None, 0, []),
    ]
    document = json.loads(render_json(reports))
    assert render_json(reports) == json.dumps(document, ensure_ascii=False, indent=2)
    assert document["files"][0]["guia_type"] == "sp_sadt"
