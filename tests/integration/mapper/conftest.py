"""The mapper served by uvicorn on a free port, on the session's PostgreSQL and RabbitMQ."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
import uvicorn
from pydantic import SecretStr

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.settings import Environment
from syncyard_mapper import main
from syncyard_mapper.settings import MapperSettings
from tests.fixtures.rabbitmq import own_vhost

# This package's own vhost: apps other packages left running never take its messages.
rabbitmq_url = own_vhost()

JWT_SECRET = "mapper-integration-test-secret-of-enough-length"


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
            base_url=mapper_url, headers={"Authorization": f"Bearer {token}"}, timeout=10
        )

    return make
