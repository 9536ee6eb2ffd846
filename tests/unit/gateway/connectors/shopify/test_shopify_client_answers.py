"""How Shopify REST statuses map to connector errors (no network)."""

import httpx
import pytest

from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.shopify.client import ShopifyClient

pytestmark = pytest.mark.unit
URL = "https://demo-shop.myshopify.com/admin/api/2025-01/orders/1.json"
# The error rules need no traffic: the client is never asked to send.
raise_for_answer = ShopifyClient(
    base_url="https://demo-shop.myshopify.com",
    api_version="2025-01",
    access_token="shpat_unused",
    http=httpx.AsyncClient(),
).raise_for_answer


def answer(status: int, body: object = None, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers, request=httpx.Request("GET", URL))


def test_success_passes() -> None:
    raise_for_answer(answer(200, {"order": {}}), "/orders/1.json")


def test_401_is_an_auth_error() -> None:
    body = {
        "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
    }
    with pytest.raises(ConnectorAuthError) as caught:
        raise_for_answer(answer(401, body), "/orders/1.json")
    assert caught.value.code == "auth_rejected"


def test_403_is_a_missing_scope() -> None:
    with pytest.raises(ConnectorAuthError) as caught:
        raise_for_answer(answer(403, {"errors": "forbidden"}), "/orders/1.json")
    assert caught.value.code == "scope_missing"


def test_404_is_not_found() -> None:
    with pytest.raises(ConnectorNotFound):
        raise_for_answer(answer(404, {"errors": "Not Found"}), "/orders/1.json")


def test_429_is_transient_with_retry_after() -> None:
    with pytest.raises(ConnectorTransientError) as caught:
        raise_for_answer(answer(429, {"errors": "Exceeded"}, **{"Retry-After": "2.0"}), "/x.json")
    assert caught.value.retry_after == 2.0


@pytest.mark.parametrize("status", [500, 502, 503, 504, 402, 423])
def test_server_errors_and_locked_shops_are_transient(status: int) -> None:
    with pytest.raises(ConnectorTransientError):
        raise_for_answer(answer(status, {"errors": "x"}), "/orders/1.json")


def test_422_is_a_data_error_with_shopify_field_messages() -> None:
    body = {"errors": {"line_items": ["must have at least one line item"]}}
    with pytest.raises(ConnectorDataError, match="must have at least one line item"):
        raise_for_answer(answer(422, body), "/orders.json")
