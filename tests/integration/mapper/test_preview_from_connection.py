"""Preview on a connection's samples, fetched from a real (tiny) gateway over HTTP."""

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import SecretStr

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.settings import Environment
from syncyard_mapper import main
from syncyard_mapper.settings import MapperSettings
from tests.integration.mapper.conftest import JWT_SECRET, serve

KNOWN = uuid.uuid4()
BROKEN = uuid.uuid4()
RECORDS = [
    {"source_id": "1", "currency": "EUR", "note": "first", "billing_address": {"line1": "Dam 1"}},
    {"source_id": "2", "currency": "EUR", "note": "second"},
]


def _gateway(seen: list[dict[str, Any]]) -> FastAPI:
    """The gateway's samples endpoint as the mapper sees it: 200, 404 or a failure."""
    app = FastAPI()

    @app.get("/v1/connections/{connection_id}/samples/{entity}")
    async def samples(connection_id: uuid.UUID, entity: str, request: Request) -> JSONResponse:
        seen.append(
            {
                "authorization": request.headers.get("authorization"),
                "entity": entity,
                "limit": request.query_params.get("limit"),
            }
        )
        if connection_id == KNOWN:
            return JSONResponse({"entity": entity, "records": RECORDS})
        if connection_id == BROKEN:
            return JSONResponse({"detail": "boom"}, status_code=500)
        return JSONResponse({"detail": "not found"}, status_code=404)

    return app


@pytest.fixture(scope="module")
def gateway_requests() -> list[dict[str, Any]]:
    return []


@pytest.fixture(scope="module")
async def mapper_with_gateway(
    postgres_url: str, rabbitmq_url: str, gateway_requests: list[dict[str, Any]]
) -> AsyncIterator[str]:
    gateway, gateway_task, gateway_url = await serve(_gateway(gateway_requests))
    settings = MapperSettings(
        database_url=postgres_url,
        amqp_url=rabbitmq_url,
        jwt_secret=SecretStr(JWT_SECRET),
        environment=Environment.TEST,
        gateway_url=gateway_url,
        run_consumers=False,
    )
    server, task, url = await serve(main.create_app(settings))
    yield url
    server.should_exit = True
    gateway.should_exit = True
    await task
    await gateway_task


@pytest.fixture
def token() -> str:
    return tokens.mint(tenant_id=uuid.uuid4(), role=Role.VIEWER, secret=JWT_SECRET)


Client = Callable[[], httpx.AsyncClient]


class TestPreviewFromConnection:
    async def _preview(self, url: str, token: str, body: dict[str, Any]) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=10) as client:
            return await client.post(
                f"/v1/integrations/{uuid.uuid4()}/mappings/orders/preview",
                json=body,
                params={"source_connector": "shopify", "target_connector": "mplus"},
            )

    async def test_maps_the_samples_with_the_callers_token_forwarded(
        self, mapper_with_gateway: str, token: str, gateway_requests: list[dict[str, Any]]
    ) -> None:
        draft = {"fields": {"note": "$uppercase(note)"}}
        body = {"document": draft, "source": {"connection_id": str(KNOWN), "limit": 2}}
        response = await self._preview(mapper_with_gateway, token, body)
        assert response.status_code == 200, response.text
        results = response.json()["results"]
        assert [r["output"]["note"] for r in results] == ["FIRST", "SECOND"]
        assert results[0]["output"]["billing_address"]["street"] == "Dam"
        assert results[0]["input"] == RECORDS[0]
        assert gateway_requests[-1] == {
            "authorization": f"Bearer {token}",
            "entity": "orders",
            "limit": "2",
        }

    async def test_an_unknown_connection_is_404_and_a_failing_gateway_502(
        self, mapper_with_gateway: str, token: str
    ) -> None:
        unknown = await self._preview(
            mapper_with_gateway, token, {"source": {"connection_id": str(uuid.uuid4())}}
        )
        broken = await self._preview(
            mapper_with_gateway, token, {"source": {"connection_id": str(BROKEN)}}
        )
        assert unknown.status_code == 404
        assert unknown.json()["code"] == "connection_not_found"
        assert broken.status_code == 502
        assert broken.json()["code"] == "samples_unavailable"
        assert "500" in broken.json()["detail"]

    async def test_records_or_a_source_but_not_both(
        self, mapper_with_gateway: str, token: str
    ) -> None:
        both = {"records": RECORDS, "source": {"connection_id": str(KNOWN)}}
        response = await self._preview(mapper_with_gateway, token, both)
        assert response.status_code == 422
