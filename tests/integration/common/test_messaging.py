"""Outbox relay, retries, dead-lettering and inbox dedupe against real RabbitMQ and PostgreSQL."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable

import aio_pika
import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from opentelemetry import trace
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.broker import (
    connection,
    consumer,
    inbox,
    metrics,
    outbox,
    publisher,
    topology,
)
from syncyard_common.broker.errors import PermanentError, TransientError
from syncyard_common.db import engine as db_engine
from syncyard_common.db import messaging_tables
from syncyard_common.messages import Envelope
from syncyard_common.telemetry import configure_tracing, get_tracer
from tests.fixtures import barrier
from tests.fixtures.eventually import eventually
from tests.integration.common.relayed import relayed

pytestmark = pytest.mark.integration


@pytest.fixture
async def schema(postgres_url: str) -> AsyncIterator[tuple[AsyncEngine, str]]:
    name = f"t_{uuid.uuid4().hex[:10]}"
    engine = db_engine.create_engine(postgres_url)
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{name}"'))

        def create(sync_conn: object) -> None:
            messaging_tables.create(Operations(MigrationContext.configure(sync_conn)), name)

        await conn.run_sync(create)
    yield engine, name
    async with engine.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    await engine.dispose()


@pytest.fixture
async def broker(rabbitmq_url: str) -> AsyncIterator[aio_pika.abc.AbstractRobustConnection]:
    conn = await connection.connect(rabbitmq_url, name="test-messaging")
    channel = await conn.channel()
    await topology.declare(channel)
    for spec in topology.QUEUES.values():
        for name in (spec.name, spec.dead_letter_queue):
            await (await channel.get_queue(name)).purge()
    await channel.close()
    yield conn
    await conn.close()


def _envelope(message_type: str = "audit.step.recorded.v1") -> Envelope:
    return Envelope(type=message_type, source="test", tenant_id=uuid.uuid4(), payload={"n": 1})


async def _wait_for(predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    await eventually(predicate, timeout=timeout, interval=0.05)


async def test_outbox_row_is_published_only_after_commit_and_marked(schema, broker) -> None:  # type: ignore[no-untyped-def]
    engine, name = schema
    sessions = db_engine.create_sessionmaker(engine)
    pub = publisher.Publisher(broker)
    await pub.start()
    relay = outbox.OutboxRelay(engine, schema=name, publisher=pub)
    received: list[Envelope] = []

    async def handle(envelope: Envelope) -> None:
        received.append(envelope)

    sink = consumer.Consumer(broker, queue="logger.audit", handler=handle)
    await sink.start()
    await relay.start()
    rolled_back, committed = _envelope(), _envelope()
    async with sessions() as session, session.begin():
        await outbox.add(session, schema=name, envelope=rolled_back)
        await session.rollback()
    async with sessions() as session, session.begin():
        await outbox.add(session, schema=name, envelope=committed)
    await _wait_for(lambda: len(received) >= 1)
    await relayed(engine, name, received)  # the rolled back row would be out too
    assert [e.id for e in received] == [committed.id]
    async with engine.connect() as conn:
        pending = (
            await conn.execute(
                text(f'SELECT count(*) FROM "{name}".outbox WHERE published_at IS NULL')
            )
        ).scalar()
    assert pending == 0
    await relay.stop()
    await sink.stop()
    await pub.close()


async def test_transient_failure_is_retried_then_handled(broker, rabbitmq_url: str) -> None:  # type: ignore[no-untyped-def]
    pub = publisher.Publisher(broker)
    await pub.start()
    attempts: list[int] = []

    async def flaky(envelope: Envelope) -> None:
        attempts.append(1)
        if len(attempts) < 3:
            raise TransientError("remote unavailable", retry_after=1)

    handled = metrics.MESSAGES.labels("logger.audit", "handled")
    before = handled._value.get()
    sink = consumer.Consumer(broker, queue="logger.audit", handler=flaky)
    await sink.start()
    await pub.publish(_envelope())
    await _wait_for(lambda: len(attempts) >= 3, timeout=20)
    # Barrier: the third attempt was handled, and no copy waits in the queue or a retry tier.
    await _wait_for(lambda: handled._value.get() > before)
    tiers = barrier.queues_of(["logger.audit"])

    async def no_copy_waits() -> bool:
        return await barrier.queued(rabbitmq_url, tiers) == 0

    await eventually(no_copy_waits, timeout=15, what="no copy in logger.audit or its tiers")
    assert len(attempts) == 3
    await sink.stop()
    await pub.close()


async def test_permanent_failure_and_poison_message_are_parked_without_blocking(broker) -> None:  # type: ignore[no-untyped-def]
    pub = publisher.Publisher(broker)
    await pub.start()
    handled: list[str] = []

    async def handle(envelope: Envelope) -> None:
        if envelope.payload.get("poison"):
            raise PermanentError("data", "MplusKASSA rejected article ABC-12")
        handled.append(str(envelope.id))

    sink = consumer.Consumer(broker, queue="logger.audit", handler=handle)
    await sink.start()
    poison = Envelope(
        type="audit.step.recorded.v1", source="t", tenant_id=uuid.uuid4(), payload={"poison": True}
    )
    good = _envelope()
    await pub.publish(poison)
    await pub.publish_to_queue(aio_pika.Message(body=b"{not json"), queue="logger.audit")
    await pub.publish(good)
    await _wait_for(lambda: str(good.id) in handled)
    channel = await broker.channel()
    dlq = await channel.get_queue("logger.audit.dlq")
    parked = []
    async with asyncio.timeout(10):
        while len(parked) < 2:
            message = await dlq.get(fail=False)
            if message is None:
                await asyncio.sleep(0.1)
                continue
            parked.append(message)
            await message.ack()
    codes = sorted(str(m.headers["x-syncyard-error-code"]) for m in parked)
    assert codes == ["data", "unparsable"]
    reasons = [str(m.headers["x-syncyard-error-reason"]) for m in parked]
    assert any("ABC-12" in r for r in reasons)
    await channel.close()
    await sink.stop()
    await pub.close()


async def test_inbox_claims_a_message_once_per_consumer(schema) -> None:  # type: ignore[no-untyped-def]
    engine, name = schema
    sessions = db_engine.create_sessionmaker(engine)
    message_id = uuid.uuid4()
    results = []
    for consumer_name in ("a", "a", "b"):
        async with sessions() as session, session.begin():
            claimed = await inbox.claim(
                session, schema=name, consumer=consumer_name, message_id=message_id
            )
            results.append(claimed)
    assert results == [True, False, True]


async def test_rate_limit_waits_do_not_use_up_attempts(broker) -> None:  # type: ignore[no-untyped-def]
    pub = publisher.Publisher(broker)
    await pub.start()
    calls: list[int] = []

    async def throttled(envelope: Envelope) -> None:
        calls.append(1)
        if len(calls) <= 3:
            raise TransientError("429 from the shop", retry_after=0.1, rate_limited=True)

    # One attempt only: an ordinary transient failure would be parked after one retry.
    sink = consumer.Consumer(broker, queue="logger.audit", handler=throttled, max_attempts=1)
    await sink.start()
    await pub.publish(_envelope())
    await _wait_for(lambda: len(calls) >= 4, timeout=40)
    await sink.stop()
    await pub.close()
    channel = await broker.channel()
    assert await (await channel.get_queue("logger.audit.dlq")).get(fail=False) is None
    await channel.close()


async def test_a_trace_continues_through_the_outbox_to_the_consumer(schema, broker) -> None:  # type: ignore[no-untyped-def]
    configure_tracing(service_name="test")
    engine, name = schema
    sessions = db_engine.create_sessionmaker(engine)
    pub = publisher.Publisher(broker)
    await pub.start()
    relay = outbox.OutboxRelay(engine, schema=name, publisher=pub)
    seen_traces: list[int] = []

    async def handle(envelope: Envelope) -> None:
        seen_traces.append(trace.get_current_span().get_span_context().trace_id)

    sink = consumer.Consumer(broker, queue="logger.audit", handler=handle)
    await sink.start()
    with get_tracer("test").start_as_current_span("webhook in") as span:
        origin = span.get_span_context().trace_id
        async with sessions() as session, session.begin():
            await outbox.add(session, schema=name, envelope=_envelope())
    await relay.start()  # relayed outside the span: the row itself carries the context
    await _wait_for(lambda: len(seen_traces) >= 1)
    assert seen_traces == [origin]
    await relay.stop()
    await sink.stop()
    await pub.close()


async def test_dead_letter_hook_hears_why_a_message_is_parked(broker) -> None:  # type: ignore[no-untyped-def]
    pub = publisher.Publisher(broker)
    await pub.start()
    parked: list[tuple[uuid.UUID, str, str]] = []

    async def always_down(envelope: Envelope) -> None:
        raise TransientError("till answered 503")

    async def hook(envelope: Envelope, code: str, reason: str) -> None:
        parked.append((envelope.id, code, reason))

    sink = consumer.Consumer(
        broker, queue="logger.audit", handler=always_down, max_attempts=1, on_dead_letter=hook
    )
    await sink.start()
    message = _envelope()
    await pub.publish(message)
    await _wait_for(lambda: bool(parked), timeout=30)
    assert parked == [(message.id, "attempts_exhausted", "till answered 503")]
    await sink.stop()
    await pub.close()


async def test_a_wake_up_during_a_relay_pass_is_not_lost(schema, broker, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A row committed while the relay is mid-pass goes out at once, not at the idle poll."""
    engine, name = schema
    sessions = db_engine.create_sessionmaker(engine)
    # Long enough that only the notification can explain a quick publish.
    monkeypatch.setattr(outbox, "_IDLE_POLL_SECONDS", 60.0)
    late = _envelope()

    class StagesDuringItsFirstPass(outbox.OutboxRelay):
        staged = False

        async def relay_once(self) -> int:
            published = await super().relay_once()
            if not self.staged:
                self.staged = True
                async with sessions() as session, session.begin():
                    await outbox.add(session, schema=name, envelope=late)
                await asyncio.sleep(0.5)  # its notification reaches the listener mid-pass
            return published

    pub = publisher.Publisher(broker)
    await pub.start()
    relay = StagesDuringItsFirstPass(engine, schema=name, publisher=pub)
    received: list[Envelope] = []

    async def handle(envelope: Envelope) -> None:
        received.append(envelope)

    sink = consumer.Consumer(broker, queue="logger.audit", handler=handle)
    await sink.start()
    await relay.start()
    try:
        await _wait_for(lambda: [e.id for e in received] == [late.id], timeout=20.0)
    finally:
        await relay.stop()
        await sink.stop()
        await pub.close()
