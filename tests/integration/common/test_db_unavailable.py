"""Every way PostgreSQL goes away answers 503 with Retry-After, never 500 (R9).

A real server: the route's own backend is terminated mid-query (what a shutdown does to every
session: 57P01 admin shutdown, wrapped by SQLAlchemy in a bare DBAPIError), a connection is
refused (nothing listens), and a genuine SQL mistake still answers 500.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from sqlalchemy import text

from syncyard_common.db import engine as db_engine
from syncyard_common.settings import BaseServiceSettings
from syncyard_common.web.app import service_app


def _app(database_url: str) -> FastAPI:
    router = APIRouter()
    engine = db_engine.create_engine(database_url, pool_size=1)

    @router.get("/terminated")
    async def terminated() -> dict[str, str]:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return {"status": "unreachable"}

    @router.get("/mistake")
    async def mistake() -> dict[str, str]:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT * FROM no_such_table"))
        return {"status": "unreachable"}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    return service_app(
        name="unavailable-test", settings=BaseServiceSettings(), lifespan=lifespan, routers=[router]
    )


async def _get(app: FastAPI, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get(path)


class TestDatabaseUnavailable:
    async def test_a_session_terminated_by_the_server_answers_503(self, postgres_url: str) -> None:
        response = await _get(_app(postgres_url), "/terminated")
        assert response.status_code == 503
        assert response.headers["retry-after"] == "5"
        assert response.json()["code"] == "temporarily_unavailable"

    async def test_a_refused_connection_answers_503(self) -> None:
        response = await _get(_app("postgresql+asyncpg://u:p@127.0.0.1:9/none"), "/terminated")
        assert response.status_code == 503
        assert response.headers["retry-after"] == "5"

    @pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
    async def test_a_mistake_in_sql_is_still_a_500(self, postgres_url: str) -> None:
        response = await _get(_app(postgres_url), "/mistake")
        assert response.status_code == 500
