"""Every service's OpenAPI document declares its error answers as problem+json, and a 405
names every method the path allows (issue 12, point 9)."""

from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI

from syncyard_common.settings import BaseServiceSettings
from syncyard_common.web import app as web_app
from syncyard_common.web.openapi import complete_document, error_statuses
from syncyard_common.web.problems import PROBLEM_JSON
from tests.unit.common.test_text_check import SERVICES

OPERATIONS = {"get", "put", "post", "delete", "patch"}


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in OPERATIONS
    ]


class TestOpenApiPostProcessing:
    def test_errors_follow_the_method_body_parameters_and_security(self) -> None:
        read: dict[str, Any] = {
            "parameters": [{"name": "id", "in": "path"}],
            "security": [{"HTTPBearer": []}],
        }
        write: dict[str, Any] = {"requestBody": {}, "security": [{"HTTPBearer": []}]}
        assert error_statuses("get", read) == ["400", "401", "403", "404", "422", "503"]
        assert error_statuses("post", write) == [
            *["400", "401", "403", "404", "409", "413", "422", "503"]
        ]
        assert error_statuses("get", {}) == ["400", "404", "503"]

    def test_a_plain_json_422_becomes_a_problem(self) -> None:
        document = {
            "paths": {
                "/x": {
                    "get": {
                        "parameters": [{"name": "q", "in": "query"}],
                        "responses": {
                            "200": {"description": "OK"},
                            "422": {
                                "description": "Validation Error",
                                "content": {"application/json": {"schema": {}}},
                            },
                        },
                    }
                }
            }
        }
        done = complete_document(document)
        responses = done["paths"]["/x"]["get"]["responses"]
        assert list(responses["422"]["content"]) == [PROBLEM_JSON]
        assert responses["200"] == {"description": "OK"}
        assert "Problem" in done["components"]["schemas"]


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_operation_of_every_service_declares_problem_json_errors(service: str) -> None:
    app: FastAPI = SERVICES[service][0]()
    document = app.openapi()
    assert document["components"]["schemas"]["Problem"]["required"][:3] == [
        "type",
        "title",
        "status",
    ]
    missing: list[str] = []
    for method, path, operation in _operations(document):
        responses = operation["responses"]
        for status in error_statuses(method, operation):
            content = responses.get(status, {}).get("content", {})
            if list(content) != [PROBLEM_JSON]:
                missing.append(f"{method.upper()} {path} {status}")
        for status, response in responses.items():
            if status[:1] in "45" and list(response.get("content", {})) != [PROBLEM_JSON]:
                missing.append(f"{method.upper()} {path} {status} not problem+json")
    assert missing == []


def _two_routes_app() -> FastAPI:
    router = APIRouter()

    @router.get("/v1/things")
    async def list_things() -> list[str]:
        return []

    @router.post("/v1/things")
    async def add_thing() -> str:
        return "added"

    @router.delete("/v1/things")
    async def drop_things() -> None:
        return None

    async def lifespan(_: FastAPI) -> Any:
        yield

    return web_app.service_app(
        name="allow-test",
        settings=BaseServiceSettings(),
        lifespan=asynccontextmanager(lifespan),
        routers=[router],
    )


async def test_a_405_lists_every_method_the_path_allows() -> None:
    app = _two_routes_app()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.put("/v1/things")
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.headers["allow"] == "DELETE, GET, POST"


async def test_a_405_on_a_literal_path_ignores_a_template_beside_it() -> None:
    router = APIRouter()

    @router.post("/v1/letters/discard")
    async def discard() -> str:
        return "discarded"

    @router.get("/v1/letters/{letter_id}")
    async def one_letter(letter_id: str) -> str:
        return letter_id

    async def lifespan(_: FastAPI) -> Any:
        yield

    app = web_app.service_app(
        name="allow-test",
        settings=BaseServiceSettings(),
        lifespan=asynccontextmanager(lifespan),
        routers=[router],
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.options("/v1/letters/discard")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
