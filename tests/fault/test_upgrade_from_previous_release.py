"""An upgrade: the database as the previous release left it (each schema at that release's
head) and messages in that release's shapes, waiting in an outbox and on the broker while
no service runs; the new release starts, migrates, and books both orders exactly once."""

import asyncio
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import aio_pika
import orjson
import pytest
from alembic import command
from sqlalchemy import text

from scripts.system import RunningSystem
from syncyard_common.broker import topology
from syncyard_common.db import engine as db_engine
from syncyard_common.db import migrate
from tests.e2e.journey import address, journeys, line, unique_sku
from tests.fixtures.eventually import eventually
from tests.fixtures.own_system import SERVICES, own_system
from tests.fixtures.postgres import fresh_database

ROOT = Path(__file__).resolve().parents[2]
# Each schema's head in the release before issue 14's work (the last 2026-12-01 migrations).
PREVIOUS_RELEASE = {
    "connector-gateway": ("gateway", "0004_gateway_budget_per_account"),
    "orchestrator": ("orchestrator", "0002"),
    "mapper": ("mapper", "0002_mapper"),
    "logger": ("logger", "0001_logger"),
    "notifier": ("notifier", "0001_notifier"),
}


@pytest.fixture
def database_url(postgres_url: str) -> str:
    return fresh_database(postgres_url)


@pytest.fixture
def upgraded_system(
    database_url: str, postgres_url: str, rabbitmq_url: str, _private_rabbitmq: Path | None
) -> Iterator[RunningSystem]:
    with own_system(
        postgres_url=postgres_url,
        rabbitmq_url=rabbitmq_url,
        private_rabbitmq=_private_rabbitmq,
        database_url=database_url,
    ) as running:
        yield running


@pytest.mark.timeout(240)
async def test_the_previous_releases_schema_and_messages_are_taken_over(
    upgraded_system: RunningSystem, database_url: str
) -> None:
    system = upgraded_system
    amqp_url = system.processes["gateway"].env["SYNCYARD_AMQP_URL"]
    async with journeys(system) as make:
        # What the previous release already held: connections, an integration, a flow.
        journey = await make(subscribe_webhook=False)
        sku = unique_sku()
        await journey.seed_articles({"articleNumber": sku, "description": "Rye", "priceIncl": 275})
        orders = [
            await journey.shop_order(
                email=f"u{i}.{sku}@example.nl",
                billing_address=address(),
                line_items=[line(sku, 1, "2.75")],
            )
            for i in range(2)
        ]
        await asyncio.to_thread(_stop_services, system)
        for service, (schema, revision) in PREVIOUS_RELEASE.items():
            config = migrate._config(
                migrations_dir=ROOT / "services" / service / "migrations",
                database_url=database_url,
                schema=schema,
            )
            await asyncio.to_thread(command.downgrade, config, revision)
        previous = dict(PREVIOUS_RELEASE.values())
        assert await _revisions(database_url) == previous
        # The previous gateway's webhook intake staged one order in its outbox; the other
        # was published and waits on the broker. Both on the live lane, as that release sent
        # them (no lane field: the start lane came later).
        staged, waiting = (_old_order_received(journey.seeded, o["id"]) for o in orders)
        await _stage_in_outbox(database_url, staged)
        await _publish(amqp_url, waiting)
        await asyncio.to_thread(_start_services, system)  # migrates to head on the way
        upgraded = await _revisions(database_url)
        assert all(upgraded[schema] != revision for schema, revision in previous.items())

        for order in orders:
            run = await journey.finished_run(order["id"], timeout=60)
            assert run["state"] == "done", (run["failed_step"], run["failure_reason"])
        booked = await eventually(lambda: _booked(journey, orders), timeout=30)
    print(f"previous release's messages booked by the new one: {booked}")  # noqa: T201
    assert booked == {str(o["id"]): 1 for o in orders}


def _old_order_received(seeded, order_id: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """order.received.v1 as the previous release wrote it: no lane, its own fields only."""
    return {
        "id": str(uuid.uuid4()),
        "type": "order.received.v1",
        "source": "connector-gateway",
        "time": datetime.now(UTC).isoformat(),
        "subject": str(order_id),
        "tenant_id": str(seeded.tenant_id),
        "correlation_id": str(uuid.uuid4()),
        "payload": {
            "connection_id": str(seeded.shopify_connection_id),
            "source_order_id": str(order_id),
            "topic": "orders/create",
            "source_event_key": f"upgrade-{uuid.uuid4()}",
        },
    }


async def _revisions(database_url: str) -> dict[str, str]:
    engine = db_engine.create_engine(database_url)
    try:
        async with engine.connect() as conn:
            return {
                schema: str(
                    (
                        await conn.execute(
                            text(f'SELECT version_num FROM "{schema}".alembic_version')
                        )
                    ).scalar_one()
                )
                for schema, _ in PREVIOUS_RELEASE.values()
            }
    finally:
        await engine.dispose()


async def _stage_in_outbox(database_url: str, envelope: dict) -> None:  # type: ignore[type-arg]
    engine = db_engine.create_engine(database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO gateway.outbox (id, tenant_id, type, envelope) "
                    "VALUES (:id, :tenant_id, :type, CAST(:envelope AS jsonb))"
                ),
                {
                    "id": envelope["id"],
                    "tenant_id": envelope["tenant_id"],
                    "type": envelope["type"],
                    "envelope": orjson.dumps(envelope).decode(),
                },
            )
    finally:
        await engine.dispose()


async def _publish(amqp_url: str, envelope: dict) -> None:  # type: ignore[type-arg]
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(topology.EXCHANGE)
        await exchange.publish(
            aio_pika.Message(
                orjson.dumps(envelope),
                content_type="application/json",
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                message_id=envelope["id"],
                type=envelope["type"],
                headers={"tenant_id": envelope["tenant_id"]},
            ),
            routing_key=envelope["type"],
            mandatory=True,
        )


async def _booked(journey, orders: list[dict]) -> dict[str, int] | None:  # type: ignore[no-untyped-def, type-arg]
    references = [o["extOrderId"] for o in await journey.till.orders()]
    counts = {str(o["id"]): references.count(f"shopify:{o['id']}") for o in orders}
    return counts if all(counts.values()) else None


def _stop_services(system: RunningSystem) -> None:
    for service in SERVICES:
        system.processes[service].terminate()


def _start_services(system: RunningSystem) -> None:
    for service in SERVICES:
        system.processes[service].launch()
    for service in SERVICES:
        system.processes[service].wait_ready()
