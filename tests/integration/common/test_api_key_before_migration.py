"""An API key sent before the gateway has created ``gateway.api_key`` is a 503, not a 500."""

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI, Request
from starlette.middleware.base import RequestResponseEndpoint
from starlette.responses import Response

from syncyard_common.auth.dependencies import PrincipalDep
from syncyard_common.db.engine import create_engine
from syncyard_common.settings import BaseServiceSettings
from syncyard_common.web import problems
from tests.fixtures.postgres import drop_database, fresh_database


@pytest.fixture
async def empty_database(postgres_url: str) -> AsyncIterator[str]:
    url = fresh_database(postgres_url)  # no gateway schema in it
    yield url
    drop_database(url)


def app_on(database_url: str) -> FastAPI:
    """The auth dependency as every service uses it, on an engine of the given database."""
    engine = create_engine(database_url, pool_size=1)
    app = FastAPI()
    problems.install(app)
    app.state.settings = BaseServiceSettings()
    app.state.engine = engine

    @app.get("/who")
    async def who(principal: PrincipalDep) -> uuid.UUID:
        return principal.tenant_id

    @app.middleware("http")
    async def with_engine(request: Request, call_next: RequestResponseEndpoint) -> Response:
        request.state.engine = engine  # what a service's lifespan state gives every request
        return await call_next(request)

    return app


async def test_an_api_key_before_the_table_exists_is_a_503(empty_database: str) -> None:
    app = app_on(empty_database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        response = await client.get("/who", headers={"X-API-Key": "sk_whatever"})
    await app.state.engine.dispose()

    assert response.status_code == 503
    assert response.json()["code"] == "api_keys_unavailable"
