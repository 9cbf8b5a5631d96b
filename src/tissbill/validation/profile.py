"""An operadora's policy (:class:`Profile`): severities and tolerances over the strict default."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tissbill.errors import ProfileError
from tissbill.validation.findings import Severity

if TYPE_CHECKING:
    from tissbill.validation.declaration import Rule


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
        # Deferred for start-up time: yaml and the input models load only when a profile file
        # is given, so a default run served from the cache of reports never loads them.
        from tissbill.billing.inputs import load_data

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
    # Deferred for start-up time: the rule modules (and lxml) load only when a profile names
    # codes, so a run served from the cache of reports never loads them.
    from tissbill.validation.catalogue import known_codes

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
