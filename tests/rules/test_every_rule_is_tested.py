"""A guard for the rule suite: a rule registered without a test in tests/rules fails here.

Each rule module has its test module, where a rule's code appears in the tests that trigger it
and in those that show a valid file passing it; tests/validation/test_zero_findings.py shows
every valid file passes every rule at once.
"""

from __future__ import annotations

import re
from pathlib import Path

from tissbill.validation.catalogue import all_rules

HERE = Path(__file__).resolve().parent


def test_every_registered_rule_code_is_used_by_the_rule_tests() -> None:
    quoted = set()
    for path in HERE.glob("test_*.py"):
        if path.name != Path(__file__).name:
            quoted |= set(re.findall(r'"([A-Z]+-\d{3})"', path.read_text(encoding="utf-8")))
    untested = sorted(rule.code for rule in all_rules() if rule.code not in quoted)
    assert untested == []
