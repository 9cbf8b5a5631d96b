"""Alembic environment of the ledger: run by ``tissbill.ledger.store`` on an open connection,
never from the command line (no alembic.ini is needed)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from tissbill.ledger.schema import Base

connection: Connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
