"""The billing period and what the input readers leave out of the lotes.

Shared by the readers of JSON/YAML documents (:mod:`tissbill.billing.workflow`) and of CSV rows
(:mod:`tissbill.billing.csv_input`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

_DATE_BR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> dt.date:
    """``DD/MM/AAAA`` or ``AAAA-MM-DD`` → date; ValueError with a Portuguese message."""
    value = text.strip()
    match = _DATE_BR.fullmatch(value)
    if match is not None:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _DATE_ISO.fullmatch(value)
        if match is None:
            raise ValueError(f"data inválida {text!r}: use DD/MM/AAAA ou AAAA-MM-DD")
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"data inexistente {text!r}") from None


@dataclass(frozen=True, slots=True)
class Periodo:
    """Billing period, both ends included (the portals' Dt. Inicial and Dt. Final)."""

    inicio: dt.date
    fim: dt.date

    @classmethod
    def parse(cls, text: str) -> Periodo:
        """``INICIO:FIM``, each date as ``AAAA-MM-DD`` or ``DD/MM/AAAA``."""
        parts = text.split(":")
        if len(parts) != 2:
            raise ValueError(
                f"período inválido {text!r}: use INICIO:FIM (ex.: 2023-11-01:2023-11-30)"
            )
        inicio, fim = parse_date(parts[0]), parse_date(parts[1])
        if fim < inicio:
            raise ValueError(f"período inválido {text!r}: a data final é anterior à inicial")
        return cls(inicio, fim)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.inicio <= day <= self.fim

    def __str__(self) -> str:
        return f"{self.inicio:%d/%m/%Y} a {self.fim:%d/%m/%Y}"


@dataclass(frozen=True, slots=True)
class Removed:
    """An attendance or item left out of the lotes, and why."""

    origem: str
    """Where it came from: ``arquivo.csv:12`` (line) or the input file of a whole guia."""
    guia: str
    data: dt.date | None
    descricao: str
    valor: Decimal | None
    motivo: str
