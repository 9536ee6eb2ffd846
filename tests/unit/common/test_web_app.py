"""The app factory: problem+json errors, body limit, auth, health and metrics."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, ConfigDict

from syncyard_common.auth import tokens
from syncyard_common.auth.dependencies import PrincipalDep, WriterDep
from syncyard_common.auth.principal import Role
from syncyard_common.settings import BaseServiceSettings
from syncyard_common.web import app as web_app
from syncyard_common.web.errors import NotFound

SECRET = "unit-test-secret-with-enough-bytes-0123456789"
router = APIRouter()


class Thing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    count: int


@router.get("/v1/me")
async def me(principal: PrincipalDep) -> dict[str, str]:
    return {"tenant_id": str(principal.tenant_id)}


@router.post("/v1/things")
async def create(thing: Thing, principal: WriterDep) -> dict[str, str]:
    return {"name": thing.name}


@router.get("/v1/things/{thing_id}")
async def get(thing_id: str) -> None:
    raise NotFound("thing_not_found", f"No thing {thing_id}.", field="thing_id")


def _app(ready: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async def check() -> None:
            if not ready:
                raise ConnectionError("down")

        app.state.readiness_checks = [check]
        yield

    settings = BaseServiceSettings(jwt_secret=SECRET)
    return web_app.service_app(
        name="test", settings=settings, lifespan=lifespan, routers=[router], max_body_bytes=1024
    )


def _token(role: Role = Role.ADMIN, secret: str = SECRET) -> dict[str, str]:
    token = tokens.mint(tenant_id=uuid.uuid4(), role=role, secret=secret)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = _app()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            yield c


async def test_requests_without_a_valid_token_are_refused(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/me")).status_code == 401
    other_secret = "another-secret-of-32-bytes-or-more!!"
    forged = await client.get("/v1/me", headers=_token(secret=other_secret))
    assert forged.status_code == 401
    assert forged.headers["content-type"] == "application/problem+json"
    assert (await client.get("/v1/me", headers=_token())).status_code == 200


async def test_viewer_cannot_write(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/things", json={"name": "a", "count": 1}, headers=_token(Role.VIEWER)
    )
    assert response.status_code == 403


async def test_validation_error_names_the_field(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/things", json={"name": "a", "count": "many"}, headers=_token()
    )
    assert response.status_code == 422
    assert response.json()["field"] == "count"


async def test_malformed_json_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/things",
        content=b"{not json",
        headers={**_token(), "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


async def test_oversized_body_is_413_even_without_content_length(
    client: httpx.AsyncClient,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield b"x" * 200

    response = await client.post("/v1/things", content=chunks(), headers=_token())
    assert response.status_code == 413


async def test_service_errors_render_as_problem_json(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/things/42")
    assert response.status_code == 404
    assert response.json() == {
        "type": "about:blank",
        "title": "thing_not_found",
        "status": 404,
        "code": "thing_not_found",
        "detail": "No thing 42.",
        "field": "thing_id",
    }


async def test_health_readiness_and_metrics() -> None:
    for ready, status in ((True, 200), (False, 503)):
        app = _app(ready)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
                assert (await c.get("/healthz")).status_code == 200
                assert (await c.get("/readyz")).status_code == status
                await c.get("/v1/me")
                assert "syncyard_http_requests_total" in (await c.get("/metrics")).text
