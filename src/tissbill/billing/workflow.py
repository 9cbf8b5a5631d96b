"""The billing workflow behind ``tissbill build``: input files in, guias selected, lotes out.

Inputs are JSON/YAML documents matching the models (one guia, a list of guias, or settings
plus ``guias``) and CSV files (:mod:`tissbill.billing.csv_input`). Like the operadora portals, only
attendances inside the billing period (Dt. Inicial/Dt. Final) and, in CSV, only items marked as
conferidos go into the lotes; everything left out is returned as :class:`Removed` with the
reason, never dropped silently.

Settings come from three places, the most explicit winning: the settings inside input
documents, then the ``--config`` file, then command-line options.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from tissbill.billing.builder import LoteSettings, LoteTISS, Numbering, build_lotes
from tissbill.billing.csv_input import read_csv
from tissbill.billing.inputs import load_data
from tissbill.billing.summary import atendimento_dates
from tissbill.errors import BillingError, BuildError, LoteExistsError, MissingSettingError
from tissbill.identifiers import (
    IdentifierProblem,
    cnpj_is_valid,
    cnpj_problem,
    compact,
    cpf_problem,
    looks_formatted,
)
from tissbill.models.guias import Guia
from tissbill.models.messages import error_text
from tissbill.periodo import Periodo, Removed, parse_date
from tissbill.spec.kinds import KIND_BY_SLUG

if TYPE_CHECKING:
    from tissbill.schemas import SchemaStore
    from tissbill.validation.history import History
    from tissbill.validation.profile import Profile


def select_in_period(
    guias: Iterable[Guia], periodo: Periodo | None, origem: str
) -> tuple[list[Guia], list[Removed]]:
    """Keep the guias whose every attendance date is inside ``periodo``.

    A guia from a JSON/YAML document is kept or removed whole: dropping some of its items would
    change a guia the user wrote.
    """
    if periodo is None:
        return list(guias), []
    kept: list[Guia] = []
    removed: list[Removed] = []
    for guia in guias:
        outside = [d for d in atendimento_dates(guia) if d not in periodo]
        if not outside:
            kept.append(guia)
            continue
        removed.append(
            Removed(
                origem=origem,
                guia=guia.numero_guia_prestador,
                data=min(outside),
                descricao=f"guia de {KIND_BY_SLUG[guia.tipo_guia].label}",
                valor=guia.valor_total_geral,
                motivo=f"atendimento em {min(outside):%d/%m/%Y}, fora do período {periodo}",
            )
        )
    return kept, removed


def describe_validation_error(exc: ValidationError) -> str:
    """One line per problem: ``caminho.do.campo: mensagem``."""
    lines = []
    for error in exc.errors(include_url=False):
        loc = list(error["loc"])
        prefix = ""
        # A list of guias: "0.consulta.campo" reads better as "guia nº 1 (consulta): campo".
        if len(loc) >= 2 and isinstance(loc[0], int) and loc[1] in KIND_BY_SLUG:
            prefix = f"guia nº {loc[0] + 1} ({KIND_BY_SLUG[str(loc[1])].label}) "
            loc = loc[2:]
        where = ".".join(str(part) for part in loc) or "documento"
        lines.append(f"{prefix}{where}: {error_text(error)}")
    return "\n  ".join(lines)


# --- settings -----------------------------------------------------------------------------

SETTINGS_FIELDS = frozenset(LoteSettings.model_fields)


@dataclass(frozen=True, slots=True)
class BuildConfig:
    """The ``--config`` file: lote settings plus default values for CSV columns."""

    settings: dict[str, Any] = field(default_factory=dict)
    padroes: dict[str, Any] = field(default_factory=dict)
    """CSV column → value used when the column is absent or the cell is empty."""

    @classmethod
    def load(cls, path: Path) -> BuildConfig:
        data = load_data(path)
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise BillingError(f"{path}: a configuração deve ser um mapeamento (chave: valor)")
        unknown = sorted(set(data) - SETTINGS_FIELDS - {"padroes"})
        if unknown:
            accepted = ", ".join(sorted(SETTINGS_FIELDS | {"padroes"}))
            raise BillingError(
                f"{path}: chave(s) desconhecida(s): {', '.join(unknown)}; aceitas: {accepted}"
            )
        padroes = data.pop("padroes", None) or {}
        if not isinstance(padroes, dict):
            raise BillingError(f"{path}: 'padroes' deve ser um mapeamento coluna: valor")
        return cls(settings=data, padroes=padroes)


def prestador_identification(value: str) -> dict[str, str]:
    """``--prestador``: ``cnpj:…``, ``cpf:…``, ``codigo:…``, or a bare value.

    CNPJ and CPF are accepted with or without punctuation (``11.222.333/0001-81``) and their
    check digits are checked. A bare value of 11 or 14 digits is a CPF or a CNPJ, and is refused
    when its check digits fail: a mistyped CNPJ must not become a code at the operadora in a
    lote that says válido. A code at the operadora that really has 11 or 14 digits is given
    explicitly, as ``codigo:…``. Raises :class:`BillingError`.
    """
    kind, sep, rest = value.partition(":")
    kind = kind.strip().lower()
    if sep and kind == "codigo":
        return {"codigo_prestador_na_operadora": rest.strip()}
    if sep and kind in ("cnpj", "cpf"):
        return {kind: _checked_identifier(kind, rest)}
    number = compact(value)
    if number.isdigit() and len(number) in (11, 14):
        kind = "cpf" if len(number) == 11 else "cnpj"
        return {kind: _checked_identifier(kind, value)}
    if cnpj_is_valid(number, alphanumeric=True):
        return {"cnpj": number}
    if looks_formatted(value):
        raise BillingError(
            f"'{value.strip()}' parece um CNPJ ou CPF, mas tem {len(number)} caracteres: o CNPJ "
            "tem 14 e o CPF 11. Confira o número."
        )
    return {"codigo_prestador_na_operadora": value}


def _checked_identifier(kind: str, value: str) -> str:
    """CNPJ or CPF ``value`` (punctuation allowed) in compact form, or :class:`BillingError`."""
    number = compact(value)
    if kind == "cnpj":
        label, size = "CNPJ", "14 caracteres"
        problem = cnpj_problem(number, alphanumeric=True)
    else:
        label, size = "CPF", "11 dígitos"
        problem = cpf_problem(number)
    if problem is None:
        return number
    why = {
        IdentifierProblem.FORMAT: f"o {label} tem {size}, com ou sem pontuação",
        IdentifierProblem.REPEATED: "todos os dígitos são iguais",
        IdentifierProblem.CHECK_DIGITS: "os dígitos verificadores não conferem (número "
        "digitado errado?)",
    }[problem]
    raise BillingError(
        f"'{value.strip()}' não é um {label} válido: {why}. Se for o código do prestador na "
        f"operadora, informe codigo:{number} (no --config: codigo_prestador_na_operadora)."
    )


def _prestador_setting(value: Any) -> Any:
    """The ``prestador`` setting with CNPJ/CPF compacted and checked; a text is read like
    ``--prestador``. Anything else is left to the model's validation."""
    if isinstance(value, str):
        return prestador_identification(value)
    if isinstance(value, Mapping):
        return {
            key: _checked_identifier(key.lower(), item)
            if isinstance(key, str) and key.lower() in ("cnpj", "cpf") and isinstance(item, str)
            else item
            for key, item in value.items()
        }
    return value


