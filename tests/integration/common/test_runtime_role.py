"""The services' runtime role (R23): it reads and writes every service's tables, and owns none,
so it can neither turn row-level security off nor drop a table; the migrations' role grants it,
again on every run (idempotent) and by default on tables later migrations make.

The private cluster of ``scripts.infra`` has both roles; every schema is migrated the way a
service migrates at start-up (as the owner, granting the runtime role).
"""

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from scripts.infra import runtime_url
from syncyard_common.db import engine as db_engine
from syncyard_common.db import migrate
from syncyard_logger.entries import partitions
from tests.fixtures.postgres import drop_database, fresh_database

ROOT = Path(__file__).resolve().parents[3]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")  # a caller in another time zone than UTC
SCHEMAS = {
    "connector-gateway": "gateway",
    "orchestrator": "orchestrator",
    "mapper": "mapper",
    "logger": "logger",
    "notifier": "notifier",
}
_WALLED = """
SELECT c.oid::regclass::text AS name FROM pg_class c
WHERE c.relrowsecurity AND c.relnamespace::regnamespace::text = ANY($1) ORDER BY 1
"""


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def owner_url(postgres_url: str) -> Iterator[str]:
    url = fresh_database(postgres_url)
    try:
        yield url
    finally:
        drop_database(url)


async def _migrate_all(owner_url: str) -> None:
    for service, schema in SCHEMAS.items():
        await migrate.upgrade_to_head(
            migrations_dir=ROOT / "services" / service / "migrations",
            database_url=owner_url,
            schema=schema,
            runtime_database_url=runtime_url(owner_url),
        )


@pytest.fixture(scope="module")
async def migrated(owner_url: str) -> str:
    await _migrate_all(owner_url)
    await _migrate_all(owner_url)  # a second start grants again without failing
    return owner_url


@pytest.fixture
async def runtime(migrated: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(_dsn(runtime_url(migrated)))
    yield connection
    await connection.close()


async def test_the_runtime_role_is_another_role_with_no_power_over_tables(
    runtime: asyncpg.Connection, migrated: str
) -> None:
    me = await runtime.fetchrow(
        "SELECT current_user AS name, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb"
        " FROM pg_roles WHERE rolname = current_user"
    )
    assert me is not None
    assert me["name"] != make_url(migrated).username
    assert not any(
        me[flag] for flag in ("rolsuper", "rolbypassrls", "rolcreaterole", "rolcreatedb")
    )
    assert not await runtime.fetchval(  # not a member of the owner (SET ROLE would be a way out)
        "SELECT pg_has_role(current_user, $1, 'MEMBER')", make_url(migrated).username
    )


async def test_the_runtime_role_cannot_turn_the_wall_off_nor_drop_a_table(
    runtime: asyncpg.Connection,
) -> None:
    tables = [row["name"] for row in await runtime.fetch(_WALLED, list(SCHEMAS.values()))]
    assert len(tables) >= 35  # every tenant table and the reconciliation items
    for table in tables:
        for statement in (
            f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY",
            f"DROP POLICY tenant_wall ON {table}",
            f"DROP TABLE {table}",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await runtime.execute(statement)
    for schema in SCHEMAS.values():
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await runtime.execute(f"CREATE TABLE {schema}.made_at_run_time (id int)")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await runtime.execute(f"DELETE FROM {schema}.alembic_version")
        assert await runtime.fetchval(f"SELECT count(*) FROM {schema}.alembic_version") == 1


async def test_the_runtime_role_reads_and_writes_behind_the_wall(
    runtime: asyncpg.Connection,
) -> None:
    tenant_a, tenant_b = uuid.uuid4(), uuid.uuid4()
    for schema in SCHEMAS.values():
        for tenant in (tenant_a, tenant_b):
            await runtime.execute(
                f"INSERT INTO {schema}.outbox (id, tenant_id, type, envelope)"
                " VALUES ($1, $2, 'order.received.v1', '{}'::jsonb)",
                uuid.uuid4(),
                tenant,
            )
        assert await runtime.execute(
            f"UPDATE {schema}.outbox SET attempts = 1 WHERE tenant_id = $1", tenant_b
        ) == ("UPDATE 1")
        async with runtime.transaction():
            await runtime.execute("SELECT set_config('app.tenant_id', $1, true)", str(tenant_a))
            seen = await runtime.fetch(f"SELECT tenant_id FROM {schema}.outbox")
            assert {row["tenant_id"] for row in seen} == {tenant_a}, schema
        assert await runtime.execute(
            f"DELETE FROM {schema}.outbox WHERE tenant_id = ANY($1)", [tenant_a, tenant_b]
        ) == ("DELETE 2")


async def test_a_table_a_later_migration_makes_is_granted_too(
    migrated: str, runtime: asyncpg.Connection
) -> None:
    owner = await asyncpg.connect(_dsn(migrated))
    try:  # as a later migration would, before the grants at the end of its run
        await owner.execute("CREATE TABLE notifier.added_later (id int)")
        await owner.execute("INSERT INTO notifier.added_later VALUES (1)")
    finally:
        await owner.close()
    assert await runtime.fetchval("SELECT id FROM notifier.added_later") == 1
    assert await runtime.execute("DELETE FROM notifier.added_later") == "DELETE 1"


async def test_the_logger_makes_and_drops_its_daily_partitions_through_the_owner(
    migrated: str,
) -> None:
    engine = db_engine.create_engine(runtime_url(migrated), pool_size=1)
    day = date(2031, 1, 2)
    try:
        async with engine.begin() as conn:
            assert await partitions.ensure(conn, [day]) == [day]
            assert await partitions.ensure(conn, [day]) == []  # there already
            assert day in await partitions.existing_days(conn)
        async with engine.begin() as conn:  # the bounds are the day's, in UTC
            await conn.execute(text("SET LOCAL timezone = 'Europe/Amsterdam'"))
            bound = await conn.scalar(
                text("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = :n"),
                {"n": partitions.name_for(day)},
            )
            start, end = (moment.astimezone(AMSTERDAM) for moment in partitions.bounds(day))
            assert bound == f"FOR VALUES FROM ('{start:%Y-%m-%d %H:%M:%S}+01') TO " + (
                f"('{end:%Y-%m-%d %H:%M:%S}+01')"
            )
        async with engine.begin() as conn:
            await partitions.drop(conn, day)
            assert day not in await partitions.existing_days(conn)
    finally:
        await engine.dispose()
