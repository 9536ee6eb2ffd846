"""Dead letters through the API: a poison message is listed and discarded; a transient one is
parked, replayed once its cause is fixed, and handled exactly once; tenants never meet."""

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client import REGISTRY
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.auth.principal import Role
from syncyard_common.broker import consumer, inbox, topology
from syncyard_common.broker.errors import PermanentError
from syncyard_common.db import engine as db_engine
from syncyard_common.messages import Envelope
from syncyard_orchestrator.schema import SCHEMA
from syncyard_orchestrator.settings import OrchestratorSettings
from tests.fixtures.eventually import eventually

# A queue the orchestrator does not consume: the test plays its consumer.
QUEUE = "mapper.commands"
SCALE = 0.001  # the retry schedule in about three seconds
TokenFactory = Callable[..., dict[str, str]]


class FlakyWorker:
    """A consumer that fails until its cause is fixed, and dedupes by the inbox as ours do."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._sessionmaker = db_engine.create_sessionmaker(engine)
        self.fixed = False
        self.poison: set[uuid.UUID] = set()
        self.answer: set[uuid.UUID] = set()  # parked ones whose run it tells (as the gateway)
        self.handled: list[uuid.UUID] = []
        self.duplicates: list[uuid.UUID] = []

    async def __call__(self, envelope: Envelope) -> None:
        if envelope.id in self.poison:
            raise PermanentError("unknown_article", "Article 4711 does not exist in the till.")
        async with self._sessionmaker() as session, session.begin():
            if not await inbox.claim(
                session, schema=SCHEMA, consumer="dead-letter-test", message_id=envelope.id
            ):
                self.duplicates.append(envelope.id)
                return
            if not self.fixed:  # rolls the claim back with everything else
                raise RuntimeError("the till is down")
            self.handled.append(envelope.id)

    async def on_dead_letter(self, envelope: Envelope, code: str, reason: str) -> None:
        if envelope.id not in self.answer:
            raise LookupError("no run to tell")


@pytest.fixture
async def worker(broker: Any, settings: OrchestratorSettings) -> AsyncIterator[FlakyWorker]:
    conn, _ = broker
    async with conn.channel() as channel:
        await topology.declare(channel, retry_scale=SCALE)
    engine = db_engine.create_engine(settings.database_url)
    flaky = FlakyWorker(engine)
    running = consumer.Consumer(
        conn,
        queue=QUEUE,
        handler=flaky,
        max_attempts=1,
        retry_scale=SCALE,
        on_dead_letter=flaky.on_dead_letter,
    )
    await running.start()
    yield flaky
    await running.stop()
    await engine.dispose()


def _envelope(tenant_id: uuid.UUID) -> Envelope:
    return Envelope(
        type="mapper.record.test.v1",
        source="test",
        subject="#1001",
        tenant_id=tenant_id,
        integration_id=uuid.uuid4(),
        payload={"sku": "4711"},
    )


async def _parked(
    client: httpx.AsyncClient, headers: dict[str, str], message_id: uuid.UUID
) -> Callable[[], Awaitable[dict[str, Any] | None]]:
    async def find() -> dict[str, Any] | None:
        response = await client.get("/v1/dead-letters", params={"queue": QUEUE}, headers=headers)
        assert response.status_code == 200, response.text
        found = [i for i in response.json()["items"] if i["message_id"] == str(message_id)]
        return found[0] if found else None

    return find


async def _audit_entries(settings: OrchestratorSettings, tenant: uuid.UUID) -> list[Any]:
    engine = db_engine.create_engine(settings.database_url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text(
                    f'SELECT envelope FROM "{SCHEMA}".outbox '
                    "WHERE tenant_id = :tenant AND type = 'audit.step.recorded.v1'"
                ),
                {"tenant": tenant},
            )
            return [row.envelope["payload"] for row in rows]
    finally:
        await engine.dispose()


async def test_a_poison_message_is_listed_and_discarded_and_stays_recorded(
    app: FastAPI,
    settings: OrchestratorSettings,
    client: httpx.AsyncClient,
    auth: TokenFactory,
    broker: Any,
    worker: FlakyWorker,
) -> None:
    _, sender = broker
    tenant = uuid.uuid4()
    poison = _envelope(tenant)
    worker.poison.add(poison.id)
    await sender.publish(poison)

    item = await eventually(await _parked(client, auth(tenant), poison.id), timeout=30)
    assert item["code"] == "unknown_article"
    assert item["reason"] == "Article 4711 does not exist in the till."
    assert item["queue"] == QUEUE
    assert item["message_type"] == "mapper.record.test.v1"
    assert item["attempts"] == 1
    assert item["state"] == "parked"
    assert item["integration_id"] == str(poison.integration_id)

    await app.state.dead_letter_relay.refresh_gauges()  # what SyncyardDeadLettersUnhandled reads
    parked = REGISTRY.get_sample_value("syncyard_dead_letters_parked", {"queue": QUEUE})
    assert parked is not None
    assert parked >= 1
    detail = await client.get(f"/v1/dead-letters/{item['id']}", headers=auth(tenant))
    assert detail.json()["message"]["payload"] == {"sku": "4711"}
    viewer = await client.post(
        "/v1/dead-letters/discard",
        json={"ids": [item["id"]]},
        headers=auth(tenant, Role.VIEWER),
    )
    assert viewer.status_code == 403

    discarded = await client.post(
        "/v1/dead-letters/discard", json={"ids": [item["id"]]}, headers=auth(tenant)
    )
    assert discarded.status_code == 200, discarded.text
    assert discarded.json() == {"state": "discarded", "count": 1, "ids": [item["id"]]}
    again = await client.post(
        "/v1/dead-letters/discard", json={"ids": [item["id"]]}, headers=auth(tenant)
    )
    assert again.status_code == 409
    assert again.json()["code"] == "dead_letter_not_parked"
    assert await (await _parked(client, auth(tenant), poison.id))() is None  # not parked now
    kept = await client.get("/v1/dead-letters", params={"state": "discarded"}, headers=auth(tenant))
    [record] = kept.json()["items"]
    assert record["resolved_by"].startswith("cli (admin")
    # The tenant's activity log says so, with who asked (staged in the orchestrator's outbox).
    [entry] = await _audit_entries(settings, tenant)
    assert entry["step"] == "dead_letter"
    assert "discarded by cli" in entry["message"]
    assert worker.handled == []


async def test_a_transient_failure_is_parked_replayed_and_handled_exactly_once(
    client: httpx.AsyncClient, auth: TokenFactory, broker: Any, worker: FlakyWorker
) -> None:
    _, sender = broker
    tenant = uuid.uuid4()
    message = _envelope(tenant)
    await sender.publish(message)

    item = await eventually(await _parked(client, auth(tenant), message.id), timeout=30)
    assert item["code"] == "attempts_exhausted"
    assert item["attempts"] == 2  # the first try and its one retry (max_attempts=1)
    assert item["first_reason"] == "the till is down"
    assert item["first_failed_at"] <= item["last_failed_at"]

    worker.fixed = True
    replayed = await client.post(
        "/v1/dead-letters/replay", json={"ids": [item["id"]]}, headers=auth(tenant)
    )
    assert replayed.status_code == 202, replayed.text
    assert replayed.json()["state"] == "replaying"
    # The tries that failed rolled their inbox claims back: the replay is not a duplicate.
    await eventually(lambda: worker.handled == [message.id], timeout=30)
    twice = await client.post(
        "/v1/dead-letters/replay", json={"ids": [item["id"]]}, headers=auth(tenant)
    )
    assert twice.status_code == 409

    async def replayed_state() -> bool:
        detail = await client.get(f"/v1/dead-letters/{item['id']}", headers=auth(tenant))
        return bool(detail.json()["state"] == "replayed" and detail.json()["replayed_at"])

    await eventually(replayed_state, timeout=30)
    # Published once more (a relay crash between confirm and commit): handled once all the same.
    await sender.publish(message)
    await eventually(lambda: worker.duplicates == [message.id], timeout=30)
    assert worker.handled == [message.id]


async def test_another_tenant_can_neither_see_nor_replay_nor_discard_it(
    client: httpx.AsyncClient, auth: TokenFactory, broker: Any, worker: FlakyWorker
) -> None:
    _, sender = broker
    tenant, other = uuid.uuid4(), uuid.uuid4()
    poison = _envelope(tenant)
    worker.poison.add(poison.id)
    await sender.publish(poison)
    item = await eventually(await _parked(client, auth(tenant), poison.id), timeout=30)

    listed = await client.get("/v1/dead-letters", headers=auth(other))
    assert listed.json()["items"] == []
    assert (
        await client.get(f"/v1/dead-letters/{item['id']}", headers=auth(other))
    ).status_code == 404
    for action in ("replay", "discard"):
        response = await client.post(
            f"/v1/dead-letters/{action}", json={"ids": [item["id"]]}, headers=auth(other)
        )
        assert response.status_code == 404, response.text
        assert response.json()["code"] == "dead_letter_not_found"
        by_filter = await client.post(
            f"/v1/dead-letters/{action}",
            json={"filter": {"queue": QUEUE}},
            headers=auth(other),
        )
        assert by_filter.json()["count"] == 0
    still = await client.get(f"/v1/dead-letters/{item['id']}", headers=auth(tenant))
    assert still.json()["state"] == "parked"


async def test_an_admin_of_the_platform_tenant_sees_every_tenants_with_its_failures(
    app: FastAPI,
    client: httpx.AsyncClient,
    auth: TokenFactory,
    broker: Any,
    worker: FlakyWorker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, sender = broker
    tenant, platform = uuid.uuid4(), uuid.uuid4()
    poison = _envelope(tenant)
    worker.poison.add(poison.id)
    await sender.publish(poison)
    item = await eventually(await _parked(client, auth(tenant), poison.id), timeout=30)
    assert item["tenant_id"] == str(tenant)
    assert item["first_failed_at"] <= item["last_failed_at"]
    monkeypatch.setattr(app.state.settings, "platform_tenant_id", platform)

    seen = await (await _parked(client, auth(platform, Role.ADMIN), poison.id))()
    assert seen is not None
    assert (seen["id"], seen["tenant_id"]) == (item["id"], str(tenant))
    detail = await client.get(f"/v1/dead-letters/{item['id']}", headers=auth(platform))
    assert detail.status_code == 200, detail.text
    # Only an admin, and only of the platform's own tenant: others see their tenant's alone.
    assert await (await _parked(client, auth(platform, Role.OPERATOR), poison.id))() is None
    assert await (await _parked(client, auth(uuid.uuid4(), Role.ADMIN), poison.id))() is None


async def test_bad_selections_are_refused_and_change_nothing(
    client: httpx.AsyncClient, auth: TokenFactory
) -> None:
    headers = auth(uuid.uuid4())
    both = await client.post(
        "/v1/dead-letters/replay", json={"ids": [str(uuid.uuid4())], "filter": {}}, headers=headers
    )
    assert both.status_code == 422
    neither = await client.post("/v1/dead-letters/discard", json={}, headers=headers)
    assert neither.status_code == 422
    queue = await client.get("/v1/dead-letters", params={"queue": "nope"}, headers=headers)
    assert queue.status_code == 422
    assert queue.json()["field"] == "queue"
    cursor = await client.get("/v1/dead-letters", params={"cursor": "x"}, headers=headers)
    assert cursor.status_code == 422
    assert (await client.get("/v1/dead-letters")).status_code == 401


async def test_a_message_whose_run_was_told_it_failed_is_not_replayed_but_its_run_retried(
    client: httpx.AsyncClient, auth: TokenFactory, broker: Any, worker: FlakyWorker
) -> None:
    _, sender = broker
    tenant = uuid.uuid4()
    answered = _envelope(tenant)
    worker.poison.add(answered.id)
    worker.answer.add(answered.id)
    await sender.publish(answered)
    item = await eventually(await _parked(client, auth(tenant), answered.id), timeout=30)
    assert item["run_told"] is True

    response = await client.post(
        "/v1/dead-letters/replay", json={"ids": [item["id"]]}, headers=auth(tenant)
    )
    assert response.status_code == 409
    assert response.json()["code"] == "dead_letter_answered"
    by_filter = await client.post(
        "/v1/dead-letters/replay", json={"filter": {"queue": QUEUE}}, headers=auth(tenant)
    )
    assert by_filter.json()["count"] == 0
    discarded = await client.post(
        "/v1/dead-letters/discard", json={"ids": [item["id"]]}, headers=auth(tenant)
    )
    assert discarded.status_code == 200


async def test_many_are_replayed_by_filter_each_handled_once(
    client: httpx.AsyncClient, auth: TokenFactory, broker: Any, worker: FlakyWorker
) -> None:
    _, sender = broker
    tenant = uuid.uuid4()
    messages = [_envelope(tenant) for _ in range(3)]
    for message in messages:
        await sender.publish(message)
    for message in messages:
        await eventually(await _parked(client, auth(tenant), message.id), timeout=30)

    worker.fixed = True
    replayed = await client.post(
        "/v1/dead-letters/replay",
        json={"filter": {"queue": f"{QUEUE}.dlq", "code": "attempts_exhausted"}},
        headers=auth(tenant),
    )
    assert replayed.status_code == 202, replayed.text
    assert replayed.json()["count"] == 3
    expected = sorted(str(m.id) for m in messages)
    await eventually(lambda: sorted(str(i) for i in worker.handled) == expected, timeout=30)
    left = await client.get("/v1/dead-letters", params={"queue": QUEUE}, headers=auth(tenant))
    assert left.json()["items"] == []
