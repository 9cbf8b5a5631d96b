"""Guias from flat CSV files: one row per consulta, or one row per procedimento/despesa of an
SP/SADT or resumo de internação (rows grouped into guias by ``numero_guia_prestador``).

Columns are the models' field names in snake_case (see ``docs/getting-started.md`` for the
list). Values are read the Brazilian way as well as the ISO way: ``93,00``, ``1.800,00``,
``R$ 93,00``, ``93.00``; dates ``DD/MM/AAAA`` or ``AAAA-MM-DD``; domain codes as the code
(``06``, ``43``) or the name (``CRM``, ``RS``, ``OPME``). The separator (``;``, ``,`` or tab) is
detected from the header; the file may be UTF-8 (with or without BOM) or Latin-1/Windows-1252.

Like the portals' "conferidos", a ``status`` column decides what is billed: only rows marked
conferido/confirmado go in, the others come back as :class:`~tissbill.periodo.Removed` with the
reason, and so do rows outside the billing period.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import functools
import io
import re
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from tissbill.errors import CsvInputError, FileReadError
from tissbill.files import read_file
from tissbill.models.common import Despesa, ProcedimentoExecutadoInternacao
from tissbill.models.common import ProcedimentoExecutadoSADT as _ProcedimentoSADT
from tissbill.models.enums import fold_name
from tissbill.models.guias import Guia, GuiaConsulta, GuiaResumoInternacao, GuiaSPSADT
from tissbill.models.messages import error_text
from tissbill.models.types import Decimals
from tissbill.money import line_total
from tissbill.periodo import Periodo, Removed, parse_date
from tissbill.spec.kinds import CONSULTA, KIND_BY_SLUG, RESUMO_INTERNACAO, SP_SADT, slugs_phrase

# --- value parsing ------------------------------------------------------------------------

# A number with thousands separators never starts with 0 ("0.333" is a decimal).
_BR = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_INTL = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# "1.800" is R$ 1.800,00 to a Brazilian and 1.8 in ISO notation; "1,800" the other way round.
_DOT_THOUSANDS_OR_DECIMAL = re.compile(r"[1-9]\d{0,2}\.\d{3}")
_COMMA_THOUSANDS_OR_DECIMAL = re.compile(r"[1-9]\d{0,2},\d{3}")


def parse_decimal(text: str, places: int = 2) -> Decimal:
    """A number written the Brazilian way (``1.800,00``, ``93,00``, ``R$ 93,00``) or the ISO
    way (``1800.00``, ``1,800.00``). ``places`` is how many decimals the field allows: it settles
    ``1.800`` (thousands for money, ambiguous for 4-place quantities) and ``1,800`` (decimal
    comma for quantities, ambiguous for money). Raises ValueError in Portuguese."""
    value = text.strip().replace("R$", "").replace("\u00a0", "").replace(" ", "")
    sign = "-" if value.startswith("-") else ""
    value = value.removeprefix("-") if sign else value.removeprefix("+")
    ambiguous = (
        _DOT_THOUSANDS_OR_DECIMAL.fullmatch(value)
        if places >= 3
        else _COMMA_THOUSANDS_OR_DECIMAL.fullmatch(value)
    )
    if ambiguous:
        raise ValueError(
            f"número ambíguo {text!r}: escreva com os centavos, como 1.800,00 (ou 1800.00)"
        )
    if _BR.fullmatch(value):
        normalised = value.replace(".", "").replace(",", ".")
    elif _INTL.fullmatch(value):
        normalised = value.replace(",", "")
    else:
        raise ValueError(f"número inválido {text!r} (ex.: 93,00, 1.800,00 ou 1800.00)")
    return Decimal(sign + normalised)


def parse_time(text: str) -> dt.time:
    """``HH:MM`` or ``HH:MM:SS``."""
    try:
        return dt.time.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"hora inválida {text!r}: use HH:MM ou HH:MM:SS") from None


def parse_enum(enum: type[Enum], text: str) -> Enum:
    """A domain value by its code (``06``) or its name (``CRM``, ``não acidente``)."""
    try:
        return enum(text)  # a TissEnum reads the code or the name, as the models do
    except ValueError:
        options = ", ".join(f"{m.value} ({m.name.lower()})" for m in enum)
        raise ValueError(f"valor {text!r} não existe na tabela; use um de: {options}") from None


def _parse_int(text: str) -> int:
    number = parse_decimal(text, places=0)
    if number != number.to_integral_value():
        raise ValueError(f"esperado um número inteiro, encontrado {text!r}")
    return int(number)


# --- columns ------------------------------------------------------------------------------


def _fields_of(path: str, names: Iterable[str], column_prefix: str = "") -> dict[str, str]:
    """Columns named after the fields ``names`` at ``path`` (after ``column_prefix``)."""
    return {f"{column_prefix}{name}": f"{path}.{name}" for name in names}


_CONTRATADO = ("codigo_prestador_na_operadora", "cpf_contratado", "cnpj_contratado")
"""The contratado's identifier: exactly one of these."""
_PROFISSIONAL = (
    "nome_profissional",
    "conselho_profissional",
    "numero_conselho_profissional",
    "uf",
    "cbos",
)
_AUTORIZACAO = (
    "numero_guia_operadora",
    "data_autorizacao",
    "senha",
    "data_validade_senha",
    "ausencia_cod_validacao",
    "cod_validacao",
)

