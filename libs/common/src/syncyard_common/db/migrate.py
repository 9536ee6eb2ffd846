"""Run a service's Alembic migrations in its own schema, at start-up or from the command line.

The migrations run as the role that owns the schema; when the service runs as another role
(R23: one that owns nothing, so it can neither turn row-level security off nor drop a table),
every run ends by granting that role DML on the schema's tables, and the same by default on
tables later migrations make.
"""

import asyncio
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Connection, MetaData, pool, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from syncyard_common.db import tenant_scope


def _config(
    *, migrations_dir: Path, database_url: str, schema: str, runtime_role: str | None = None
) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(slug)s")
    config.attributes["syncyard_schema"] = schema
    config.attributes["syncyard_runtime_role"] = runtime_role
    return config


def runtime_role(database_url: str, runtime_database_url: str | None) -> str | None:
    """The role the service runs as, when it is not the migrations' role."""
    if not runtime_database_url:
        return None
    runtime = make_url(runtime_database_url).username
    return runtime if runtime and runtime != make_url(database_url).username else None


async def upgrade_to_head(
    *,
    migrations_dir: Path,
    database_url: str,
    schema: str,
    runtime_database_url: str | None = None,
) -> None:
    """Apply every pending migration as ``database_url``'s role; safe to call from several
    replicas at once. ``runtime_database_url``'s role, if another, is granted DML."""
    config = _config(
        migrations_dir=migrations_dir,
        database_url=database_url,
        schema=schema,
        runtime_role=runtime_role(database_url, runtime_database_url),
    )
    await asyncio.to_thread(command.upgrade, config, "head")


async def downgrade_to_base(*, migrations_dir: Path, database_url: str, schema: str) -> None:
    """Undo every migration of one service (used by the stairway test and by operators)."""
    config = _config(migrations_dir=migrations_dir, database_url=database_url, schema=schema)
    await asyncio.to_thread(command.downgrade, config, "base")


def _grant(connection: Connection, schema: str, role: str) -> None:
    """DML for the runtime role on everything the schema holds now, and by default on what
    later migrations make; the Alembic version table only to read."""
    on, to = f'"{schema}"', f'"{role}"'
    dml = "SELECT, INSERT, UPDATE, DELETE"
    for statement in (
        f"GRANT USAGE ON SCHEMA {on} TO {to}",
        f"GRANT {dml} ON ALL TABLES IN SCHEMA {on} TO {to}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {on} TO {to}",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {on} TO {to}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {on} GRANT {dml} ON TABLES TO {to}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {on} GRANT USAGE, SELECT ON SEQUENCES TO {to}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {on} GRANT EXECUTE ON FUNCTIONS TO {to}",
        f"REVOKE INSERT, UPDATE, DELETE ON {on}.alembic_version FROM {to}",
    ):
        connection.execute(text(statement))


def _run_migrations(
    connection: Connection, target_metadata: MetaData | None, schema: str, runtime: str | None
) -> None:
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
    if runtime is not None:
        _grant(connection, schema, runtime)


async def _run_online(target_metadata: MetaData | None, schema: str, runtime: str | None) -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None
    # System scope: a data migration sees and changes every tenant's rows (row_security.py).
    engine = create_async_engine(
        url, poolclass=pool.NullPool, connect_args=tenant_scope.CONNECT_ARGS
    )
    async with engine.begin() as connection:
        await connection.run_sync(_run_migrations, target_metadata, schema, runtime)
    await engine.dispose()


def run_env(*, target_metadata: MetaData | None, schema: str) -> None:
    """The body of every service's ``migrations/env.py``."""
    configured: Any = context.config.attributes.get("syncyard_schema")
    runtime: Any = context.config.attributes.get("syncyard_runtime_role")
    asyncio.run(_run_online(target_metadata, configured or schema, runtime))