def resolve_settings(
    documents: Sequence[tuple[Path, Mapping[str, Any]]],
    config: BuildConfig,
    options: Mapping[str, Any],
) -> LoteSettings:
    """Merge settings: input documents, then the config file, then options (None = not given).

    Two input documents that disagree on a setting neither the config file nor an option
    decides are an error: the lotes would silently follow whichever came last.
    """
    merged: dict[str, Any] = {}
    seen_in: dict[str, Path] = {}
    conflicts: dict[str, str] = {}
    for path, settings in documents:
        for key, value in settings.items():
            if key in merged and merged[key] != value:
                conflicts.setdefault(key, f"'{key}' diferente em {seen_in[key]} e {path}")
            merged[key], seen_in[key] = value, path
    given = {key: value for key, value in options.items() if value is not None}
    unresolved = [text for key, text in conflicts.items() if key not in config.settings | given]
    if unresolved:
        raise BillingError(
            "; ".join(unresolved) + "; informe o valor em --config ou na linha de comando"
        )
    merged.update(config.settings)
    merged.update(given)
    if "prestador" not in merged:
        raise MissingSettingError(
            "informe o prestador que envia o lote: --prestador (CNPJ, CPF ou código na "
            "operadora) ou 'prestador' no arquivo --config"
        )
    try:
        merged["prestador"] = _prestador_setting(merged["prestador"])
    except BillingError as exc:
        raise BillingError(f"prestador: {exc}") from None
    try:
        return LoteSettings.model_validate(merged)
    except ValidationError as exc:
        raise BillingError("configuração inválida:\n  " + describe_validation_error(exc)) from None


# --- inputs -------------------------------------------------------------------------------

_GUIAS = TypeAdapter(list[Guia])


