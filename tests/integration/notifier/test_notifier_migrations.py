"""Alembic stairway: the notifier's migrations go up, down and up again cleanly."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from syncyard_notifier import main

pytestmark = pytest.mark.integration


@pytest.fixture
async def scratch_schema(postgres_url: str) -> AsyncIterator[str]:
    """A throwaway schema, so the stairway never touches the running service's tables."""
    schema = f"notifier_stairway_{uuid.uuid4().hex[:8]}"
    yield schema
    engine = create_async_engine(postgres_url)
    async with engine.begin() as connection:
        await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    await engine.dispose()


def alembic_config(schema: str, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(main.MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url)
    config.attributes["syncyard_schema"] = schema
    return config


async def tables_in(schema: str, database_url: str) -> set[str]:
    engine = create_async_engine(database_url)
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"),
            {"s": schema},
        )
        names = {row[0] for row in rows}
    await engine.dispose()
    return names


class TestStairway:
    async def test_upgrade_downgrade_upgrade(self, scratch_schema: str, postgres_url: str) -> None:
        config = alembic_config(scratch_schema, postgres_url)
        await asyncio.to_thread(command.upgrade, config, "head")
        expected = {"channel", "alert", "alert_group", "outbox", "inbox", "alembic_version"}
        assert await tables_in(scratch_schema, postgres_url) == expected
        await asyncio.to_thread(command.downgrade, config, "base")
        assert await tables_in(scratch_schema, postgres_url) == {"alembic_version"}
        await asyncio.to_thread(command.upgrade, config, "head")
        assert await tables_in(scratch_schema, postgres_url) == expected
