"""The mapper served by uvicorn on a free port, on the session's PostgreSQL and RabbitMQ."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from importlib import resources
from typing import Any

import aio_pika
import httpx
import pytest
import uvicorn
from pydantic import SecretStr

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.broker import connection, publisher, topology
from syncyard_common.egress.trust import trust_store
from syncyard_common.messages import Envelope, mapping
from syncyard_common.settings import Environment
from syncyard_mapper import main
from syncyard_mapper.settings import MapperSettings
from tests.fixtures.eventually import eventually
from tests.fixtures.rabbitmq import own_vhost

# This package's own vhost: apps other packages left running never take its messages.
rabbitmq_url = own_vhost()

JWT_SECRET = "mapper-integration-test-secret-of-enough-length"
SAMPLE = resources.files("syncyard_mapper.defaults") / "orders" / "shopify_to_mplus.sample.json"


async def serve(app: object) -> tuple[uvicorn.Server, asyncio.Task[None], str]:
    """Start uvicorn (lifespan on) on 127.0.0.1:0; returns the server, its task and base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(60):
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, task, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
async def mapper_url(postgres_url: str, rabbitmq_url: str) -> AsyncIterator[str]:
    settings = MapperSettings(
        database_url=postgres_url,
        amqp_url=rabbitmq_url,
        jwt_secret=SecretStr(JWT_SECRET),
        environment=Environment.TEST,
    )
    server, task, url = await serve(main.create_app(settings))
    yield url
    server.should_exit = True
    await task


@pytest.fixture
def client_for(mapper_url: str) -> Callable[..., httpx.AsyncClient]:
    """An HTTP client acting as one tenant (a fresh one unless given)."""

    def make(tenant_id: uuid.UUID | None = None, role: Role = Role.ADMIN) -> httpx.AsyncClient:
        token = tokens.mint(tenant_id=tenant_id or uuid.uuid4(), role=role, secret=JWT_SECRET)
        return httpx.AsyncClient(
            base_url=mapper_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
            verify=trust_store(),
        )

    return make


class Results:
    """Everything the mapper publishes, collected from a private queue bound to the exchange."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    def of_run(self, run_id: uuid.UUID, message_type: str) -> list[Envelope]:
        return [e for e in self.envelopes if e.correlation_id == run_id and e.type == message_type]

    async def wait_for(self, run_id: uuid.UUID, message_type: str, timeout: float = 15) -> Envelope:
        found = await eventually(
            lambda: self.of_run(run_id, message_type), timeout=timeout, interval=0.05
        )
        return found[0]


@pytest.fixture
async def results(rabbitmq_url: str, mapper_url: str) -> AsyncIterator[Results]:
    conn = await connection.connect(rabbitmq_url, name="mapper-test-results")
    channel = await conn.channel()
    exchange = await channel.get_exchange(topology.EXCHANGE)
    queue = await channel.declare_queue(exclusive=True, auto_delete=True)
    for key in ("mapping.#", "audit.#"):
        await queue.bind(exchange, key)
    collected = Results()

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        async with message.process():
            collected.envelopes.append(Envelope.model_validate_json(message.body))

    await queue.consume(on_message)
    yield collected
    await conn.close()


@pytest.fixture
async def send(rabbitmq_url: str) -> AsyncIterator[publisher.Publisher]:
    conn = await connection.connect(rabbitmq_url, name="mapper-test-sender")
    sender = publisher.Publisher(conn)
    await sender.start()
    yield sender
    await conn.close()


def map_command(
    record: dict[str, Any], *, integration_id: uuid.UUID | None = None, target: str = "mplus"
) -> Envelope:
    command = mapping.MapRecordV1(
        integration_id=integration_id or uuid.uuid4(),
        flow="orders",
        source_connector="shopify",
        target_connector=target,
        record=record,
    )
    return Envelope(
        type=command.type,
        source="orchestrator",
        subject=record.get("number"),
        tenant_id=uuid.uuid4(),
        integration_id=command.integration_id,
        flow="orders",
        correlation_id=uuid.uuid4(),
        payload=command.model_dump(mode="json"),
    )
