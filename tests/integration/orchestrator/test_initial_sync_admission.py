"""Initial syncs admit their records at the pace their runs finish, over the real bus and
database; the tests act as the gateway and the mapper."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from syncyard_common.broker import topology
from syncyard_common.messages import Envelope, mapping, products, records
from syncyard_common.settings import Environment
from syncyard_orchestrator.runner import Runner
from syncyard_orchestrator.settings import OrchestratorSettings
from syncyard_orchestrator.sync_jobs.admission import START_LIMIT
from syncyard_orchestrator.sync_jobs.driver import SyncJobDriver
from tests.integration.orchestrator.conftest import JWT_SECRET, Bus, TokenFactory
from tests.integration.orchestrator.test_integrations_api import create_integration

PAGE_SIZE = 5


@pytest.fixture(scope="module")
def settings(postgres_url: str, rabbitmq_url: str) -> OrchestratorSettings:
    return OrchestratorSettings(
        environment=Environment.TEST,
        database_url=postgres_url,
        amqp_url=rabbitmq_url,
        jwt_secret=SecretStr(JWT_SECRET),
        sweep_interval_seconds=3600,  # the tests sweep themselves
        initial_sync_page_size=PAGE_SIZE,
    )


@pytest.fixture
async def bus(broker: Any) -> AsyncIterator[Bus]:
    """The package's observer, also bound to the bulk lane (initial syncs' commands)."""
    conn, sender = broker
    observer = Bus(conn, sender)
    await observer.start()
    channel = await conn.channel()
    exchange = await channel.get_exchange(topology.EXCHANGE)
    queue = await channel.declare_queue(exclusive=True, auto_delete=True)
    await queue.bind(exchange, "bulk.#")
    await queue.consume(observer._on_message, no_ack=True)
    yield observer
    await channel.close()
    await observer.stop()


def product(sku: str) -> dict[str, Any]:
    return {"source_id": sku, "sku": sku, "name": f"Product {sku}"}


class Remote:
    """The gateway and mapper of one tenant: answers every command it has not answered yet."""

    def __init__(self, bus: Bus, tenant_id: uuid.UUID, pages: list[records.ChangesReadV1]):
        self.bus = bus
        self.tenant_id = tenant_id
        self.pages = pages
        self.answered: set[uuid.UUID] = set()

    def commands(self, type_: str) -> list[Envelope]:
        return [e for e in self.bus.seen if e.type == type_ and e.tenant_id == self.tenant_id]

    async def answer_all(self) -> int:
        count = 0
        for command in [e for e in self.bus.seen if e.tenant_id == self.tenant_id]:
            reply = self._reply(command)
            if reply is None or command.id in self.answered:
                continue
            self.answered.add(command.id)
            await self.bus.answer(command, reply.model_dump(mode="json"))
            count += 1
        return count

    def _reply(self, command: Envelope) -> Any:
        payload = command.payload
        if command.type == "gateway.changes.read.v1":
            return self.pages[0 if payload["cursor"] is None else int(payload["cursor"])]
        if command.type == "mapper.record.map.v1":
            return mapping.RecordMappedV1(
                record=payload["record"], mapping_id="default", mapping_version=1
            )
        if command.type == "gateway.product.find.v1":
            return products.ProductFoundV1(sku=payload["sku"], product_id=None, product=None)
        if command.type == "gateway.product.write.v1":
            sku = payload["product"]["sku"]
            return products.ProductWrittenV1(sku=sku, product_id=f"p-{sku}", was_created=True)
        return None


async def start_sync(client: httpx.AsyncClient, auth: TokenFactory) -> tuple[uuid.UUID, str]:
    tenant_id = uuid.uuid4()
    headers = auth(tenant_id)
    integration = await create_integration(
        client, headers, source_connector="mplus", target_connector="shopify"
    )
    url = f"/v1/integrations/{integration['id']}/flows/products"
    flow = {"direction": "source_to_target", "is_active": True, "settings": {}}
    assert (await client.put(url, json=flow, headers=headers)).status_code == 200
    started = await client.post(f"{url}/initial-sync", headers=headers)
    assert started.status_code == 202, started.text
    job = started.json()
    return tenant_id, f"/v1/integrations/{integration['id']}/sync-jobs/{job['id']}"


async def progress(
    client: httpx.AsyncClient, auth: TokenFactory, tenant: uuid.UUID, url: str
) -> Any:
    response = await client.get(url, headers=auth(tenant))
    assert response.status_code == 200, response.text
    return response.json()


async def test_records_start_as_runs_finish_and_the_next_page_waits_for_the_backlog(
    client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
) -> None:
    tenant, url = await start_sync(client, auth)
    first = [product(f"A{n}") for n in range(30)]
    last = [product(f"B{n}") for n in range(5)]
    pages = [
        records.ChangesReadV1(entity="products", records=first, cursor="1", has_more=True),
        records.ChangesReadV1(entity="products", records=last, cursor=None, has_more=False),
    ]
    remote = Remote(bus, tenant, pages)
    await bus.expect("gateway.changes.read.v1", tenant_id=tenant)
    await bus.answer(
        remote.commands("gateway.changes.read.v1")[0], pages[0].model_dump(mode="json")
    )
    await bus.expect("mapper.record.map.v1", tenant_id=tenant, count=int(START_LIMIT))
    report = await progress(client, auth, tenant, url)
    # Ten started, twenty waiting; with twenty waiting the next page is not asked for.
    assert (report["in_flight"], report["queued"], report["total"]) == (10, 20, 30), report
    assert report["state"] == "reading"
    assert len(remote.commands("gateway.changes.read.v1")) == 1
    remote.answered.update(e.id for e in remote.commands("gateway.changes.read.v1"))

    deadline = asyncio.get_running_loop().time() + 60
    most_in_flight = 0
    while report["state"] != "done":
        assert asyncio.get_running_loop().time() < deadline, report
        if not await remote.answer_all():
            await asyncio.sleep(0.05)
        report = await progress(client, auth, tenant, url)
        most_in_flight = max(most_in_flight, report["in_flight"])
    # Runs this quick only ever raise the limit: it was never passed on the way.
    assert most_in_flight <= report["admission_limit"]
    assert (report["total"], report["done"], report["failed"]) == (35, 35, 0), report
    assert report["commands_resent"] == 0
    assert report["admission_limit"] > START_LIMIT  # runs finished far inside the window
    writes = remote.commands("gateway.product.write.v1")
    assert sorted(w.payload["product"]["sku"] for w in writes) == sorted(
        r["sku"] for r in first + last
    )
    assert {w.lane for w in writes} == {"bulk"}


async def test_the_sweeper_never_takes_a_waiting_record_for_stuck_and_counts_what_it_resends(
    app: FastAPI, client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
) -> None:
    tenant, url = await start_sync(client, auth)
    page = records.ChangesReadV1(
        entity="products",
        records=[product(f"C{n}") for n in range(12)],
        cursor=None,
        has_more=False,
    )
    await bus.expect("gateway.changes.read.v1", tenant_id=tenant)
    (read,) = [e for e in bus.seen if e.tenant_id == tenant]
    await bus.answer(read, page.model_dump(mode="json"))
    await bus.expect("mapper.record.map.v1", tenant_id=tenant, count=10)
    stuck_after = timedelta(minutes=10)
    later = Runner(
        app.state.sessionmaker,
        stuck_after=stuck_after,
        max_reissues=3,
        jobs=SyncJobDriver(page_size=PAGE_SIZE, stuck_after=stuck_after),
        clock=lambda: datetime.now(UTC) + timedelta(hours=1),
    )
    assert await later.sweep_once() >= 10
    await bus.expect("mapper.record.map.v1", tenant_id=tenant, count=20)
    report = await progress(client, auth, tenant, url)
    # The ten in flight were sent again and counted; the two waiting were left alone, and
    # with runs an hour old the job admits no more.
    assert report["commands_resent"] == 10, report
    assert (report["in_flight"], report["queued"]) == (10, 2), report
    assert report["admission_limit"] < START_LIMIT
