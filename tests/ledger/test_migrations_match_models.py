"""The migrations build exactly the tables the ORM declares, on both backends.

The ledger's tables are created only by the Alembic migrations, while the code reads and writes
them through ``tissbill.ledger.schema``; a column added to one and forgotten in the other would
fail only on the first write of that column, in a user's database.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tissbill.ledger import Ledger
from tissbill.ledger.schema import Base


def test_migrated_database_equals_the_orm_declaration(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger, ledger.session(write=False) as session:
        context = MigrationContext.configure(
            session.connection(), opts={"compare_type": True, "compare_server_default": False}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
