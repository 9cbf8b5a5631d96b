"""The one place where business rules are registered.

A rule is a small pure function decorated with :func:`rule`. It receives a context (the whole
message, or one guia) and yields :class:`Hit` objects; the engine turns each hit into a
:class:`~tissbill.validation.findings.Finding` with the rule's code, the severity chosen by the
active :class:`Profile`, the line, the XPath and the guia number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tissbill.errors import ProfileError
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


@dataclass(frozen=True, slots=True)
class Profile:
    """An operadora's policy: severities and tolerances that differ from the strict default.

    ``severities`` maps a finding code to a new severity, or to None to switch it off; naming
    an opt-in rule there (e.g. ``SIG-001`` for an operadora that demands the signature) switches
    it on. Load one from a YAML or JSON file with :meth:`load`.
    """

    name: str = "padrao"
    severities: dict[str, Severity | None] = field(default_factory=dict)
    money_tolerance: Decimal = Decimal("0.01")
    anvisa_required_for_tuss: bool = True
    """Require registro ANVISA on OPME even with a TUSS-19 code (strict; PASA/AMS practice)."""
    opme_adquirida_pelo_prestador: bool = False
    """The billing prestador bought the OPME, so its autorização de funcionamento is required."""

    def __post_init__(self) -> None:
        for code in STRUCTURAL_CODES & self.severities.keys():
            if self.severities[code] is not Severity.ERROR:
                raise ProfileError(_structural_message(self.name, code))

    def severity_for(self, rule: Rule, suggested: Severity | None = None) -> Severity | None:
        if rule.code in self.severities:
            return self.severities[rule.code]
        if rule.opt_in:
            return None
        return suggested or rule.severity

    def enables(self, rule: Rule) -> bool:
        """Whether ``rule`` runs at all under this profile."""
        if rule.code in self.severities:
            return self.severities[rule.code] is not None
        return not rule.opt_in

    @classmethod
    def from_mapping(cls, data: object, *, source: str = "perfil") -> Profile:
        """A profile from plain data (a parsed YAML/JSON document), checked key by key.

        Keys are the field names; ``severities`` maps codes to ``erro``/``aviso``/``info``/
        ``desligada`` (or ``error``/``warning``/``info``/``off``). Raises :class:`ProfileError`
        naming ``source``.
        """
        if not isinstance(data, dict):
            raise ProfileError(f"{source}: o perfil deve ser um mapeamento de chaves e valores.")
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise ProfileError(
                    f"{source}: chave desconhecida {key!r}; use " + ", ".join(sorted(known)) + "."
                )
            values[key] = value
        if "severities" in values:
            values["severities"] = _severities(values["severities"], source)
        if "name" in values and not isinstance(values["name"], str):
            raise ProfileError(f"{source}: 'name' deve ser um texto.")
        if "money_tolerance" in values:
            values["money_tolerance"] = _tolerance(values["money_tolerance"], source)
        for flag in ("anvisa_required_for_tuss", "opme_adquirida_pelo_prestador"):
            if flag in values and not isinstance(values[flag], bool):
                raise ProfileError(f"{source}: {flag!r} deve ser true ou false.")
        return cls(**values)

    @classmethod
    def load(cls, path: str | Path) -> Profile:
        """Read a profile from a ``.yaml``/``.yml``/``.json`` file (see ``docs/profiles.md``)."""
        from tissbill.inputs import load_data

        return cls.from_mapping(load_data(path), source=str(path))


STRUCTURAL_CODES = frozenset({"XSD", "XML-NOT-TISS", "XML-VERSION", "RULE-CRASH"})
"""Codes that say the file could not be checked or breaks the official schema: the operadora's
portal rejects such a file whatever its policy, so no profile softens or switches them off."""


def _structural_message(source: str, code: str) -> str:
    return (
        f"{source}: {code} é um erro de estrutura (o arquivo não segue o esquema oficial ou não "
        "pôde ser verificado); um perfil pode mudar regras de negócio, nunca rebaixar ou desligar "
        "esse erro."
    )


_SEVERITY_NAMES: dict[str, Severity | None] = {
    "erro": Severity.ERROR,
    "error": Severity.ERROR,
    "aviso": Severity.WARNING,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "desligada": None,
    "off": None,
}


def _severities(raw: object, source: str) -> dict[str, Severity | None]:
    if not isinstance(raw, dict):
        raise ProfileError(f"{source}: 'severities' deve mapear códigos a severidades.")
    codes = known_codes()
    result: dict[str, Severity | None] = {}
    for raw_code, name in raw.items():
        code = str(raw_code).strip().upper()
        if code not in codes:
            raise ProfileError(
                f"{source}: código de regra desconhecido {raw_code!r} (a lista completa: "
                "tissbill rules)."
            )
        key = "off" if name is None or name is False else str(name).strip().lower()
        if key not in _SEVERITY_NAMES:
            raise ProfileError(
                f"{source}: severidade inválida {name!r} para {code}; use erro, aviso, info ou "
                "desligada."
            )
        if code in STRUCTURAL_CODES and _SEVERITY_NAMES[key] is not Severity.ERROR:
            raise ProfileError(_structural_message(source, code))
        result[code] = _SEVERITY_NAMES[key]
    return result


def _tolerance(raw: object, source: str) -> Decimal:
    try:
        value = Decimal(str(raw)) if isinstance(raw, int | str | Decimal) else None
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite() or value < 0:
        raise ProfileError(f"{source}: 'money_tolerance' deve ser um valor decimal não negativo.")
    return value


STRICT_PROFILE = Profile()

RULES: dict[str, Rule] = {}

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


def message_rules() -> list[Rule]:
    _load()
    return [r for r in RULES.values() if r.scope is Scope.MESSAGE]


def guia_rules() -> list[Rule]:
    _load()
    return [r for r in RULES.values() if r.scope is Scope.GUIA]


def all_rules() -> list[Rule]:
    _load()
    return sorted(RULES.values(), key=lambda r: r.code)


def known_codes() -> frozenset[str]:
    """Every code a profile may name: the registered rules and the pipeline's own codes."""
    from tissbill.validation.engine import PIPELINE_CODES

    _load()
    return frozenset(RULES) | {c.code for c in PIPELINE_CODES}


def _load() -> None:
    # Importing the package registers every rule module exactly once.
    import tissbill.validation.rules  # noqa: F401


GuiaCheck = Callable[["GuiaContext"], Iterable[Hit]]
MessageCheck = Callable[["MessageContext"], Iterable[Hit]]