CONSULTA_COLUMNS: dict[str, str] = {
    "registro_ans": "cabecalho_consulta.registro_ans",
    "numero_guia_prestador": "cabecalho_consulta.numero_guia_prestador",
    "numero_guia_operadora": "numero_guia_operadora",
    "ausencia_cod_validacao": "ausencia_cod_validacao",
    "cod_validacao": "cod_validacao",
    "numero_carteira": "dados_beneficiario.numero_carteira",
    "atendimento_rn": "dados_beneficiario.atendimento_rn",
    **_fields_of("contratado_executante", _CONTRATADO),
    "cnes": "contratado_executante.cnes",
    **_fields_of("profissional_executante", _PROFISSIONAL),
    "indicacao_acidente": "indicacao_acidente",
    "cobertura_especial": "dados_atendimento.cobertura_especial",
    "regime_atendimento": "dados_atendimento.regime_atendimento",
    "saude_ocupacional": "dados_atendimento.saude_ocupacional",
    "data_atendimento": "dados_atendimento.data_atendimento",
    "tipo_consulta": "dados_atendimento.tipo_consulta",
    "codigo_tabela": "dados_atendimento.procedimento.codigo_tabela",
    "codigo_procedimento": "dados_atendimento.procedimento.codigo_procedimento",
    "valor_procedimento": "dados_atendimento.procedimento.valor_procedimento",
    "observacao": "observacao",
}
"""Guia de consulta: column → field path in :class:`GuiaConsulta`."""

_GUIA_COMMON: dict[str, str] = {
    "registro_ans": "cabecalho_guia.registro_ans",
    "numero_guia_prestador": "cabecalho_guia.numero_guia_prestador",
    **_fields_of("dados_autorizacao", _AUTORIZACAO),
    "numero_carteira": "dados_beneficiario.numero_carteira",
    "atendimento_rn": "dados_beneficiario.atendimento_rn",
    **_fields_of("dados_executante.contratado_executante", _CONTRATADO),
    "cnes": "dados_executante.cnes",
    "observacao": "observacao",
}

SADT_COLUMNS: dict[str, str] = {
    **_GUIA_COMMON,
    "guia_principal": "cabecalho_guia.guia_principal",
    **_fields_of("dados_solicitante.contratado_solicitante", _CONTRATADO, "solicitante_"),
    "nome_contratado_solicitante": "dados_solicitante.nome_contratado_solicitante",
    **_fields_of("dados_solicitante.profissional_solicitante", _PROFISSIONAL, "solicitante_"),
    "data_solicitacao": "dados_solicitacao.data_solicitacao",
    "carater_atendimento": "dados_solicitacao.carater_atendimento",
    "indicacao_clinica": "dados_solicitacao.indicacao_clinica",
    "tipo_atendimento": "dados_atendimento.tipo_atendimento",
    "indicacao_acidente": "dados_atendimento.indicacao_acidente",
    "tipo_consulta": "dados_atendimento.tipo_consulta",
    "regime_atendimento": "dados_atendimento.regime_atendimento",
}
"""Guia SP/SADT, guia-level columns (the same value on every row of the guia)."""

