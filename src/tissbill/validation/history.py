"""What the history rules may ask about lotes sent before (the ledger answers; see
:mod:`tissbill.ledger`).

Kept here as a protocol so the validation knows nothing of databases: without a history the
rules check only the file at hand, as they always did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class PriorLote:
    """A lote already recorded: which file, when, and its epílogo hash; or a recurso de glosa of
    that lote (``numero_recurso``), which shares the lotes' sequencialTransacao numbering."""

    numero_lote: str
    sequencial_transacao: str
    arquivo: str
    criado_em: dt.datetime
    hash: str
    numero_recurso: str | None = None


@dataclass(frozen=True, slots=True)
class PriorGuia:
    """A guia already billed, with its internação window when it is a resumo."""

    numero_guia_prestador: str
    numero_lote: str
    arquivo: str
    hash: str
    """Epílogo hash of the lote the guia was billed in."""
    tipo_faturamento: str | None
    numero_guia_solicitacao: str | None
    inicio: dt.datetime | None
    fim: dt.datetime | None


class History(Protocol):
    """Lotes and guias recorded for a prestador (``tipo:valor``, e.g. ``CNPJ:…``) and operadora."""

    def lotes_with_numero(self, prestador: str, operadora: str, numero: str) -> list[PriorLote]:
        """Recorded lotes with this numeroLote."""
        ...

    def lotes_with_transacao(
        self, prestador: str, operadora: str, sequencial: str
    ) -> list[PriorLote]:
        """Recorded lotes and recursos de glosa with this sequencialTransacao."""
        ...

    def guias(
        self,
        prestador: str,
        operadora: str,
        numeros: Collection[str],
        solicitacoes: Collection[str],
    ) -> list[PriorGuia]:
        """Recorded guias with one of these numeroGuiaPrestador, or resumos of one of these
        internações (numeroGuiaSolicitacaoInternacao)."""
        ...
