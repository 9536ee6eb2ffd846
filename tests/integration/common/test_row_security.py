"""Row-level security, the wall behind every tenant filter: read from the catalog, so a new
table with a ``tenant_id`` and no policy fails here.

Every such table of the five schemas gets a row of tenant A and one of tenant B (written in
system scope, with values made from the column types); then, in a transaction narrowed to A,
``SELECT *`` with no WHERE finds A's row only, and B's row can neither be inserted nor be made
by moving a row to B. A connection that sets nothing (as the previous release's) is not narrowed
until it names a tenant; reconciliation items, which have no ``tenant_id``, follow their report.
"""

import re
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from syncyard_common.db import engine as db_engine
from syncyard_common.db import migrate, row_security, tenant_scope
from tests.fixtures.postgres import drop_database, fresh_database

ROOT = Path(__file__).resolve().parents[3]
SCHEMAS = {
    "connector-gateway": "gateway",
    "orchestrator": "orchestrator",
    "mapper": "mapper",
    "logger": "logger",
    "notifier": "notifier",
}
# Tables and partitioned tables; not their partitions, which are read through the parent
# (whose policy applies) and never by name.
_TENANT_TABLES = """
SELECT n.nspname || '.' || c.relname AS name
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.attname = 'tenant_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
  AND NOT c.relispartition AND n.nspname = ANY($1)
ORDER BY 1
"""


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def database_url(postgres_url: str) -> Iterator[str]:
    url = fresh_database(postgres_url)
    try:
        yield url
    finally:
        drop_database(url)


@pytest.fixture(scope="module")
async def migrated(database_url: str) -> str:
    for service, schema in SCHEMAS.items():
        await migrate.upgrade_to_head(
            migrations_dir=ROOT / "services" / service / "migrations",
            database_url=database_url,
            schema=schema,
        )
    connection = await asyncpg.connect(_dsn(database_url))
    try:  # somewhere for the rows of partitioned tables (the logger makes its days on start)
        for row in await connection.fetch(
            "SELECT c.oid::regclass::text AS name FROM pg_class c WHERE c.relkind = 'p'"
            " AND c.relnamespace::regnamespace::text = ANY($1)",
            list(SCHEMAS.values()),
        ):
            await connection.execute(
                f"CREATE TABLE {row['name']}_default PARTITION OF {row['name']} DEFAULT"
            )
    finally:
        await connection.close()
    return database_url


@pytest.fixture
async def system(migrated: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection as the services open theirs: system scope until narrowed."""
    connection = await asyncpg.connect(_dsn(migrated), **tenant_scope.CONNECT_ARGS)
    yield connection
    await connection.close()


async def _tenant_tables(connection: asyncpg.Connection) -> list[str]:
    return [row["name"] for row in await connection.fetch(_TENANT_TABLES, list(SCHEMAS.values()))]


async def test_every_table_with_a_tenant_id_has_the_wall(system: asyncpg.Connection) -> None:
    tables = await _tenant_tables(system)
    assert len(tables) >= len(SCHEMAS)  # at least the outbox of each
    walls = await system.fetch(
        """
        SELECT n.nspname || '.' || c.relname AS name, c.relrowsecurity, c.relforcerowsecurity,
               p.polcmd::text AS polcmd, pg_get_expr(p.polqual, p.polrelid) AS seen,
               pg_get_expr(p.polwithcheck, p.polrelid) AS written
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = $1
        """,
        row_security.POLICY,
    )
    by_table = {row["name"]: row for row in walls}
    missing = [table for table in tables if table not in by_table]
    assert not missing, f"tenant tables without the {row_security.POLICY} policy: {missing}"
    for table in tables:
        wall = by_table[table]
        assert wall["relrowsecurity"], table
        assert wall["relforcerowsecurity"], table  # the owning role is held to it too
        assert wall["polcmd"] == "*", table  # every command: select, insert, update, delete
        assert wall["seen"] == wall["written"] == by_table[tables[0]]["seen"], table


async def test_a_tenant_sees_and_writes_only_its_own_rows(
    system: asyncpg.Connection, migrated: str
) -> None:
    tenant_a, tenant_b = uuid.uuid4(), uuid.uuid4()
    for table in await _tenant_tables(system):
        await _row(system, table, tenant_a)
        await _row(system, table, tenant_b)
        b_again = await _values(system, table, tenant_b)  # its parents made in system scope
        b_rows = await _count(system, table, tenant_b)
        async with system.transaction():
            await _narrow(system, tenant_a)
            seen = await system.fetch(f"SELECT * FROM {table}")  # no WHERE: the wall filters
            assert {row["tenant_id"] for row in seen} == {tenant_a}, table
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                async with system.transaction():
                    await _insert(system, table, b_again)
            # A trigger may refuse every update first (mapping versions are immutable).
            refused = asyncpg.RaiseError if await _guarded(system, table) else None
            with pytest.raises(refused or asyncpg.InsufficientPrivilegeError):
                async with system.transaction():
                    await system.execute(f"UPDATE {table} SET tenant_id = $1", tenant_b)
            assert await system.execute(f"DELETE FROM {table} WHERE tenant_id = $1", tenant_b) == (
                "DELETE 0"
            ), table
        assert await _count(system, table, tenant_b) == b_rows, table  # B's rows untouched

    plain = await asyncpg.connect(_dsn(migrated))  # sets nothing, as the previous release
    try:
        for table in await _tenant_tables(system):
            tenants = {row["tenant_id"] for row in await plain.fetch(f"SELECT * FROM {table}")}
            assert {tenant_a, tenant_b} <= tenants, table  # not narrowed: not locked out
            async with plain.transaction():
                await plain.execute("SELECT set_config('app.tenant_id', $1, true)", str(tenant_a))
                seen = await plain.fetch(f"SELECT * FROM {table}")
                assert {row["tenant_id"] for row in seen} == {tenant_a}, table
    finally:
        await plain.close()


async def test_a_reports_items_follow_their_reports_wall(system: asyncpg.Connection) -> None:
    table = "orchestrator.reconciliation_item"  # no tenant_id: read by its report's id
    tenant_a, tenant_b = uuid.uuid4(), uuid.uuid4()
    a_item = await _row(system, table, tenant_a)
    b_item = await _row(system, table, tenant_b)
    reports = {a_item["reconciliation_id"][0], b_item["reconciliation_id"][0]}
    b_report = b_item["reconciliation_id"][0]
    all_reports = await system.fetch(f"SELECT DISTINCT reconciliation_id FROM {table}")
    assert reports <= {row["reconciliation_id"] for row in all_reports}  # system scope: all
    async with system.transaction():
        await _narrow(system, tenant_a)
        seen = await system.fetch(f"SELECT DISTINCT reconciliation_id FROM {table}")
        assert {row["reconciliation_id"] for row in seen} == {a_item["reconciliation_id"][0]}
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            async with system.transaction():
                await _insert(system, table, {**b_item, "position": (2, "int4")})
        deleted = await system.execute(
            f"DELETE FROM {table} WHERE reconciliation_id = $1", b_report
        )
        assert deleted == "DELETE 0"
    left = await system.fetchval(
        f"SELECT count(*) FROM {table} WHERE reconciliation_id = $1", b_report
    )
    assert left == 1


async def test_a_session_narrows_itself_to_the_current_tenant(migrated: str) -> None:
    engine = db_engine.create_engine(migrated, pool_size=1)
    sessions = db_engine.create_sessionmaker(engine)
    tenant = uuid.uuid4()
    scope = text(
        "SELECT current_setting('app.tenant_id', true), current_setting('app.scope', true)"
    )
    try:
        with tenant_scope.tenant(tenant):
            async with sessions() as session, session.begin():
                narrowed = (await session.execute(scope)).one()
                async with tenant_scope.across_tenants(session):
                    widened = (await session.execute(scope)).one()
                again = (await session.execute(scope)).one()
        async with sessions() as session, session.begin():  # the same pooled connection
            after = (await session.execute(scope)).one()
    finally:
        await engine.dispose()
    assert tuple(narrowed) == (str(tenant), "")
    assert tuple(widened) == (str(tenant), tenant_scope.SYSTEM)  # one reviewed question
    assert tuple(again) == (str(tenant), "")
    assert after[1] == tenant_scope.SYSTEM


async def _narrow(connection: asyncpg.Connection, tenant: uuid.UUID) -> None:
    await connection.execute(
        "SELECT set_config('app.tenant_id', $1, true), set_config('app.scope', '', true)",
        str(tenant),
    )


async def _row(connection: asyncpg.Connection, table: str, tenant: uuid.UUID) -> dict[str, Any]:
    values = await _values(connection, table, tenant)
    await _insert(connection, table, values)
    return values


async def _insert(connection: asyncpg.Connection, table: str, values: dict[str, Any]) -> None:
    names = ", ".join(f'"{name}"' for name in values)
    slots = ", ".join(f"${i}::{kind}" for i, (_, kind) in enumerate(values.values(), start=1))
    await connection.execute(
        f"INSERT INTO {table} ({names}) VALUES ({slots})", *(v for v, _ in values.values())
    )


async def _guarded(connection: asyncpg.Connection, table: str) -> bool:
    """Whether a trigger of the table runs before updates (and may refuse them)."""
    return bool(
        await connection.fetchval(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal"
            " AND tgtype & 2 = 2 AND tgtype & 16 = 16",  # BEFORE, UPDATE
            table,
        )
    )


async def _count(connection: asyncpg.Connection, table: str, tenant: uuid.UUID) -> int:
    return int(
        await connection.fetchval(f"SELECT count(*) FROM {table} WHERE tenant_id = $1", tenant)
    )


async def _values(
    connection: asyncpg.Connection, table: str, tenant: uuid.UUID
) -> dict[str, tuple[Any, str]]:
    """A row of ``tenant``: every required column from its type, a check's first allowed value,
    and a parent row of the same tenant for each foreign key."""
    schema, name = table.split(".")
    columns = await connection.fetch(
        """
        SELECT column_name, udt_name, character_maximum_length FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2 AND (column_name = 'tenant_id' OR
          is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO')
        """,
        schema,
        name,
    )
    allowed = await _check_values(connection, table)
    parents = await _parents(connection, table, tenant)
    values: dict[str, tuple[Any, str]] = {}
    for column in columns:
        column_name, kind = column["column_name"], column["udt_name"]
        if column_name == "tenant_id":
            values[column_name] = (tenant, kind)
        elif column_name in parents:
            values[column_name] = (parents[column_name], kind)
        elif column_name in allowed:
            values[column_name] = (allowed[column_name], kind)
        else:
            values[column_name] = (_made_up(kind, column["character_maximum_length"]), kind)
    return values


def _made_up(kind: str, length: int | None) -> Any:
    made: dict[str, Any] = {
        "uuid": uuid.uuid4(),
        "text": uuid.uuid4().hex,
        "varchar": uuid.uuid4().hex[: length or 32],
        "int4": 1,
        "int8": 1,
        "float8": 1.0,
        "numeric": 1,
        "bool": False,
        "bytea": b"",
        "jsonb": "{}",
        "timestamptz": datetime.now(UTC),
        "_text": [],
    }
    if kind not in made:
        raise AssertionError(f"no made-up value for a {kind} column: add one")
    return made[kind]


async def _check_values(connection: asyncpg.Connection, table: str) -> dict[str, Any]:
    """One allowed value per single-column check: its first quoted literal or lower bound."""
    checks = await connection.fetch(
        """
        SELECT a.attname, pg_get_constraintdef(c.oid) AS definition
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.conrelid = $1::regclass AND c.contype = 'c' AND cardinality(c.conkey) = 1
        """,
        table,
    )
    allowed: dict[str, Any] = {}
    for check in checks:
        literal = re.search(r"'([^']*)'", check["definition"])
        bound = re.search(r">= (\d+)", check["definition"])
        if literal:
            allowed[check["attname"]] = literal.group(1)
        elif bound:
            allowed[check["attname"]] = int(bound.group(1))
    return allowed


async def _parents(connection: asyncpg.Connection, table: str, tenant: uuid.UUID) -> dict[str, Any]:
    """For each single-column foreign key: the key of a new parent row of the same tenant."""
    keys = await connection.fetch(
        """
        SELECT a.attname AS column_name, c.confrelid::regclass::text AS parent,
               pa.attname AS parent_column
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
        WHERE c.conrelid = $1::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1
        """,
        table,
    )
    parents: dict[str, Any] = {}
    for key in keys:
        parent = await _row(connection, key["parent"], tenant)
        parents[key["column_name"]] = parent[key["parent_column"]][0]
    return parents