RESUMO_COLUMNS: dict[str, str] = {
    **_GUIA_COMMON,
    "numero_guia_solicitacao_internacao": "numero_guia_solicitacao_internacao",
    **_fields_of(
        "dados_internacao",
        (
            "carater_atendimento",
            "tipo_faturamento",
            "data_inicio_faturamento",
            "hora_inicio_faturamento",
            "data_final_faturamento",
            "hora_final_faturamento",
            "tipo_internacao",
            "regime_internacao",
        ),
    ),
    "diagnostico": "dados_saida_internacao.diagnostico",
    "indicador_acidente": "dados_saida_internacao.indicador_acidente",
    "motivo_encerramento": "dados_saida_internacao.motivo_encerramento",
}
"""Resumo de internação, guia-level columns."""

PROCEDIMENTO_COLUMNS: dict[str, str] = {
    "data_execucao": "data_execucao",
    "hora_inicial": "hora_inicial",
    "hora_final": "hora_final",
    "codigo_tabela": "procedimento.codigo_tabela",
    "codigo_procedimento": "procedimento.codigo_procedimento",
    "descricao_procedimento": "procedimento.descricao_procedimento",
    "quantidade_executada": "quantidade_executada",
    "via_acesso": "via_acesso",
    "tecnica_utilizada": "tecnica_utilizada",
    "reducao_acrescimo": "reducao_acrescimo",
    "valor_unitario": "valor_unitario",
    "valor_total": "valor_total",
}
"""A procedure row (``codigo_despesa`` empty) of an SP/SADT or resumo."""

DESPESA_COLUMNS: dict[str, str] = {
    "codigo_despesa": "codigo_despesa",
    **_fields_of(
        "servicos_executados",
        (
            "data_execucao",
            "hora_inicial",
            "hora_final",
            "codigo_tabela",
            "codigo_procedimento",
            "quantidade_executada",
            "unidade_medida",
            "reducao_acrescimo",
            "valor_unitario",
            "valor_total",
            "centro_consumo",
            "descricao_procedimento",
            "registro_anvisa",
            "codigo_ref_fabricante",
            "autorizacao_funcionamento",
        ),
    ),
}
"""An outra despesa row (``codigo_despesa`` filled: OPME, materiais, medicamentos...)."""


@dataclass(frozen=True, slots=True)
class _Kind:
    """One guia type read from CSV: its model, guia-level columns and, for guias with items,
    the model and columns of each item container."""

    name: str
    model: type[BaseModel]
    columns: dict[str, str]
    items: dict[str, tuple[type[BaseModel], dict[str, str]]] = field(default_factory=dict)

    @property
    def grouped(self) -> bool:
        return bool(self.items)


_CONSULTA = _Kind(CONSULTA.slug, GuiaConsulta, CONSULTA_COLUMNS)
_SADT = _Kind(
    SP_SADT.slug,
    GuiaSPSADT,
    SADT_COLUMNS,
    {
        "procedimentos_executados": (_ProcedimentoSADT, PROCEDIMENTO_COLUMNS),
        "outras_despesas": (Despesa, DESPESA_COLUMNS),
    },
)
_RESUMO = _Kind(
    RESUMO_INTERNACAO.slug,
    GuiaResumoInternacao,
    RESUMO_COLUMNS,
    {
        # Internação procedures also carry a centro de consumo (from 4.03.00).
        "procedimentos_executados": (
            ProcedimentoExecutadoInternacao,
            {**PROCEDIMENTO_COLUMNS, "centro_consumo": "centro_consumo"},
        ),
        "outras_despesas": (Despesa, DESPESA_COLUMNS),
    },
)
_KINDS = {kind.name: kind for kind in (_CONSULTA, _SADT, _RESUMO)}
_CSV_KINDS = tuple(KIND_BY_SLUG[name] for name in _KINDS)
_KIND_ALIASES = {
    **{name: name for name in _KINDS},
    "sadt": SP_SADT.slug,
    "spsadt": SP_SADT.slug,
    "resumo_de_internacao": RESUMO_INTERNACAO.slug,
    "resumo": RESUMO_INTERNACAO.slug,
    "internacao": RESUMO_INTERNACAO.slug,
}

