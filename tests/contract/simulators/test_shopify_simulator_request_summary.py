"""Shopify simulator contract: `GET /_sim/requests/summary` counts what the request log holds."""

from collections.abc import Iterator

import httpx
import pytest

from tests.contract.simulators import shopify_sim
from tests.contract.simulators.shopify_sim import API

pytestmark = pytest.mark.contract

VARIANTS = "query { productVariants(first: 1) { nodes { id } } }"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    yield from shopify_sim.simulator_url()


@pytest.fixture
def sim(base_url: str) -> Iterator[httpx.Client]:
    yield from shopify_sim.control_client(base_url)


@pytest.fixture
def api(base_url: str, sim: httpx.Client) -> Iterator[httpx.Client]:
    yield from shopify_sim.api_client(base_url)


def test_summary_counts_rest_calls_per_endpoint_status_and_second(
    sim: httpx.Client, api: httpx.Client
) -> None:
    sim.post("/_sim/config", json={"bucket_size": 3, "leak_rate": 0.1})
    product = api.post(f"{API}/products.json", json={"product": {"title": "Koffie"}}).json()
    api.get(f"{API}/products/{product['product']['id']}.json")
    api.get(f"{API}/shop.json")
    throttled = api.get(f"{API}/shop.json")
    api.post(f"{API}/graphql.json", json={"query": VARIANTS})

    summary = sim.get("/_sim/requests/summary").json()

    assert throttled.status_code == 429
    assert summary["rest"] == 4
    assert summary["graphql"] == 1
    assert summary["rest_statuses"] == {"201": 1, "200": 2, "429": 1}
    assert summary["rest_endpoints"] == {
        "GET /shop.json": 2,
        "POST /products.json": 1,
        "GET /products/{id}.json": 1,
    }
    assert sum(summary["rest_per_second"]) == 4
    assert sum(summary["rest_429_per_second"]) == 1
    assert len(summary["rest_per_second"]) == len(summary["rest_429_per_second"])


def test_summary_of_an_empty_log(sim: httpx.Client) -> None:
    summary = sim.get("/_sim/requests/summary").json()

    assert summary["rest"] == 0
    assert summary["rest_per_second"] == []
    assert summary["rest_first_at"] is None
