"""A running connector gateway (uvicorn in this loop) on the session's PostgreSQL and RabbitMQ."""

import io
import logging
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from syncyard_common import sealing
from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.db import tenant_scope
from syncyard_common.egress.trust import trust_store
from syncyard_common.settings import Environment
from syncyard_gateway.main import create_app
from syncyard_gateway.settings import GatewaySettings
from tests.fixtures.rabbitmq import own_vhost
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.server import serve

# This package's own vhost: apps other packages left running never take its messages.
rabbitmq_url = own_vhost()

JWT_SECRET = "gateway-integration-tests-signing-secret"
# Two keys: the second is an older one still accepted for decryption (rotation).
CREDENTIAL_KEYS = f"current:{sealing.generate_key()},previous:{sealing.generate_key()}"


@dataclass
class RunningGateway:
    url: str
    settings: GatewaySettings
    engine: AsyncEngine

    def client(self, tenant_id: uuid.UUID | None, role: Role = Role.ADMIN) -> httpx.AsyncClient:
        headers = {}
        if tenant_id is not None:
            token = tokens.mint(tenant_id=tenant_id, role=role, secret=JWT_SECRET)
            headers["Authorization"] = f"Bearer {token}"
        return httpx.AsyncClient(
            base_url=self.url, headers=headers, timeout=30, verify=trust_store()
        )

    async def scalar(self, sql: str, **params: object) -> object:
        async with self.engine.connect() as connection:
            return (await connection.execute(text(sql), params)).scalar()


@pytest.fixture(scope="session")
def gateway_settings(postgres_url: str, rabbitmq_url: str) -> GatewaySettings:
    return GatewaySettings(
        environment=Environment.TEST,
        database_url=postgres_url,
        amqp_url=rabbitmq_url,
        jwt_secret=SecretStr(JWT_SECRET),
        credential_keys=SecretStr(CREDENTIAL_KEYS),
        allow_private_targets=True,  # the simulators listen on loopback
        prefetch_count=10,
        # This session gateway serves many tests' connections: its background loops stay
        # quiet; the polling and health-check tests run their own loops.
        poll_interval_seconds=3600,
        health_check_interval_seconds=3600,
        # Small, so the tests of oversized webhooks send little (the default is 10 MiB).
        webhook_max_body_bytes=1_048_576,
    )


@pytest.fixture(scope="session")
async def gateway(gateway_settings: GatewaySettings) -> AsyncIterator[RunningGateway]:
    # The tests read every tenant's rows, as the gateway's own background work does.
    engine = create_async_engine(
        gateway_settings.database_url, connect_args=tenant_scope.CONNECT_ARGS
    )
    async with serve(create_app(gateway_settings)) as url:
        yield RunningGateway(url=url, settings=gateway_settings, engine=engine)
    await engine.dispose()


@pytest.fixture(scope="session")
async def bus(gateway: RunningGateway) -> AsyncIterator[BusRecorder]:
    recorder = BusRecorder()
    await recorder.start(gateway.settings.amqp_url)  # the gateway declared the exchange
    yield recorder
    await recorder.stop()


@pytest.fixture
def tenant_id() -> uuid.UUID:
    """A fresh tenant per test: tests share one database and broker, and never collide."""
    return uuid.uuid4()


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Everything logged while the test runs, formatted exactly as the service writes it."""
    root = logging.getLogger()
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    if root.handlers:
        handler.setFormatter(root.handlers[0].formatter)
    root.addHandler(handler)
    yield buffer
    root.removeHandler(handler)