STATUS_COLUMN = "status"
TIPO_COLUMN = "tipo_guia"
COLUMNS: frozenset[str] = frozenset(
    {STATUS_COLUMN, TIPO_COLUMN}
    | set(CONSULTA_COLUMNS)
    | set(SADT_COLUMNS)
    | set(RESUMO_COLUMNS)
    | set(PROCEDIMENTO_COLUMNS)
    | set(DESPESA_COLUMNS)
)
"""Every column name the CSV reader accepts."""

CONFIRMED = frozenset({"conferido", "confirmado", "sim", "s", "ok"})
"""``status`` values (accents and case ignored) of rows that are billed."""
NOT_CONFIRMED = frozenset(
    {
        "nao_conferido",
        "nao_confirmado",
        "removido",
        "cancelado",
        "pendente",
        "nao",
        "n",
    }
)
"""``status`` values of rows left out (listed as removed)."""


# --- field types from the models ------------------------------------------------------------


def _unwrap_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


@functools.cache
def _converter(model: type[BaseModel], path: str) -> Callable[[str], Any]:
    """How to turn a cell into the value of ``path`` in ``model``, from the field's type."""
    current: Any = model
    info = None
    for part in path.split("."):
        info = current.model_fields[part]
        current = _unwrap_optional(info.annotation)
    assert info is not None
    if get_origin(current) is list:
        return lambda text: [item for item in re.split(r"[|,;\s]+", text.strip()) if item]
    if isinstance(current, type):
        if issubclass(current, Enum):
            enum: type[Enum] = current
            return lambda text: parse_enum(enum, text)
        if issubclass(current, dt.date):
            return parse_date
        if issubclass(current, dt.time):
            return parse_time
        if issubclass(current, Decimal):
            places = next((m.places for m in info.metadata if isinstance(m, Decimals)), 2)
            return lambda text: parse_decimal(text, places)
        if issubclass(current, int):
            return _parse_int
    return str


# --- reading ------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (a BOM is dropped), else Windows-1252/Latin-1 (what Excel
    writes on Brazilian Windows)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # bytes cp1252 leaves undefined
        return data.decode("latin-1")


