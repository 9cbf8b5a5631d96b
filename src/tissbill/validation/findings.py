"""Findings and reports: plain, typed, JSON-serialisable results of a validation."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

SHORT_VALUE = 60
"""Longest value quoted whole in a finding; longer ones are cut with an ellipsis."""

_LONG_MESSAGE = 2000
"""Longest message kept whole: a safety net for a long value quoted in another form."""


class Severity(StrEnum):
    """How serious a finding is. Only ``error`` makes a file invalid."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem (or piece of advice) found in a file.

    ``code`` is stable across releases (catalog ids such as ``OD-004``, or ``XSD``/``XML-*`` for
    schema and parsing problems); ``message`` is Portuguese, written for a billing clerk;
    ``line`` and ``xpath`` locate the offending element; ``guia`` is its numeroGuiaPrestador.
    ``column`` (in characters, from 1) is where the element's start tag begins on ``line``:
    generated lotes are a single line, where the line alone says nothing. ``item`` is the
    sequencialItem of the guia item holding the element, and ``snippet`` the element as one
    short line (``<valorTotal>7200.00</valorTotal>``), its value shortened when long.
    ``ctx`` holds the compared values as data (``found``, ``expected``, ``sum``, ``limit``,
    ``tolerance``...; amounts as Decimal), like pydantic's ``ErrorDetails``, so programs need
    not parse the Portuguese message; empty for findings that compare nothing.
    """

    code: str
    severity: Severity
    message: str
    line: int | None = None
    xpath: str | None = None
    guia: str | None = None
    column: int | None = None
    item: str | None = None
    snippet: str | None = None
    ctx: dict[str, object] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["ctx"] = {key: json_value(value) for key, value in self.ctx.items()}
        return data


def json_value(value: object) -> object:
    """A value as JSON data (of a finding's ctx, of a ledger listing): amounts as exact decimal
    strings, dates in ISO form."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


@dataclass(slots=True)
class Report:
    """Everything learned about one file (or one in-memory message)."""

    path: str | None = None
    version: str | None = None
    guia_type: str | None = None
    guias: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when no finding has severity ``error`` (warnings and infos are allowed)."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "valid": self.valid,
            "version": self.version,
            "guia_type": self.guia_type,
            "guias": self.guias,
            "findings": [f.to_dict() for f in self.findings],
        }


def shorten(value: str, limit: int = SHORT_VALUE) -> str:
    """``value`` itself when at most ``limit`` characters, else its start and an ellipsis.

    A finding must locate a bad value, never echo it whole: one field held 9 MB.
    """
    if len(value) <= limit:
        return value
    return value[: limit - 1] + "…"


def short_ctx(ctx: dict[str, object]) -> dict[str, object]:
    """``ctx`` with long texts shortened, as in messages (a value may be megabytes long)."""
    return {key: shorten(v) if isinstance(v, str) else v for key, v in ctx.items()}


def without_long_value(message: str, value: str | None) -> str:
    """``message`` with the element's ``value`` (as given, or stripped) shortened where a rule
    quoted it whole."""
    if value is not None and len(value) > SHORT_VALUE:
        for quoted in dict.fromkeys((value, value.strip())):
            if len(quoted) > SHORT_VALUE and quoted in message:
                message = message.replace(quoted, shorten(quoted))
    return shorten(message, _LONG_MESSAGE)
