"""Run a service's Alembic migrations in its own schema, at start-up or from the command line."""

import asyncio
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Connection, MetaData, pool, text
from sqlalchemy.ext.asyncio import create_async_engine

from syncyard_common.db import tenant_scope


def _config(*, migrations_dir: Path, database_url: str, schema: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(slug)s")
    config.attributes["syncyard_schema"] = schema
    return config


async def upgrade_to_head(*, migrations_dir: Path, database_url: str, schema: str) -> None:
    """Apply every pending migration; safe to call from several replicas at once."""
    config = _config(migrations_dir=migrations_dir, database_url=database_url, schema=schema)
    await asyncio.to_thread(command.upgrade, config, "head")


async def downgrade_to_base(*, migrations_dir: Path, database_url: str, schema: str) -> None:
    """Undo every migration of one service (used by the stairway test and by operators)."""
    config = _config(migrations_dir=migrations_dir, database_url=database_url, schema=schema)
    await asyncio.to_thread(command.downgrade, config, "base")


def _run_migrations(connection: Connection, target_metadata: MetaData | None, schema: str) -> None:
    # Replicas starting together serialise here instead of racing on DDL.
    connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:s))"), {"s": schema})
    connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table_schema=schema,
        include_schemas=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online(target_metadata: MetaData | None, schema: str) -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None
    # System scope: a data migration sees and changes every tenant's rows (row_security.py).
    engine = create_async_engine(
        url, poolclass=pool.NullPool, connect_args=tenant_scope.CONNECT_ARGS
    )
    async with engine.begin() as connection:
        await connection.run_sync(_run_migrations, target_metadata, schema)
    await engine.dispose()


def run_env(*, target_metadata: MetaData | None, schema: str) -> None:
    """The body of every service's ``migrations/env.py``."""
    configured: Any = context.config.attributes.get("syncyard_schema")
    asyncio.run(_run_online(target_metadata, configured or schema))