def detect_separator(header: str) -> str:
    """``;``, ``,`` or tab: whichever appears most in the header line (outside quotes)."""
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {sep: unquoted.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def normalise_header(name: str) -> str:
    """``Número Guia Prestador`` / ``numeroGuiaPrestador`` → ``numero_guia_prestador``."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip())
    return fold_name(snake)


@dataclass(slots=True)
class CsvBatch:
    """Guias read from one CSV file and the rows left out."""

    guias: list[Guia] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)


@dataclass(slots=True)
class _Row:
    line: int
    cells: dict[str, str]
    """Non-empty cells, after the defaults."""
    given: frozenset[str]
    """Columns filled in the file itself (defaults excluded)."""


@dataclass(slots=True)
class _Item:
    line: int
    container: str
    values: dict[str, Any]


@dataclass(slots=True)
class _PendingGuia:
    kind: _Kind
    first_line: int
    values: dict[str, Any] = field(default_factory=dict)
    lines_of: dict[str, int] = field(default_factory=dict)
    items: list[_Item] = field(default_factory=list)


class _Reader:
    def __init__(self, path: Path, padroes: Mapping[str, Any], periodo: Periodo | None) -> None:
        self.name = path.name
        self.periodo = periodo
        self.padroes = self._check_padroes(padroes)
        self.batch = CsvBatch()
        self.columns: frozenset[str] = frozenset()
        """The named columns of the header, once :meth:`rows` has read it."""

    def error(self, line: int | None, column: str | None, message: str) -> CsvInputError:
        where = self.name if line is None else f"{self.name}, linha {line}"
        if column is not None:
            where += f", coluna {column}"
        return CsvInputError(f"{where}: {message}")

    def _check_padroes(self, padroes: Mapping[str, Any]) -> dict[str, str]:
        unknown = sorted(set(padroes) - COLUMNS)
        if unknown:
            raise self.error(
                None, None, f"'padroes' com coluna(s) desconhecida(s): {', '.join(unknown)}"
            )
        out = {}
        for column, value in padroes.items():
            if value is None:
                continue
            text = value.isoformat() if isinstance(value, dt.date) else str(value)
            if text.strip():
                out[column] = text.strip()
        return out

    # -- rows

    def rows(self, text: str) -> list[_Row]:
        lines = text.splitlines()
        header_line = next((line for line in lines if line.strip()), None)
        if header_line is None:
            raise self.error(None, None, "arquivo vazio: falta a linha de cabeçalho")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_separator(header_line))
        header: list[str] | None = None
        rows: list[_Row] = []
        while True:
            line = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise self.error(line, None, f"CSV mal formado ({exc})") from None
            self._check_one_line(record, line, reader.line_num)
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = self._header(record, line)
                self.columns = frozenset(column for column in header if column)
                continue
            if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
                raise self.error(line, None, "linha com mais colunas que o cabeçalho")
            named = max((i + 1 for i, column in enumerate(header) if column), default=0)
            if len(record) < named:
                # A missing separator shifts the cells; a default would fill the last one.
                raise self.error(
                    line,
                    None,
                    f"linha com {len(record)} célula(s), mas o cabeçalho tem {named} coluna(s) "
                    f"(falta a coluna {header[len(record)]}); confira os separadores da linha",
                )
            # Spreadsheets often export unnamed empty columns; a value there would be lost.
            for position, (column, cell) in enumerate(zip(header, record, strict=False), 1):
                if not column and cell.strip():
                    raise self.error(
                        line, None, f"valor {cell.strip()!r} na coluna {position}, sem nome"
                    )
            given = {
                column: cell.strip()
                for column, cell in zip(header, record, strict=False)
                if column and cell.strip()
            }
            rows.append(_Row(line, {**self.padroes, **given}, frozenset(given)))
        return rows

    def _check_one_line(self, record: list[str], line: int, last_line: int) -> None:
        """A record is one physical line: TISS values never hold line breaks, so a break inside
        a cell is a quote left open that swallowed the lines after it."""
        if not any("\n" in cell or "\r" in cell for cell in record):
            return
        if last_line > line:
            reach = (
                f"continua até a linha {last_line}, juntando {last_line - line + 1} linhas em "
                "um só registro"
            )
        else:
            reach = "não é fechada até o fim do arquivo"
        raise self.error(
            line,
            None,
            f'aspas (") sem fechamento: a célula aberta com aspas nesta linha {reach}. '
            "Remova a aspa ou feche-a na mesma linha (quebras de linha dentro de uma célula "
            "não são aceitas)",
        )

    def _header(self, record: list[str], line: int) -> list[str]:
        header = [normalise_header(cell) for cell in record]
        unknown = [name for name in header if name and name not in COLUMNS]
        if unknown:
            described = []
            for name in unknown:
                close = difflib.get_close_matches(name, COLUMNS, n=1)
                described.append(f"{name} (quis dizer {close[0]}?)" if close else name)
            raise self.error(
                line,
                None,
                f"coluna(s) desconhecida(s): {', '.join(described)}. Colunas aceitas: "
                + ", ".join(sorted(COLUMNS)),
            )
        repeated = sorted({name for name in header if name and header.count(name) > 1})
        if repeated:
            raise self.error(line, None, f"coluna(s) repetida(s): {', '.join(repeated)}")
        return header

    def kind_of(self, row: _Row) -> _Kind:
        value = row.cells.get(TIPO_COLUMN)
        if value is None:
            present = set(row.cells)
            if present & {"data_atendimento", "valor_procedimento", "tipo_consulta"} and not (
                present & {"data_execucao", "codigo_despesa"}
            ):
                return _CONSULTA
            if present & {"tipo_faturamento", "numero_guia_solicitacao_internacao"}:
                return _RESUMO
            if present & {"tipo_atendimento", "data_execucao"}:
                return _SADT
            raise self.error(
                row.line,
                TIPO_COLUMN,
                "não foi possível saber o tipo de guia; preencha tipo_guia "
                f"({slugs_phrase(_CSV_KINDS)}) ou informe-o em 'padroes' no --config",
            )
        name = _KIND_ALIASES.get(fold_name(value))
        if name is None:
            raise self.error(
                row.line,
                TIPO_COLUMN,
                f"tipo de guia {value!r} não suportado em CSV; use consulta, sp_sadt ou "
                "resumo_internacao (honorários: use JSON ou YAML)",
            )
        return _KINDS[name]

    def status_reason(self, row: _Row, present: bool) -> str | None:
        """None when the row is to be billed, else why it is not."""
        if not present:
            return None
        raw = row.cells.get(STATUS_COLUMN, "")
        folded = fold_name(raw)
        if folded in CONFIRMED:
            return None
        if not folded:
            return "status vazio (não conferido)"
        if folded in NOT_CONFIRMED:
            return f"status '{raw}'"
        raise self.error(
            row.line,
            STATUS_COLUMN,
            f"status {raw!r} desconhecido; use conferido/confirmado para faturar, ou "
            "não conferido/removido/cancelado/pendente para deixar de fora",
        )

    # -- conversion

    def container_of(self, kind: _Kind, row: _Row) -> str | None:
        """Which list of the guia this row's item goes to (None for a consulta)."""
        if not kind.grouped:
            return None
        return "outras_despesas" if "codigo_despesa" in row.cells else "procedimentos_executados"

    def check_applicable(self, kind: _Kind, row: _Row, container: str | None) -> None:
        """A filled cell that this row's guia or item cannot carry is an error, never ignored."""
        allowed = set(kind.columns) | {STATUS_COLUMN, TIPO_COLUMN}
        if container is not None:
            allowed |= set(kind.items[container][1])
        for column in sorted(row.given - allowed):
            other = {name: cols for name, (_, cols) in kind.items.items() if name != container}
            if "outras_despesas" in other and column in other["outras_despesas"]:
                message = "esta coluna só se aplica a despesas (preencha codigo_despesa)"
            elif (
                "procedimentos_executados" in other and column in other["procedimentos_executados"]
            ):
                message = "esta coluna só se aplica a procedimentos (deixe codigo_despesa vazio)"
            else:
                message = f"esta coluna não se aplica a guia {kind.name}; deixe-a vazia"
            raise self.error(row.line, column, message)

    def convert(
        self, model: type[BaseModel], columns: Mapping[str, str], row: _Row
    ) -> dict[str, Any]:
        """Column values converted to their field types, keyed by field path."""
        values: dict[str, Any] = {}
        for column, path in columns.items():
            text = row.cells.get(column)
            if text is None:
                continue
            try:
                values[path] = _converter(model, path)(text)
            except ValueError as exc:
                raise self.error(row.line, column, str(exc)) from None
        return values

    # -- the whole file

    def read(self, text: str) -> CsvBatch:
        rows = self.rows(text)
        # A status column decides even when every cell of it is blank (nothing conferido).
        has_status = STATUS_COLUMN in self.columns or STATUS_COLUMN in self.padroes
        pending: dict[tuple[str, str], _PendingGuia] = {}
        for row in rows:
            kind = self.kind_of(row)
            container = self.container_of(kind, row)
            self.check_applicable(kind, row, container)
            reason = self.status_reason(row, has_status)
            # A row left out by its status is not checked any further: it is not billed.
            day = self.row_date(kind, row, required=reason is None)
            if reason is None and self.periodo is not None and day not in self.periodo:
                reason = f"fora do período {self.periodo}"
            if reason is not None:
                self.batch.removed.append(self.removed(kind, row, day, reason))
                continue
            guia_values = self.convert(kind.model, kind.columns, row)
            if not kind.grouped:
                self.batch.guias.append(self.validate_consulta(row, guia_values))
                continue
            assert container is not None
            key = (row.cells.get("registro_ans", ""), row.cells.get("numero_guia_prestador", ""))
            if not key[1]:
                raise self.error(row.line, "numero_guia_prestador", "obrigatória para agrupar")
            guia = pending.setdefault(key, _PendingGuia(kind, row.line))
            self.merge(guia, kind, row, guia_values)
            item_model, item_columns = kind.items[container]
            item_values = self.convert(item_model, item_columns, row)
            guia.items.append(_Item(row.line, container, item_values))
        for guia in pending.values():
            self.batch.guias.append(self.validate_grouped(guia))
        self._check_accounted(rows, pending)
        return self.batch

    def _check_accounted(self, rows: list[_Row], pending: Mapping[Any, _PendingGuia]) -> None:
        """Every row read is billed or listed as left out: a count that does not add up means
        rows were lost, and no lote may be built from the file."""
        consultas = sum(isinstance(guia, GuiaConsulta) for guia in self.batch.guias)
        items = sum(len(guia.items) for guia in pending.values())
        accounted = consultas + items + len(self.batch.removed)
        if accounted != len(rows):
            raise self.error(
                None,
                None,
                f"{len(rows)} linha(s) de atendimento lida(s), mas {accounted} faturada(s) ou "
                "deixada(s) de fora: confira o arquivo antes de gerar os lotes",
            )

    def row_date(self, kind: _Kind, row: _Row, *, required: bool) -> dt.date | None:
        """The date of the attendance (consulta) or item; None only when not ``required``."""
        column = "data_execucao" if kind.grouped else "data_atendimento"
        text = row.cells.get(column)
        try:
            if text is None:
                raise ValueError("data obrigatória não informada")
            return parse_date(text)
        except ValueError as exc:
            if not required:
                return None
            raise self.error(row.line, column, str(exc)) from None

    def removed(self, kind: _Kind, row: _Row, day: dt.date | None, reason: str) -> Removed:
        cells = row.cells
        codigo = cells.get("codigo_procedimento", "")
        descricao = cells.get("descricao_procedimento", "Consulta" if not kind.grouped else "")
        valor: Decimal | None
        try:
            if "valor_procedimento" in cells and not kind.grouped:
                valor = parse_decimal(cells["valor_procedimento"])
            elif "valor_total" in cells:
                valor = parse_decimal(cells["valor_total"])
            else:
                valor = line_total(
                    parse_decimal(cells.get("quantidade_executada", "1"), 4),
                    parse_decimal(cells["valor_unitario"]),
                    parse_decimal(cells.get("reducao_acrescimo", "1")),
                )
        except (KeyError, ValueError):
            valor = None  # only shown in the list of removed rows; not worth an error
        return Removed(
            origem=f"{self.name}:{row.line}",
            guia=cells.get("numero_guia_prestador", ""),
            data=day,
            descricao=" ".join(part for part in (codigo, descricao) if part),
            valor=valor,
            motivo=reason,
        )

    def merge(self, guia: _PendingGuia, kind: _Kind, row: _Row, values: Mapping[str, Any]) -> None:
        if kind is not guia.kind:
            raise self.error(
                row.line,
                TIPO_COLUMN,
                f"a guia {row.cells['numero_guia_prestador']} é {guia.kind.name} na linha "
                f"{guia.first_line} e {kind.name} nesta linha",
            )
        column_of = {path: column for column, path in kind.columns.items()}
        for path, value in values.items():
            previous = guia.values.get(path)
            if previous is not None and previous != value:
                column = column_of[path]
                raise self.error(
                    row.line,
                    column,
                    f"valor {row.cells[column]!r} difere do informado na linha "
                    f"{guia.lines_of[path]} para a mesma guia "
                    f"{row.cells['numero_guia_prestador']} (campos da guia devem ser iguais "
                    "em todas as linhas dela)",
                )
            guia.values.setdefault(path, value)
            guia.lines_of.setdefault(path, row.line)

    # -- validation with errors located by line and column

    def validate_consulta(self, row: _Row, values: Mapping[str, Any]) -> Guia:
        data = {"tipo_guia": CONSULTA.slug, **_nest(values)}
        try:
            return GuiaConsulta.model_validate(data)
        except ValidationError as exc:
            raise self.located(exc, _CONSULTA, lambda _: row.line) from None

    def validate_grouped(self, guia: _PendingGuia) -> Guia:
        kind = guia.kind
        data: dict[str, Any] = {"tipo_guia": kind.name, **_nest(guia.values)}
        items: dict[str, list[_Item]] = {name: [] for name in kind.items}
        for item in guia.items:
            items[item.container].append(item)
        for container, members in items.items():
            data[container] = [_nest(item.values) for item in members]

        def line_of(loc: tuple[int | str, ...]) -> int:
            if len(loc) >= 2 and loc[0] in items and isinstance(loc[1], int):
                return items[str(loc[0])][loc[1]].line
            return guia.lines_of.get(".".join(str(p) for p in loc), guia.first_line)

        try:
            built = kind.model.model_validate(data)
        except ValidationError as exc:
            raise self.located(exc, kind, line_of) from None
        assert isinstance(built, GuiaSPSADT | GuiaResumoInternacao)
        return built

    def located(
        self,
        exc: ValidationError,
        kind: _Kind,
        line_of: Callable[[tuple[int | str, ...]], int],
    ) -> CsvInputError:
        messages = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])  # field names: the models have no input aliases
            column = _column_for(loc, kind)
            line = line_of(loc)
            where = f"linha {line}" + (f", coluna {column}" if column else "")
            if column is None:
                where += f" ({'.'.join(str(p) for p in loc)})"
            messages.append(f"{where}: {error_text(error)}")
        if len(messages) == 1:
            return CsvInputError(f"{self.name}, {messages[0]}")
        return CsvInputError(f"{self.name}: {len(messages)} problemas:\n  " + "\n  ".join(messages))


