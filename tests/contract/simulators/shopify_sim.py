"""Shared pieces of the Shopify simulator contract tests: settings and fixtures' bodies.

The simulator tests call its control API synchronously to test that API itself; order
bodies come from the simulator's driver (``syncyard_sim_shopify.driver``).
"""

from collections.abc import Iterator

import httpx

from syncyard_common.egress.trust import trust_store
from syncyard_sim_shopify.driver import ACCESS_HEADER, admin_path, compact_order
from syncyard_sim_shopify.settings import SimulatorSettings
from syncyard_sim_shopify.testing import running_simulator

__all__ = ["API", "BAD_LOGIN", "SECRET", "TOKEN", "compact_order", "make_orders"]

TOKEN = "shpat_contract_token"
SECRET = "contract-webhook-secret"
API = admin_path()
BAD_LOGIN = "[API] Invalid API key or access token (unrecognized login or wrong password)"


def simulator_url() -> Iterator[str]:
    """Body of the module-scoped `base_url` fixture: a simulator with the test credentials."""
    settings = SimulatorSettings(access_token=TOKEN, webhook_secret=SECRET)
    with running_simulator(settings) as url:
        yield url


def control_client(base_url: str) -> Iterator[httpx.Client]:
    """Body of the `sim` fixture: a control-API client on a freshly reset simulator."""
    with httpx.Client(base_url=base_url, timeout=10, verify=trust_store()) as client:
        assert client.post("/_sim/reset").status_code == 200
        yield client


def api_client(base_url: str) -> Iterator[httpx.Client]:
    """Body of the `api` fixture: a client carrying the access token."""
    headers = {ACCESS_HEADER: TOKEN}
    with httpx.Client(
        base_url=base_url, headers=headers, timeout=10, verify=trust_store()
    ) as client:
        yield client


def make_orders(sim: httpx.Client, count: int) -> list[int]:
    ids = []
    for _ in range(count):
        response = sim.post("/_sim/orders", json=compact_order())
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids
