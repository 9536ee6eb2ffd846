"""The orchestrator app on a real PostgreSQL and RabbitMQ, tokens, and a broker observer."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import orjson
import pytest
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection
from fastapi import FastAPI
from pydantic import SecretStr

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.broker import connection, publisher, topology
from syncyard_common.messages import Envelope
from syncyard_common.settings import Environment
from syncyard_orchestrator.main import create_app
from syncyard_orchestrator.settings import OrchestratorSettings
from tests.fixtures.rabbitmq import own_vhost

# This package's own vhost: apps other packages left running never take its messages.
rabbitmq_url = own_vhost()

JWT_SECRET = "orchestrator-integration-test-secret"


@pytest.fixture(scope="module")
def settings(postgres_url: str, rabbitmq_url: str) -> OrchestratorSettings:
    return OrchestratorSettings(
        environment=Environment.TEST,
        database_url=postgres_url,
        amqp_url=rabbitmq_url,
        jwt_secret=SecretStr(JWT_SECRET),
        sweep_interval_seconds=3600,  # tests call sweep_once themselves
    )


@pytest.fixture(scope="module")
async def app(settings: OrchestratorSettings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://orchestrator") as client:
        yield client


TokenFactory = Callable[..., dict[str, str]]


@pytest.fixture
def auth() -> TokenFactory:
    """Bearer headers for a tenant and role."""

    def headers(tenant_id: uuid.UUID, role: Role = Role.ADMIN) -> dict[str, str]:
        token = tokens.mint(tenant_id=tenant_id, role=role, secret=JWT_SECRET)
        return {"Authorization": f"Bearer {token}"}

    return headers


class Bus:
    """Acts as the gateway and mapper: sees what the orchestrator publishes, answers it."""

    def __init__(self, broker: AbstractRobustConnection, sender: publisher.Publisher) -> None:
        self._broker = broker
        self._sender = sender
        self.seen: list[Envelope] = []
        self._arrived = asyncio.Condition()
        self._channel: Any = None

    async def stop(self) -> None:
        if self._channel is not None:
            await self._channel.close()

    async def start(self) -> None:
        self._channel = await self._broker.channel()
        channel = self._channel
        exchange = await channel.get_exchange(topology.EXCHANGE)
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        for key in ("gateway.#", "mapper.#", "audit.#", "run.#"):
            await queue.bind(exchange, key)
        await queue.consume(self._on_message, no_ack=True)

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        envelope = Envelope.model_validate(orjson.loads(message.body))
        async with self._arrived:
            self.seen.append(envelope)
            self._arrived.notify_all()

    async def expect(
        self, type_: str, *, tenant_id: uuid.UUID, count: int = 1, timeout: float = 15.0
    ) -> list[Envelope]:
        """Wait until ``count`` messages of ``type_`` for the tenant were published."""

        def matching() -> list[Envelope]:
            return [e for e in self.seen if e.type == type_ and e.tenant_id == tenant_id]

        async with self._arrived:
            await asyncio.wait_for(
                self._arrived.wait_for(lambda: len(matching()) >= count), timeout
            )
        return matching()

    def of_run(self, run_id: uuid.UUID, type_prefix: str = "") -> list[Envelope]:
        return [
            e for e in self.seen if e.correlation_id == run_id and e.type.startswith(type_prefix)
        ]

    def audit_of(self, run_id: uuid.UUID) -> list[dict[str, Any]]:
        """The run's audit entries in the order seen: a message of several steps
        (``audit.steps.recorded.v1``) gives each of its steps."""
        entries: list[dict[str, Any]] = []
        for envelope in self.of_run(run_id, "audit."):
            several = envelope.type == "audit.steps.recorded.v1"
            entries.extend(envelope.payload["steps"] if several else [envelope.payload])
        return entries

    async def answer(
        self, command: Envelope, payload: dict[str, Any], *, envelope_id: uuid.UUID | None = None
    ) -> Envelope:
        """Publish a result for ``command`` as its receiver would."""
        reply = Envelope(
            id=envelope_id or uuid.uuid4(),
            type=payload["type"],
            source="test-gateway",
            tenant_id=command.tenant_id,
            integration_id=command.integration_id,
            flow=command.flow,
            correlation_id=command.correlation_id,
            causation_id=command.id,
            payload=payload,
        )
        await self._sender.publish(reply)
        return reply

    async def publish(self, envelope: Envelope) -> None:
        await self._sender.publish(envelope)


@pytest.fixture(scope="module")
async def broker(app: FastAPI, settings: OrchestratorSettings) -> AsyncIterator[Any]:
    del app  # started first: it declares the topology
    conn = await connection.connect(settings.amqp_url, name="orchestrator-tests")
    sender = publisher.Publisher(conn)
    await sender.start()
    try:
        yield conn, sender
    finally:
        await sender.close()
        await conn.close()


@pytest.fixture
async def bus(broker: Any) -> AsyncIterator[Bus]:
    conn, sender = broker
    observer = Bus(conn, sender)
    await observer.start()
    yield observer
    await observer.stop()
