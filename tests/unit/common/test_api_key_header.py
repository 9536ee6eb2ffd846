"""X-API-Key is also an Authorization bearer inside a service; a bearer sent is kept as it is."""

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from syncyard_common.auth.api_key_header import ApiKeyAsBearer


async def echo(request: Request) -> PlainTextResponse:
    return PlainTextResponse(request.headers.get("authorization", "-"))


APP = ApiKeyAsBearer(Starlette(routes=[Route("/", echo)]))


@pytest.mark.parametrize(
    ("headers", "seen"),
    [
        ({"X-API-Key": "sk_abc"}, "Bearer sk_abc"),
        ({"X-API-Key": "sk_abc", "Authorization": "Bearer jwt"}, "Bearer jwt"),
        ({"Authorization": "Bearer jwt"}, "Bearer jwt"),
        ({}, "-"),
    ],
)
async def test_the_service_sees_the_key_as_a_bearer(headers: dict[str, str], seen: str) -> None:
    transport = httpx.ASGITransport(app=APP)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        assert (await client.get("/", headers=headers)).text == seen
