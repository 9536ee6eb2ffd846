"""The logger served by uvicorn on a free port, on the session's PostgreSQL and RabbitMQ."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import uvicorn
from pydantic import SecretStr

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.broker import connection, publisher
from syncyard_common.egress.trust import trust_store
from syncyard_common.messages import Envelope
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1
from syncyard_common.settings import Environment
from syncyard_logger import main
from syncyard_logger.settings import LoggerSettings
from tests.fixtures.eventually import eventually
from tests.fixtures.rabbitmq import own_vhost

# This package's own vhost: apps other packages left running never take its messages.
rabbitmq_url = own_vhost()

JWT_SECRET = "logger-integration-test-secret-of-enough-length"


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
def logger_settings(postgres_url: str, rabbitmq_url: str) -> LoggerSettings:
    return LoggerSettings(
        database_url=postgres_url,
        amqp_url=rabbitmq_url,
        jwt_secret=SecretStr(JWT_SECRET),
        environment=Environment.TEST,
    )


@pytest.fixture(scope="module")
async def logger_url(logger_settings: LoggerSettings) -> AsyncIterator[str]:
    server, task, url = await serve(main.create_app(logger_settings))
    yield url
    server.should_exit = True
    await task


@pytest.fixture
def client_for(logger_url: str) -> Callable[..., httpx.AsyncClient]:
    """An HTTP client acting as one tenant."""

    def make(tenant_id: uuid.UUID, role: Role = Role.ADMIN) -> httpx.AsyncClient:
        token = tokens.mint(tenant_id=tenant_id, role=role, secret=JWT_SECRET)
        return httpx.AsyncClient(
            base_url=logger_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
            verify=trust_store(),
        )

    return make


@pytest.fixture
async def send(rabbitmq_url: str, logger_url: str) -> AsyncIterator[publisher.Publisher]:
    conn = await connection.connect(rabbitmq_url, name="logger-test-sender")
    sender = publisher.Publisher(conn)
    await sender.start()
    yield sender
    await conn.close()


def step_event(
    *,
    tenant_id: uuid.UUID,
    run_id: uuid.UUID,
    integration_id: uuid.UUID,
    step: str = "map",
    outcome: StepOutcome = StepOutcome.OK,
    time: datetime | None = None,
    **fields: Any,
) -> Envelope:
    """An ``audit.step.recorded.v1`` envelope as a service would publish it."""
    message = StepRecordedV1(step=step, outcome=outcome, **fields)
    return Envelope(
        type=message.type,
        source="orchestrator",
        time=time or datetime.now(UTC),
        tenant_id=tenant_id,
        integration_id=integration_id,
        flow="orders",
        correlation_id=run_id,
        payload=message.model_dump(mode="json"),
    )


async def wait_for_run(
    client: httpx.AsyncClient, run_id: uuid.UUID, count: int, timeout: float = 15
) -> list[dict[str, Any]]:
    """Poll the run log until it holds ``count`` entries."""

    async def written() -> list[dict[str, Any]]:
        response = await client.get(f"/v1/runs/{run_id}/log")
        assert response.status_code == 200, response.text
        entries: list[dict[str, Any]] = response.json()["entries"]
        assert len(entries) >= count, entries
        return entries

    return await eventually(written, timeout=timeout, what=f"{count} entries of run {run_id}")
