"""Validation of TISS messages: official XSD plus business rules, reported as findings.

Names are imported on first use: the command line reads cached reports
(:mod:`tissbill.validation.cache`) and renders them without loading the validation stack (lxml
parsing, the compiled schemas, the rules).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tissbill.validation.api import validate, validate_message
    from tissbill.validation.findings import Finding, Report, Severity
    from tissbill.validation.profile import STRICT_PROFILE, Profile

_EXPORTS = {
    "STRICT_PROFILE": "profile",
    "Finding": "findings",
    "Profile": "profile",
    "Report": "findings",
    "Severity": "findings",
    "validate": "api",
    "validate_message": "api",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "STRICT_PROFILE",
    "Finding",
    "Profile",
    "Report",
    "Severity",
    "validate",
    "validate_message",
]
