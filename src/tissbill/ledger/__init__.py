"""The ledger of billed lotes: numbering that never repeats, and the history the rules need.

An embedded SQLite file by default (in the user's data folder), or any SQLAlchemy URL of a
shared PostgreSQL. See docs/ledger.md.
"""

from tissbill.errors import LedgerError, LedgerUnavailableError
from tissbill.ledger.store import (
    ANALISADO,
    ENVIADO,
    ESTADOS,
    GERADO,
    IMPORTADO,
    LEDGER_ENV,
    PAGO,
    PROTOCOLADO,
    Billing,
    ImportResult,
    Ledger,
    LoteInfo,
    default_location,
    prestador_key,
    resolve_url,
    safe_url,
)

__all__ = [
    "ANALISADO",
    "ENVIADO",
    "ESTADOS",
    "GERADO",
    "IMPORTADO",
    "LEDGER_ENV",
    "PAGO",
    "PROTOCOLADO",
    "Billing",
    "ImportResult",
    "Ledger",
    "LedgerError",
    "LedgerUnavailableError",
    "LoteInfo",
    "default_location",
    "prestador_key",
    "resolve_url",
    "safe_url",
]
