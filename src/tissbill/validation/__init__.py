"""Validation of TISS messages: official XSD plus business rules, reported as findings."""

from tissbill.validation.api import validate, validate_message
from tissbill.validation.findings import Finding, Report, Severity
from tissbill.validation.profile import STRICT_PROFILE, Profile

__all__ = [
    "STRICT_PROFILE",
    "Finding",
    "Profile",
    "Report",
    "Severity",
    "validate",
    "validate_message",
]
