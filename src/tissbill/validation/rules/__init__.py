"""Business rules, one module per area. Importing this package registers them all."""

from tissbill.validation.rules import (  # noqa: F401
    despesas,
    documento,
    guias,
    identificadores,
    internacao,
    lote,
    retornos,
    totais,
)
