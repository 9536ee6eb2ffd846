"""Rolling out the wall while the previous release still serves: its connections set no scope,
and were opened before the migrations ran, yet they keep seeing their rows afterwards.

The database starts as the release before the wall left it; a connection as that release opens
its own (no startup parameter, nothing set) writes a row of two tenants into every outbox; then
every service migrates to head. The same connection, and a new one like it, still read both
rows; in a transaction that names a tenant, only that tenant's.
"""

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import orjson
import pytest
from alembic import command
from sqlalchemy.engine import make_url

from syncyard_common.db import migrate
from tests.fixtures.postgres import drop_database, fresh_database

ROOT = Path(__file__).resolve().parents[3]
# Each schema's revision just before its row-level security migration.
BEFORE_THE_WALL = {
    "connector-gateway": ("gateway", "0008_gateway_idempotency_key"),
    "orchestrator": ("orchestrator", "0009"),
    "mapper": ("mapper", "0003_mapper_idempotency_key"),
    "logger": ("logger", "0002_logger_idempotency_key"),
    "notifier": ("notifier", "0003_notifier_idempotency_key"),
}


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def database_url(postgres_url: str) -> Iterator[str]:
    url = fresh_database(postgres_url)
    try:
        yield url
    finally:
        drop_database(url)


def _migrations(service: str) -> Path:
    return ROOT / "services" / service / "migrations"


async def test_the_previous_releases_connections_keep_their_rows(database_url: str) -> None:
    for service, (schema, revision) in BEFORE_THE_WALL.items():
        config = migrate._config(
            migrations_dir=_migrations(service), database_url=database_url, schema=schema
        )
        await asyncio.to_thread(command.upgrade, config, revision)
    tenant_a, tenant_b = uuid.uuid4(), uuid.uuid4()
    previous = await asyncpg.connect(_dsn(database_url))  # as the previous release: nothing set
    try:
        for schema, _ in BEFORE_THE_WALL.values():
            for tenant in (tenant_a, tenant_b):
                await previous.execute(
                    f"INSERT INTO {schema}.outbox (id, tenant_id, type, envelope)"
                    " VALUES ($1, $2, 'order.received.v1', $3::jsonb)",
                    uuid.uuid4(),
                    tenant,
                    orjson.dumps({"tenant_id": str(tenant)}).decode(),
                )

        for service, (schema, _) in BEFORE_THE_WALL.items():
            await migrate.upgrade_to_head(
                migrations_dir=_migrations(service), database_url=database_url, schema=schema
            )

        walled = await previous.fetchval(
            "SELECT count(*) FROM pg_class WHERE relforcerowsecurity"
            " AND relnamespace::regnamespace::text = ANY($1)",
            [schema for schema, _ in BEFORE_THE_WALL.values()],
        )
        assert walled >= 34  # the wall is up on every tenant table
        later = await asyncpg.connect(_dsn(database_url))
        try:
            for connection in (previous, later):
                for schema, _ in BEFORE_THE_WALL.values():
                    seen = await connection.fetch(f"SELECT tenant_id FROM {schema}.outbox")
                    assert {row["tenant_id"] for row in seen} == {tenant_a, tenant_b}, schema
                    async with connection.transaction():
                        await connection.execute(
                            "SELECT set_config('app.tenant_id', $1, true)", str(tenant_a)
                        )
                        seen = await connection.fetch(f"SELECT tenant_id FROM {schema}.outbox")
                        assert {row["tenant_id"] for row in seen} == {tenant_a}, schema
        finally:
            await later.close()
    finally:
        await previous.close()
