"""The notifier's table declarations match the schema its migrations build, column for column.

Alembic owns the database; the declarations in ``*/tables.py`` are what queries are built
from. Compared with Alembic's autogenerate on a freshly migrated database: columns, types,
nullability, indexes, unique constraints and foreign keys.
"""

from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from syncyard_common.db import migrate
from syncyard_notifier import main  # noqa: F401  (imports every table module)
from syncyard_notifier.schema import SCHEMA, Base
from tests.fixtures.postgres import drop_database, fresh_database

MIGRATIONS = Path(__file__).resolve().parents[3] / "services/notifier/migrations"


def _differences(connection: Connection) -> list[Any]:
    declared = set(Base.metadata.tables)

    def ours(item: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if type_ == "table":
            return f"{SCHEMA}.{name}" in declared
        table = getattr(item, "table", None)
        return table is None or f"{SCHEMA}.{table.name}" in declared

    context = MigrationContext.configure(
        connection,
        opts={
            "include_schemas": True,
            "include_name": lambda name, type_, parent: type_ != "schema" or name == SCHEMA,
            "include_object": ours,
            "compare_type": True,
        },
    )
    return list(compare_metadata(context, Base.metadata))


async def test_the_declared_tables_are_the_migrated_tables(postgres_url: str) -> None:
    assert len(Base.metadata.tables) == 6
    database_url = fresh_database(postgres_url)
    engine = create_async_engine(database_url)
    try:
        await migrate.upgrade_to_head(
            migrations_dir=MIGRATIONS, database_url=database_url, schema=SCHEMA
        )
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
        assert differences == []
    finally:
        await engine.dispose()
        drop_database(database_url)
