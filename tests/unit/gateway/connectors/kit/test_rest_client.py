"""The kit's REST client base: one paced call, budget learnt, the common error rules."""

import json

import httpx
import pytest

from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.kit.rest_client import REQUIRED, RestClient
from syncyard_gateway.connectors.pacing import LocalPacer, RatePolicy

pytestmark = pytest.mark.unit
ROOT = "https://api.example/v1"


class ExampleClient(RestClient):
    system = "Example"
    auth_rejected = "Example rejected the key."


def answering(status: int, body: object = None, **headers: str) -> httpx.MockTransport:
    content = b"" if body is None else json.dumps(body).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers=headers)

    return httpx.MockTransport(handler)


async def exchange(transport: httpx.MockTransport, pacer: LocalPacer | None = None) -> object:
    async with httpx.AsyncClient(transport=transport) as http:
        client = ExampleClient(root=ROOT, http=http, **({"pacer": pacer} if pacer else {}))
        response = await client.exchange("GET", f"{ROOT}/things", what="/things")
        return client.read_json(response, "/things", empty=REQUIRED, exact=True)


async def test_a_2xx_answer_is_read_with_exact_numbers() -> None:
    assert str(await exchange(answering(200, {"price": 19.95}))) == "{'price': Decimal('19.95')}"


async def test_a_body_less_answer_is_unreadable_when_a_body_is_required() -> None:
    with pytest.raises(ConnectorTransientError) as caught:
        await exchange(answering(200))
    assert caught.value.code == "unreadable_answer"


@pytest.mark.parametrize(
    ("status", "error", "code"),
    [
        (401, ConnectorAuthError, "auth_rejected"),
        (403, ConnectorAuthError, "auth_rejected"),
        (404, ConnectorNotFound, "not_found"),
        (429, ConnectorTransientError, "rate_limited"),
        (503, ConnectorTransientError, "remote_unavailable"),
        (501, ConnectorTransientError, "remote_unavailable"),
        (422, ConnectorDataError, "http_422"),
    ],
)
async def test_error_statuses_follow_the_common_rules(
    status: int, error: type[Exception], code: str
) -> None:
    with pytest.raises(error) as caught:
        await exchange(answering(status, {"message": "nope"}))
    assert getattr(caught.value, "code", None) == code


async def test_a_refusal_carries_the_vendor_words() -> None:
    with pytest.raises(ConnectorDataError) as caught:
        await exchange(answering(422, {"message": "sku taken"}))
    assert caught.value.reason == 'Example refused /things (HTTP 422): {"message": "sku taken"}'


async def test_a_429_empties_the_budget_for_its_retry_after() -> None:
    pacer = LocalPacer(RatePolicy(per_second=10.0, burst=10))
    with pytest.raises(ConnectorTransientError) as caught:
        await exchange(answering(429, {}, **{"Retry-After": "3"}), pacer)
    assert caught.value.retry_after == 3.0
    bucket = pacer._bucket
    assert bucket is not None
    assert bucket.tokens <= -29  # three seconds' worth of calls owed
