"""Field types of the TISS models: the XSD simple types (``st_*``) with the checks they imply.

Markers in the ``Annotated`` metadata (:class:`Decimals`, :class:`Items`) carry what the XML
layer needs to write and read a field; the models themselves stay free of XML. What differs
between TISS versions (a field's existence, requirement, digits, pattern) is not restated here:
the XML layer reads it from :mod:`tissbill.spec`. The checks below are those of the widest
version, so a model accepts every value some version takes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from tissbill.money import digits_error, total_digits

# --- markers --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decimals:
    """Written with exactly ``places`` decimal places."""

    places: int


@dataclass(frozen=True, slots=True)
class Items:
    """A list written inside a wrapper element (the field's element name), one ``element`` per item.

    ``element=None`` takes each item's element name from its class (``__tiss_element__``).
    """

    element: str | None


# --- validators -----------------------------------------------------------------------------


def _float_as_written(places: int) -> Callable[[Any], Any]:
    """A float (YAML and JSON numbers, Python literals) read as the decimal it was written as.

    ``repr`` gives the shortest text that reads back as the same float, which is what the user
    typed whenever it fits the field (1800.0, 0.1). Anything longer (0.1 + 0.2, 1e-07) is not
    a value the field can hold, so it is refused rather than rounded.
    """

    def convert(value: Any) -> Any:
        if not isinstance(value, float):
            return value
        if not math.isfinite(value):
            raise ValueError("valor numérico inválido")
        written = Decimal(repr(value))
        exponent = written.as_tuple().exponent
        assert isinstance(exponent, int)  # finite
        if exponent < -places:
            raise ValueError(
                f"o número {value!r} não cabe em {places} casas decimais; "
                f"informe o valor exato como texto (ex.: '93.00') ou Decimal"
            )
        return written

    return convert


def _max_places(places: int) -> Callable[[Decimal], Decimal]:
    quantum = Decimal(1).scaleb(-places)

    def check(value: Decimal) -> Decimal:
        if not value.is_finite():
            raise ValueError("valor numérico inválido")
        if value != value.quantize(quantum):
            raise ValueError(f"no máximo {places} casas decimais")
        return value

    return check


def _max_digits(digits: int, places: int) -> Callable[[Decimal], Decimal]:
    def check(value: Decimal) -> Decimal:
        if total_digits(value) > digits:
            raise ValueError(digits_error(value, digits, places))
        return value

    return check


def _decimal(places: int, bounds: Any, *, digits: int | None = None) -> tuple[Any, ...]:
    """The metadata of a decimal type (``Annotated[Decimal, *_decimal(...)]``): ``places`` is
    stated once for reading floats, for the check and for the writer (:class:`Decimals`).

    ``bounds`` (the type's ``Field``) stays between the float conversion and the checks of
    places and digits, the order in which pydantic reports the errors.
    """
    digit_check = () if digits is None else (AfterValidator(_max_digits(digits, places)),)
    return (
        BeforeValidator(_float_as_written(places)),
        bounds,
        AfterValidator(_max_places(places)),
        *digit_check,
        Decimals(places),
    )


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("não pode ser vazio nem conter apenas espaços")
    return value


def _plain_date(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("informe apenas a data (AAAA-MM-DD), sem hora")
    return value


def _plain_time(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError("hora sem fuso horário (HH:MM:SS)")
    if value.microsecond:
        raise ValueError("hora sem frações de segundo (HH:MM:SS)")
    return value


def _digits(pattern: str, what: str) -> Callable[[str], str]:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(what)
        return value

    return check


# --- types ----------------------------------------------------------------------------------

# st_textoN: 1..N characters, never blank.
Texto4 = Annotated[str, Field(min_length=1, max_length=4), AfterValidator(_not_blank)]
Texto7 = Annotated[str, Field(min_length=1, max_length=7), AfterValidator(_not_blank)]
Texto10 = Annotated[str, Field(min_length=1, max_length=10), AfterValidator(_not_blank)]
Texto12 = Annotated[str, Field(min_length=1, max_length=12), AfterValidator(_not_blank)]
Texto14 = Annotated[str, Field(min_length=1, max_length=14), AfterValidator(_not_blank)]
Texto15 = Annotated[str, Field(min_length=1, max_length=15), AfterValidator(_not_blank)]
Texto20 = Annotated[str, Field(min_length=1, max_length=20), AfterValidator(_not_blank)]
Texto30 = Annotated[str, Field(min_length=1, max_length=30), AfterValidator(_not_blank)]
Texto32 = Annotated[str, Field(min_length=1, max_length=32), AfterValidator(_not_blank)]
Texto40 = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_not_blank)]
Texto60 = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(_not_blank)]
Texto70 = Annotated[str, Field(min_length=1, max_length=70), AfterValidator(_not_blank)]
Texto150 = Annotated[str, Field(min_length=1, max_length=150), AfterValidator(_not_blank)]
Texto500 = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_not_blank)]

# Money follows the XSD's totalDigits facet, not a value ceiling. Models check the widest
# version's facet; the writer checks the version's own, from tissbill.spec.
ValorItem = Annotated[Decimal, *_decimal(2, Field(ge=0), digits=10)]
"""Money of an item: 2 places, ≥ 0, the widest version's digits (the writer checks those of
the version written)."""

ValorTotal = Annotated[Decimal, *_decimal(2, Field(ge=0), digits=10)]
"""Money of a guia total (st_decimal10-2): 2 places, ≥ 0."""

Fator = Annotated[Decimal, *_decimal(2, Field(gt=0, le=Decimal("9.99")))]
"""Fator de redução ou acréscimo (st_decimal3-2): > 0, 1.00 when there is none."""

QuantidadeDespesa = Annotated[Decimal, *_decimal(4, Field(gt=0, le=Decimal("99999.9999")))]
"""Quantidade executada of an outra despesa (st_decimal9-4): > 0, written with 4 places."""

QuantidadeAnalisada = Annotated[Decimal, *_decimal(4, Field(ge=0, le=Decimal("99999.9999")))]
"""Quantidade in a demonstrativo de análise (st_decimal9-4): ≥ 0, since an operadora may report
an item refused in full with quantity zero."""

QuantidadeProcedimento = Annotated[int, Field(ge=1, le=999)]
"""Quantidade executada of a procedure (st_numerico3)."""

SequencialItem = Annotated[int, Field(ge=1, le=9999)]
"""sequencialItem (st_numerico4); unique within a guia across procedures and despesas."""

Data = Annotated[dt.date, AfterValidator(_plain_date)]
Hora = Annotated[dt.time, AfterValidator(_plain_time)]

RegistroANS = Annotated[str, AfterValidator(_digits(r"[0-9]{6}", "registro ANS tem 6 dígitos"))]
CPF = Annotated[str, AfterValidator(_digits(r"[0-9]{11}", "CPF tem 11 dígitos, sem pontuação"))]
CNPJ = Annotated[
    str,
    AfterValidator(
        _digits(
            r"[A-Z0-9]{12}[0-9]{2}",
            "CNPJ tem 14 caracteres sem pontuação (12 letras maiúsculas ou dígitos + 2 dígitos)",
        )
    ),
]
CodigoGlosa = Annotated[
    str, AfterValidator(_digits(r"[0-9]{4}", "código de glosa (tabela 38) tem 4 dígitos"))
]
"""A code of tabela 38 (dm_tipoGlosa). The models take any 4 digits and leave the table, which
changes between versions and carries no meanings, to the XSD (like CBO-S)."""
Competencia = Annotated[
    str, AfterValidator(_digits(r"[0-9]{4}[0-9]{2}", "competência no formato AAAAMM"))
]
"""st_competencia: year and month, ``AAAAMM``."""
Numerico12 = Annotated[
    str, AfterValidator(_digits(r"[0-9]{1,12}", "informe de 1 a 12 dígitos, sem pontuação"))
]
"""st_numerico12 (numbers of lote and protocolo in the recurso de glosa). Kept as the text
given, so leading zeros survive the round trip."""
CNES = Annotated[
    str, AfterValidator(_digits(r"[0-9]{7}", "CNES tem 7 dígitos (9999999 se não houver)"))
]
CBOS = Annotated[str, AfterValidator(_digits(r"[0-9]{6}", "CBO-S tem 6 dígitos"))]
CID = Annotated[str, Field(min_length=1, max_length=4), AfterValidator(_not_blank)]
DeclaracaoNascidoObito = Annotated[
    str,
    AfterValidator(_digits(r"[a-zA-Z0-9]{1,11}", "número da declaração: 1 a 11 letras ou dígitos")),
]
