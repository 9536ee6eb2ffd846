"""REST input holding text no column can store is refused with 422 naming the field, in every
service, before any handler (or database) sees it."""

import uuid
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from syncyard_gateway import main as gateway
from syncyard_gateway.settings import GatewaySettings
from syncyard_logger import main as logger
from syncyard_logger.settings import LoggerSettings
from syncyard_mapper import main as mapper
from syncyard_mapper.settings import MapperSettings
from syncyard_notifier import main as notifier
from syncyard_notifier.settings import NotifierSettings
from syncyard_orchestrator import main as orchestrator
from syncyard_orchestrator.settings import OrchestratorSettings

SECRET = SecretStr("unit-test-secret-with-enough-bytes-0123456789")
SOME_ID = uuid.uuid4()
# Each service's app, and a write of its own that takes a name-like text.
SERVICES: dict[str, tuple[Callable[[], FastAPI], str, str]] = {
    "connector-gateway": (
        lambda: gateway.create_app(GatewaySettings(jwt_secret=SECRET)),
        "/v1/connections",
        "name",
    ),
    "orchestrator": (
        lambda: orchestrator.create_app(OrchestratorSettings(jwt_secret=SECRET)),
        "/v1/integrations",
        "name",
    ),
    "mapper": (
        lambda: mapper.create_app(MapperSettings(jwt_secret=SECRET)),
        f"/v1/integrations/{SOME_ID}/value-maps/payment_methods",
        "name",
    ),
    "logger": (
        lambda: logger.create_app(LoggerSettings(jwt_secret=SECRET)),
        "/v1/settings",
        "name",
    ),
    "notifier": (
        lambda: notifier.create_app(NotifierSettings(jwt_secret=SECRET)),
        "/v1/channels",
        "name",
    ),
}
BAD_TEXT = {
    "nul": '"Sea\\u0000 salt"',
    "lone surrogate": '"Sea \\ud800salt"',
    "control character": '"Sea\\u0007 salt"',
}


async def _send(app: FastAPI, method: str, path: str, body: bytes = b"") -> httpx.Response:
    # No lifespan: the check needs no database (a route reached without one fails: that
    # shows only that the check let the request through).
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        headers = {"content-type": "application/json"}
        return await client.request(method, path, content=body, headers=headers)


@pytest.mark.parametrize("bad", BAD_TEXT.values(), ids=list(BAD_TEXT))
@pytest.mark.parametrize("service", SERVICES)
async def test_every_service_refuses_unstorable_text_naming_the_field(
    service: str, bad: str
) -> None:
    build, path, field = SERVICES[service]
    body = f'{{"kind": "email", "{field}": {bad}}}'.encode()
    for method in ("POST", "PUT"):
        response = await _send(build(), method, path, body)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "text_not_storable"
        assert response.json()["field"] == field


@pytest.mark.parametrize("service", SERVICES)
async def test_clean_text_goes_on_to_the_route(service: str) -> None:
    build, path, field = SERVICES[service]
    body = f'{{"{field}": "Zeezout \\u202e\\u05e9 \\ud83e\\uddc2 \\t\\n"}}'.encode()
    response = await _send(build(), "POST", path, body)
    assert response.status_code != 422 or response.json()["code"] != "text_not_storable"


async def test_a_nested_field_a_key_and_a_query_parameter_are_named() -> None:
    app = orchestrator.create_app(OrchestratorSettings(jwt_secret=SECRET))
    nested = b'{"name": "ok", "settings": {"lines": [{"title": "x"}, {"title": "\\u0000"}]}}'
    assert (await _send(app, "POST", "/v1/integrations", nested)).json()["field"] == (
        "settings.lines.1.title"
    )
    key = b'{"settings": {"bad\\ud800key": 1}}'
    assert (await _send(app, "POST", "/v1/integrations", key)).json()["field"] == (
        "settings.bad\ufffdkey"
    )
    query = await _send(app, "GET", "/v1/runs?entity=%00")
    assert query.status_code == 422
    assert query.json()["field"] == "entity"


async def test_webhook_intake_is_left_to_clean_its_own_body() -> None:
    app = gateway.create_app(GatewaySettings(jwt_secret=SECRET))
    body = b'{"id": 1, "name": "\\u0000"}'
    response = await _send(app, "POST", f"/v1/webhooks/{SOME_ID}", body)
    assert "text_not_storable" not in response.text


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("service", SERVICES)
async def test_every_service_refuses_nan_and_infinity_naming_the_field(
    service: str, constant: str
) -> None:
    build, path, _ = SERVICES[service]
    body = f'{{"name": "ok", "settings": {{"limits": [1, {constant}]}}}}'.encode()
    response = await _send(build(), "POST", path, body)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "number_not_finite"
    assert response.json()["field"] == "settings.limits.1"


async def test_the_words_nan_and_infinity_in_text_go_on_to_the_route() -> None:
    app = orchestrator.create_app(OrchestratorSettings(jwt_secret=SECRET))
    body = b'{"name": "NaN Infinity shop", "settings": {"note": "-Infinity"}}'
    response = await _send(app, "POST", "/v1/integrations", body)
    assert "number_not_finite" not in response.text