def _is_required(model: type[BaseModel], path: str, below: int) -> bool:
    """Whether the field at ``path`` must be given once the block of its first ``below``
    parts exists (every field from there down is required)."""
    current: Any = model
    for depth, part in enumerate(path.split(".")):
        info = current.model_fields[part]
        if depth >= below and not info.is_required():
            return False
        current = _unwrap_optional(info.annotation)
    return True


def _column_for(loc: tuple[int | str, ...], kind: _Kind) -> str | None:
    """The CSV column(s) behind the field at ``loc`` (None when no column maps to it)."""
    model, columns = kind.model, kind.columns
    if len(loc) >= 2 and loc[0] in kind.items and isinstance(loc[1], int):
        model, columns = kind.items[str(loc[0])]
        loc = loc[2:]
    dotted = ".".join(str(p) for p in loc)
    for column, path in columns.items():
        if path == dotted:
            return column
    # A whole block (a missing one, or a check such as "exactly one identifier"): name its
    # required columns, or all of them when none is required on its own.
    inside = {column: path for column, path in columns.items() if path.startswith(dotted + ".")}
    required = [c for c, path in inside.items() if _is_required(model, path, len(loc))]
    return " / ".join(required or inside) if inside and dotted else None


def _nest(values: Mapping[str, Any]) -> dict[str, Any]:
    """``{"a.b": 1}`` → ``{"a": {"b": 1}}``."""
    out: dict[str, Any] = {}
    for path, value in values.items():
        *parents, last = path.split(".")
        node = out
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def read_csv(
    path: Path, *, padroes: Mapping[str, Any] | None = None, periodo: Periodo | None = None
) -> CsvBatch:
    """The guias of CSV file ``path`` (confirmed rows inside ``periodo``) and the rows left
    out. ``padroes`` gives values for columns that are absent or empty."""
    try:
        data = read_file(path)
    except FileReadError as exc:
        raise CsvInputError(exc.message) from None  # it names the path
    reader = _Reader(path, padroes or {}, periodo)
    return reader.read(decode(data))


__all__ = [
    "COLUMNS",
    "CONFIRMED",
    "CONSULTA_COLUMNS",
    "DESPESA_COLUMNS",
    "NOT_CONFIRMED",
    "PROCEDIMENTO_COLUMNS",
    "RESUMO_COLUMNS",
    "SADT_COLUMNS",
    "CsvBatch",
    "CsvInputError",
    "decode",
    "detect_separator",
    "normalise_header",
    "parse_decimal",
    "parse_enum",
    "parse_time",
    "read_csv",
]
