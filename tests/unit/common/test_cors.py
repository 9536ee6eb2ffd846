"""CORS: only the origins of SYNCYARD_CORS_ALLOW_ORIGINS get CORS headers; none by default."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import APIRouter, FastAPI

from syncyard_common.settings import BaseServiceSettings
from syncyard_common.web import app as web_app
from syncyard_common.web.cors import origins

router = APIRouter()


@router.get("/v1/ping")
async def ping() -> dict[str, str]:
    return {"pong": "yes"}


def _app(allow: str) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield

    settings = BaseServiceSettings(
        jwt_secret="unit-test-secret-with-enough-bytes-0123456789", cors_allow_origins=allow
    )
    return web_app.service_app(name="t", settings=settings, lifespan=lifespan, routers=[router])


async def _call(app: FastAPI, method: str, headers: dict[str, str]) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.request(method, "/v1/ping", headers=headers)


def test_the_setting_is_a_comma_list() -> None:
    assert origins(" https://a.example/, http://localhost:5173 ,") == [
        "https://a.example",
        "http://localhost:5173",
    ]


async def test_an_allowed_origin_gets_its_preflight_answered() -> None:
    app = _app("https://console.example")
    preflight = {
        "Origin": "https://console.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }
    response = await _call(app, "OPTIONS", preflight)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://console.example"
    got = await _call(app, "GET", {"Origin": "https://console.example"})
    assert got.headers["access-control-allow-origin"] == "https://console.example"


async def test_another_origin_and_the_default_get_no_cors_headers() -> None:
    for app in (_app("https://console.example"), _app("")):
        got = await _call(app, "GET", {"Origin": "https://evil.example"})
        assert got.status_code == 200
        assert "access-control-allow-origin" not in got.headers
