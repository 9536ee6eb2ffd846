"""Shared pieces of the Shopify simulator contract tests: settings, fixtures' bodies, factories."""

from collections.abc import Iterator
from typing import Any

import httpx

from syncyard_sim_shopify.settings import SimulatorSettings
from syncyard_sim_shopify.testing import running_simulator

TOKEN = "shpat_contract_token"
SECRET = "contract-webhook-secret"
API = "/admin/api/2025-01"
BAD_LOGIN = "[API] Invalid API key or access token (unrecognized login or wrong password)"


def simulator_url() -> Iterator[str]:
    """Body of the module-scoped `base_url` fixture: a simulator with the test credentials."""
    settings = SimulatorSettings(access_token=TOKEN, webhook_secret=SECRET)
    with running_simulator(settings) as url:
        yield url


def control_client(base_url: str) -> Iterator[httpx.Client]:
    """Body of the `sim` fixture: a control-API client on a freshly reset simulator."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        assert client.post("/_sim/reset").status_code == 200
        yield client


def api_client(base_url: str) -> Iterator[httpx.Client]:
    """Body of the `api` fixture: a client carrying the access token."""
    headers = {"X-Shopify-Access-Token": TOKEN}
    with httpx.Client(base_url=base_url, headers=headers, timeout=10) as client:
        yield client


def compact_order(sku: str = "KOFFIE-250", **extra: Any) -> dict[str, Any]:
    order = {
        "email": "jan@example.nl",
        "billing_address": {"first_name": "Jan", "last_name": "Jansen", "country_code": "NL"},
        "line_items": [{"sku": sku, "title": "Koffie 250g", "quantity": 2, "price": "12.50"}],
    }
    return order | extra


def make_orders(sim: httpx.Client, count: int) -> list[int]:
    ids = []
    for _ in range(count):
        response = sim.post("/_sim/orders", json=compact_order())
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids
