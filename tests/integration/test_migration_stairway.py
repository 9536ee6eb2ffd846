"""Alembic stairway for every service: up to head, down to base, up again, in a fresh database.

One test for all five services, so a new migration never needs a new test (clean-example's
stairway idea); the expected tables are each service's own schema, nothing more.
"""

from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from syncyard_common.db import migrate
from tests.fixtures.postgres import drop_database, fresh_database

ROOT = Path(__file__).resolve().parents[2]
# Every service has these: messaging, Alembic, and the Idempotency-Key answers.
MESSAGING = {"outbox", "inbox", "alembic_version", "idempotency_key"}
SERVICES = {
    "connector-gateway": (
        "gateway",
        {
            "connection",
            "webhook_inbox",
            "request_budget",
            "poll_schedule",
            "poll_lease",
            "poll_cursor",
            "poll_reader",
            "health_check",
            "connection_outage",
            "api_key",
        },
    ),
    "orchestrator": (
        "orchestrator",
        {
            "integration",
            "integration_flow",
            "run",
            "entity_link",
            "sync_job",
            "dead_letter",
            "reconciliation",
            "reconciliation_item",
            "data_subject_erasure",
            "tenant_retention",
        },
    ),
    "mapper": ("mapper", {"mapping", "value_map", "mapping_test", "integration_owner"}),
    "logger": ("logger", {"entry", "tenant_setting"}),
    "notifier": (
        "notifier",
        {"channel", "alert", "alert_group", "incident", "incident_run", "integration_mute"},
    ),
}


async def _tables(database_url: str, schema: str) -> set[str]:
    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = $1", schema
        )
    finally:
        await connection.close()
    return {row["tablename"] for row in rows}


@pytest.mark.parametrize("service", sorted(SERVICES))
async def test_migrations_go_up_down_and_up_again(postgres_url: str, service: str) -> None:
    schema, own_tables = SERVICES[service]
    migrations = ROOT / "services" / service / "migrations"
    expected = own_tables | MESSAGING
    database_url = fresh_database(postgres_url)
    try:
        args = {"migrations_dir": migrations, "database_url": database_url, "schema": schema}
        await migrate.upgrade_to_head(**args)
        assert await _tables(database_url, schema) == expected
        await migrate.downgrade_to_base(**args)
        assert await _tables(database_url, schema) == {"alembic_version"}
        await migrate.upgrade_to_head(**args)
        assert await _tables(database_url, schema) == expected
    finally:
        drop_database(database_url)
