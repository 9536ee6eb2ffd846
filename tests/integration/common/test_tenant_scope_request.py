"""An authenticated request's transactions are narrowed to the caller's tenant (row-level
security's setting), through the dependency every service's routes use; nothing outlives the
request, and a request without a caller stays in system scope."""

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI, Request
from sqlalchemy import text

from syncyard_common.auth import tokens
from syncyard_common.auth.dependencies import PrincipalDep
from syncyard_common.auth.principal import Role
from syncyard_common.db import tenant_scope
from syncyard_common.db.engine import create_engine, create_sessionmaker
from syncyard_common.settings import BaseServiceSettings
from syncyard_common.web import problems

_SCOPE = text(
    "SELECT coalesce(current_setting('app.tenant_id', true), '') || '/'"
    " || coalesce(current_setting('app.scope', true), '')"
)


PLATFORM = uuid.uuid4()


class _Settings(BaseServiceSettings):
    platform_tenant_id: uuid.UUID | None = PLATFORM  # as the orchestrator's settings have


def _bearer(tenant: uuid.UUID, role: Role) -> dict[str, str]:
    secret = _Settings().jwt_secret.get_secret_value()
    return {"Authorization": f"Bearer {tokens.mint(tenant_id=tenant, role=role, secret=secret)}"}


def _app(database_url: str) -> FastAPI:
    engine = create_engine(database_url, pool_size=1)
    sessions = create_sessionmaker(engine)
    app = FastAPI()
    problems.install(app)
    app.state.settings = _Settings()
    app.state.engine = engine

    @app.get("/mine")
    async def mine(principal: PrincipalDep) -> str:
        async with sessions() as session, session.begin():
            return str((await session.execute(_SCOPE)).scalar_one())

    @app.get("/mine-sync")
    def mine_sync(principal: PrincipalDep) -> str:  # run in a thread: the context is copied
        current = tenant_scope.current_tenant()
        return str(current)

    @app.get("/anyone")
    async def anyone(request: Request) -> str:
        async with sessions() as session, session.begin():
            return str((await session.execute(_SCOPE)).scalar_one())

    return app


@pytest.fixture
async def client(postgres_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = _app(postgres_url)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        yield client
    await app.state.engine.dispose()


async def test_the_endpoints_transaction_sees_the_callers_tenant(
    client: httpx.AsyncClient,
) -> None:
    tenant = uuid.uuid4()
    headers = _bearer(tenant, Role.VIEWER)

    narrowed = await client.get("/mine", headers=headers)
    in_thread = await client.get("/mine-sync", headers=headers)
    unauthenticated = await client.get("/anyone")

    assert narrowed.json() == f"{tenant}/"
    assert in_thread.json() == str(tenant)
    assert unauthenticated.json() == f"/{tenant_scope.SYSTEM}"  # webhook intake, for one
    assert tenant_scope.current_tenant() is None  # the request's tenant stayed in the request


async def test_an_admin_of_the_platform_tenant_works_across_tenants(
    client: httpx.AsyncClient,
) -> None:
    platform_admin = await client.get("/mine", headers=_bearer(PLATFORM, Role.ADMIN))
    platform_viewer = await client.get("/mine", headers=_bearer(PLATFORM, Role.VIEWER))

    assert platform_admin.json() == f"/{tenant_scope.SYSTEM}"
    assert platform_viewer.json() == f"{PLATFORM}/"
