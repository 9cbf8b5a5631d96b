"""Validation of TISS messages: official XSD plus business rules, reported as findings."""
