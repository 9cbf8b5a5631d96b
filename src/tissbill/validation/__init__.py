"""Validation of TISS messages: official XSD plus business rules, reported as findings.

Names are imported on first use: the command line reads cached reports
(:mod:`tissbill.validation.cache`) and renders them without loading the validation stack (lxml
parsing, the compiled schemas, the rules).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tissbill.lazy import lazy_exports

if TYPE_CHECKING:
    from tissbill.validation.api import validate, validate_message
    from tissbill.validation.findings import Finding, Report, Severity
    from tissbill.validation.profile import STRICT_PROFILE, Profile

_EXPORTS = {
    "STRICT_PROFILE": ".profile",
    "Finding": ".findings",
    "Profile": ".profile",
    "Report": ".findings",
    "Severity": ".findings",
    "validate": ".api",
    "validate_message": ".api",
}


__getattr__ = lazy_exports(__name__, _EXPORTS)


__all__ = [
    "STRICT_PROFILE",
    "Finding",
    "Profile",
    "Report",
    "Severity",
    "validate",
    "validate_message",
]
