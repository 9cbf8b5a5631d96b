"""The top-level API: every advertised name resolves, and importing stays light."""

from __future__ import annotations

import subprocess
import sys

import tissbill


def test_every_exported_name_resolves() -> None:
    assert set(tissbill.__all__) == {"__version__", *tissbill._EXPORTS}
    for name in tissbill.__all__:
        assert getattr(tissbill, name) is not None, name


def test_import_does_not_load_heavy_dependencies() -> None:
    heavy = ("pydantic", "lxml.etree", "rich", "jinja2")
    code = f"import sys, tissbill; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_unknown_attribute() -> None:
    try:
        tissbill.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
