"""How a business rule is declared: the :func:`rule` decorator, :class:`Rule` and :class:`Hit`.

A rule is a small pure function decorated with :func:`rule`. It receives a context (the whole
message, or one guia) and yields :class:`Hit` objects; the engine turns each hit into a
:class:`~tissbill.validation.findings.Finding` with the rule's code, the severity chosen by the
active :class:`~tissbill.validation.profile.Profile`, the line, the XPath and the guia number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from tissbill.spec.kinds import GuiaKind, rule_group_kinds
from tissbill.validation.findings import Severity

if TYPE_CHECKING:
    from lxml import etree

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
    ctx: dict[str, object] = field(default_factory=dict)
    """The values the message compares, as data (becomes :attr:`Finding.ctx`)."""


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    area: str
    title: str
    scope: Scope
    check: Callable[[Any], Iterable[Hit]]
    opt_in: bool = False
    """Off unless a profile names the code in ``severities`` (advice most operadoras skip)."""
    guia_types: frozenset[str] | None = None
    """Guia rules only: the element names of the guia kinds (:class:`GuiaKind`) the rule can
    report on; the engine does not call it for other guias. None: every kind."""

    def applies_to(self, kind: str) -> bool:
        """Whether the engine calls this rule for a guia of ``kind``."""
        return self.guia_types is None or kind in self.guia_types

    @property
    def description(self) -> str:
        """First paragraph of the rule function's docstring (Portuguese), for ``tissbill rules``."""
        doc = (self.check.__doc__ or "").strip()
        # Collapse the line breaks and indentation of a wrapped first paragraph.
        return " ".join(doc.split("\n\n", 1)[0].split()) or self.title


RULES: dict[str, Rule] = {}
"""Every registered rule by code, filled as the rule modules are imported (see
:mod:`tissbill.validation.catalogue`)."""

_F = TypeVar("_F", bound=Callable[..., Iterable[Hit]])


def rule(
    code: str,
    severity: Severity,
    *,
    title: str,
    scope: Scope,
    opt_in: bool = False,
    guia_types: Iterable[GuiaKind] | None = None,
) -> Callable[[_F], _F]:
    """Register the decorated function as business rule ``code`` (``opt_in``: off by default).

    The area is the code's prefix (``TOT-001`` → ``TOT``). ``guia_types`` (guia rules only):
    the guia kinds the rule can report on, for rules that find nothing in other guias; the
    engine then skips it for the others, so the rule body need not check the kind again. A
    guia rule of a kind's own group (``SADT-*``: :attr:`GuiaKind.rule_group`) runs for that
    kind only unless it names its kinds.
    """
    if guia_types is not None and scope is not Scope.GUIA:
        raise ValueError(f"rule {code}: guia_types is for guia rules")
    if guia_types is None and scope is Scope.GUIA:
        guia_types = rule_group_kinds(code)
    kinds = None if guia_types is None else frozenset(kind.element for kind in guia_types)

    def register(func: _F) -> _F:
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        area = code.split("-", 1)[0]
        RULES[code] = Rule(code, severity, area, title, scope, func, opt_in, kinds)
        return func

    return register


GuiaCheck = Callable[["GuiaContext"], Iterable[Hit]]
MessageCheck = Callable[["MessageContext"], Iterable[Hit]]
