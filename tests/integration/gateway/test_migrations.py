"""Alembic stairway: the gateway's migrations upgrade, downgrade and upgrade again cleanly."""

import asyncio

import asyncpg
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

from syncyard_common.db import migrate
from syncyard_gateway.schema import SCHEMA
from syncyard_gateway.settings import GatewaySettings
from tests.fixtures.postgres import drop_database, fresh_database

MIGRATIONS_DIR = GatewaySettings().migrations_dir
EXPECTED = {"connection", "webhook_inbox", "outbox", "inbox", "alembic_version"}


async def tables(database_url: str) -> set[str]:
    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = $1", SCHEMA
        )
    finally:
        await connection.close()
    return {row["tablename"] for row in rows}


async def test_migrations_go_up_down_and_up_again(postgres_url: str) -> None:
    database_url = fresh_database(postgres_url)
    try:
        await migrate.upgrade_to_head(
            migrations_dir=MIGRATIONS_DIR, database_url=database_url, schema=SCHEMA
        )
        assert await tables(database_url) == EXPECTED
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("sqlalchemy.url", database_url)
        config.attributes["syncyard_schema"] = SCHEMA
        await asyncio.to_thread(command.downgrade, config, "base")
        assert await tables(database_url) == {"alembic_version"}
        await migrate.upgrade_to_head(
            migrations_dir=MIGRATIONS_DIR, database_url=database_url, schema=SCHEMA
        )
        assert await tables(database_url) == EXPECTED
    finally:
        drop_database(database_url)
