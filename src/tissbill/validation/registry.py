"""The one place where business rules are registered.

A rule is a small pure function decorated with :func:`rule`. It receives a context (the whole
message, or one guia) and yields :class:`Hit` objects; the engine turns each hit into a
:class:`~tissbill.validation.findings.Finding` with the rule's code, the severity chosen by the
active :class:`Profile`, the line, the XPath and the guia number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from lxml import etree

from tissbill.validation.findings import Severity

if TYPE_CHECKING:
    from tissbill.validation.context import GuiaContext, MessageContext


class Scope(StrEnum):
    """What a rule looks at: the whole message once, or each guia in turn."""

    MESSAGE = "message"
    GUIA = "guia"


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports: the offending element and a Portuguese message.

    ``severity`` overrides the rule's default for rules whose catalog entry grades the case
    (e.g. equal billing instants are a warning, an inverted window an error).
    """

    element: etree._Element | None
    message: str
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    area: str
    title: str
    scope: Scope
    check: Callable[[Any], Iterable[Hit]]

    @property
    def description(self) -> str:
        """First paragraph of the rule function's docstring (Portuguese), for ``tissbill rules``."""
        doc = (self.check.__doc__ or "").strip()
        # Collapse the line breaks and indentation of a wrapped first paragraph.
        return " ".join(doc.split("\n\n", 1)[0].split()) or self.title


@dataclass(frozen=True, slots=True)
class Profile:
    """An operadora's policy: severities and tolerances that differ from the strict default.

    ``severities`` maps a rule code to a new severity, or to None to switch the rule off.
    """

    name: str = "padrao"
    severities: dict[str, Severity | None] = field(default_factory=dict)
    money_tolerance: Decimal = Decimal("0.01")
    anvisa_required_for_tuss: bool = True
    """Require registro ANVISA on OPME even with a TUSS-19 code (strict; PASA/AMS practice)."""
    opme_adquirida_pelo_prestador: bool = False
    """The billing prestador bought the OPME, so its autorização de funcionamento is required."""

    def severity_for(self, rule: Rule, suggested: Severity | None = None) -> Severity | None:
        if rule.code in self.severities:
            return self.severities[rule.code]
        return suggested or rule.severity


STRICT_PROFILE = Profile()

RULES: dict[str, Rule] = {}

_F = TypeVar("_F", bound=Callable[..., Iterable[Hit]])


def rule(
    code: str, severity: Severity, *, area: str, title: str, scope: Scope
) -> Callable[[_F], _F]:
    """Register the decorated function as business rule ``code``."""

    def register(func: _F) -> _F:
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = Rule(code, severity, area, title, scope, func)
        return func

    return register


def message_rules() -> list[Rule]:
    _load()
    return [r for r in RULES.values() if r.scope is Scope.MESSAGE]


def guia_rules() -> list[Rule]:
    _load()
    return [r for r in RULES.values() if r.scope is Scope.GUIA]


def all_rules() -> list[Rule]:
    _load()
    return sorted(RULES.values(), key=lambda r: r.code)


def _load() -> None:
    # Importing the package registers every rule module exactly once.
    import tissbill.validation.rules  # noqa: F401


GuiaCheck = Callable[["GuiaContext"], Iterable[Hit]]
MessageCheck = Callable[["MessageContext"], Iterable[Hit]]