@dataclass(slots=True)
class Collected:
    """Everything read from the inputs: the guias to bill and what was left out."""

    guias: list[Guia] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    documents: list[tuple[Path, dict[str, Any]]] = field(default_factory=list)
    """Settings found inside input documents, per file."""


def _document_guias(path: Path, data: Any) -> tuple[list[Any], dict[str, Any]]:
    if isinstance(data, list):
        return data, {}
    if isinstance(data, dict) and "guias" in data:
        settings = {k: v for k, v in data.items() if k != "guias"}
        unknown = sorted(set(settings) - SETTINGS_FIELDS)
        if unknown:
            raise BillingError(f"{path}: chave(s) desconhecida(s): {', '.join(unknown)}")
        guias = data["guias"]
        if not isinstance(guias, list):
            raise BillingError(f"{path}: 'guias' deve ser uma lista")
        return guias, settings
    if isinstance(data, dict) and "tipo_guia" in data:
        return [data], {}
    raise BillingError(
        f"{path}: documento não reconhecido; esperado uma guia (com tipo_guia), uma lista de "
        "guias ou um documento com 'guias' e as configurações do lote"
    )


def collect(
    paths: Iterable[Path],
    *,
    config: BuildConfig,
    periodo: Periodo | None = None,
    registro_ans: str | None = None,
) -> Collected:
    """Read every input (``.json``, ``.yaml``/``.yml`` or ``.csv``) and select what to bill.

    CSV rows without a ``registro_ans`` take the operadora of the lotes: ``registro_ans``
    (the command-line option) or the config file's.
    """
    operadora = registro_ans or config.settings.get("registro_ans")
    padroes = {**config.padroes}
    if operadora is not None:
        padroes.setdefault("registro_ans", operadora)
    result = Collected()
    for path in paths:
        if path.suffix.lower() == ".csv":
            batch = read_csv(path, padroes=padroes, periodo=periodo)
            result.guias.extend(batch.guias)
            result.removed.extend(batch.removed)
            continue
        raw, settings = _document_guias(path, load_data(path))
        try:
            guias = _GUIAS.validate_python(raw)
        except ValidationError as exc:
            raise BillingError(
                f"{path}: guia(s) inválida(s):\n  " + describe_validation_error(exc)
            ) from None
        kept, removed = select_in_period(guias, periodo, str(path))
        result.guias.extend(kept)
        result.removed.extend(removed)
        if settings:
            result.documents.append((path, settings))
    return result


def build(
    collected: Collected,
    settings: LoteSettings,
    *,
    profile: Profile | None = None,
    store: SchemaStore | None = None,
    history: History | None = None,
    numbering: Numbering | None = None,
) -> list[LoteTISS]:
    """The lotes of the selected guias, each validated (its ``report``), invalid ones included.

    An error when nothing is left to bill. Lotes with validation errors are returned too, so
    the caller decides whether to write them (``--force``). ``numbering`` and ``history`` come
    from the ledger (see :func:`tissbill.billing.builder.build_lotes`).
    """
    if not collected.guias:
        raise BillingError(
            "nenhuma guia para faturar: todos os atendimentos foram removidos (veja os motivos) "
            "ou os arquivos não têm guias"
        )
    try:
        return build_lotes(
            collected.guias,
            settings,
            profile=profile,
            store=store,
            history=history,
            numbering=numbering,
        )
    except BuildError as exc:
        if not exc.lotes:  # stopped before validation: nothing was built
            raise
        return exc.lotes


def refuse_existing(lotes: Sequence[LoteTISS], folder: Path, *, replace: bool = False) -> None:
    """Refuse (:class:`LoteExistsError`) to write a run whose lotes are already in ``folder``,
    before anything is written, unless ``replace``: a lote sent earlier must not change
    silently. A folder with a lote's name is refused even with ``replace``."""
    targets = [folder / lote.filename for lote in lotes]
    folders = [t.name for t in targets if t.is_dir()]
    if folders:
        raise LoteExistsError(
            f"já existe(m) pasta(s) com o nome do lote em {folder}: {', '.join(folders)}; "
            "nenhum lote foi gravado."
        )
    existing = [t.name for t in targets if t.exists() or t.is_symlink()]
    if existing and not replace:
        raise LoteExistsError(
            f"já existe(m) em {folder}: {', '.join(existing)}; nenhum lote foi gravado. Use "
            "outra pasta ou --force para substituí-los."
        )


__all__ = [
    "BillingError",
    "BuildConfig",
    "Collected",
    "LoteExistsError",
    "MissingSettingError",
    "Periodo",
    "Removed",
    "build",
    "collect",
    "describe_validation_error",
    "error_text",
    "parse_date",
    "prestador_identification",
    "refuse_existing",
    "resolve_settings",
    "select_in_period",
]
