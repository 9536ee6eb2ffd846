"""Shared pieces of the MijnWebwinkel simulator contract tests: settings, fixture bodies, seeds.

Article and order bodies come from the simulator's driver (``syncyard_sim_mijnwebwinkel.driver``).
"""

from collections.abc import Iterator
from typing import Any

import httpx

from syncyard_common.egress.trust import trust_store
from syncyard_sim_mijnwebwinkel.app import create_app
from syncyard_sim_mijnwebwinkel.driver import API, article_body, order_body
from syncyard_sim_mijnwebwinkel.settings import SimulatorSettings
from tests.contract.connectors.conftest import serve

TOKEN = "contract-store-token-4d2f"
PARTNER_TOKEN = "contract-partner-token-8a1c"
AUTH = {"token": TOKEN, "partner_token": PARTNER_TOKEN}

__all__ = ["API", "AUTH", "article_body", "make_articles", "option_list", "order_body"]


def simulator_url() -> Iterator[str]:
    """Body of the module-scoped `base_url` fixture: a simulator with the test tokens."""
    settings = SimulatorSettings(token=TOKEN, partner_token=PARTNER_TOKEN)
    with serve(create_app(settings)) as url:
        yield url


def control_client(base_url: str) -> Iterator[httpx.Client]:
    """Body of the `sim` fixture: a control-API client on a freshly reset, unlimited simulator."""
    with httpx.Client(base_url=base_url, timeout=10, verify=trust_store()) as client:
        assert client.post("/_sim/reset").status_code == 200
        assert client.post("/_sim/ratelimit", json={"per_second": None}).status_code == 200
        yield client


def api_client(base_url: str) -> Iterator[httpx.Client]:
    """Body of the `api` fixture: a client sending both tokens on every request."""
    with httpx.Client(
        base_url=f"{base_url}{API}", params=AUTH, timeout=10, verify=trust_store()
    ) as client:
        yield client


def option_list(sim: httpx.Client, name: str) -> dict[str, Any]:
    """The seeded option list called `name` (Maat, Kleur)."""
    lists: list[dict[str, Any]] = sim.get("/_sim/lists").json()["lists"]
    return next(entry for entry in lists if entry["name"] == name)


def make_articles(sim: httpx.Client, count: int, prefix: str = "ART") -> list[int]:
    ids = []
    for number in range(count):
        response = sim.post("/_sim/articles", json=article_body(f"{prefix}-{number}"))
        assert response.status_code == 200, response.text
        ids.append(response.json()["id"])
    return ids
