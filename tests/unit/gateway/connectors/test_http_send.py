"""The shared send: what reaches a connector when a request cannot even be written."""

import httpx
import pytest

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.errors import ConnectorAuthError


def _answering_ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"ok": True})


async def test_a_token_http_cannot_carry_is_a_credentials_error_not_a_crash() -> None:
    # Saved before the rule that refuses such secrets: every call must say why, not 500.
    async with httpx.AsyncClient(transport=httpx.MockTransport(_answering_ok)) as client:
        with pytest.raises(ConnectorAuthError) as refused:
            await connector_http.send(
                client,
                "GET",
                "https://shop.example/orders.json",
                system="Shopify",
                headers={"X-Shopify-Access-Token": "shpat_é"},
            )
    assert refused.value.code == "credentials_not_sendable"
    assert "Shopify" in refused.value.reason


async def test_a_plain_token_is_sent() -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(_answering_ok)) as client:
        answer = await connector_http.send(
            client, "GET", "https://shop.example/orders.json", headers={"X-Token": "shpat_e"}
        )
    assert answer.json() == {"ok": True}
