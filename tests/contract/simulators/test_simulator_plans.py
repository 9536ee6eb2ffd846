"""The Shopify and BigCommerce simulators answer with the same rate-limit figures for every
plan they can be configured as (Standard, Advanced, Plus; Standard/Plus, Pro)."""

from collections.abc import Iterator

import httpx
import pytest

from tests.contract.simulators import bigcommerce_sim, shopify_sim
from tests.contract.simulators.shopify_sim import API

pytestmark = pytest.mark.contract

BY_SKU = """query($q: String!) {
  productVariants(first: 5, query: $q) { nodes { id sku } pageInfo { hasNextPage } } }"""


@pytest.fixture(scope="module")
def shop_url() -> Iterator[str]:
    yield from shopify_sim.simulator_url()


@pytest.fixture
def shop(shop_url: str) -> Iterator[httpx.Client]:
    yield from shopify_sim.control_client(shop_url)


@pytest.fixture
def shop_api(shop_url: str) -> Iterator[httpx.Client]:
    yield from shopify_sim.api_client(shop_url)


@pytest.fixture(scope="module")
def store_url() -> Iterator[str]:
    yield from bigcommerce_sim.simulator_url()


@pytest.fixture
def store(store_url: str) -> Iterator[httpx.Client]:
    yield from bigcommerce_sim.control_client(store_url)


@pytest.fixture
def store_api(store_url: str) -> Iterator[httpx.Client]:
    yield from bigcommerce_sim.api_client(store_url)


@pytest.mark.parametrize(
    ("plan", "size", "leak", "points", "restore"),
    [
        ("standard", 40, 2.0, 2000.0, 100.0),
        ("advanced", 80, 4.0, 4000.0, 200.0),
        ("plus", 400, 20.0, 20000.0, 1000.0),
    ],
)
def test_a_shopify_plan_sets_both_buckets_and_every_answer_says_so(
    shop: httpx.Client,
    shop_api: httpx.Client,
    plan: str,
    size: int,
    leak: float,
    points: float,
    restore: float,
) -> None:
    knobs = shop.post("/_sim/config", json={"plan": plan}).json()
    assert (knobs["plan"], knobs["bucket_size"], knobs["leak_rate"]) == (plan, size, leak)
    assert shop.get("/_sim/config").json()["plan"] == plan
    rest = shop_api.get(f"{API}/orders/count.json")
    assert rest.headers["X-Shopify-Shop-Api-Call-Limit"] == f"1/{size}"
    query = {"query": BY_SKU, "variables": {"q": "sku:NONE"}}
    graphql = shop_api.post(f"{API}/graphql.json", json=query).json()
    status = graphql["extensions"]["cost"]["throttleStatus"]
    assert (status["maximumAvailable"], status["restoreRate"]) == (points, restore)


def test_figures_beside_a_plan_win_and_make_it_custom(shop: httpx.Client) -> None:
    knobs = shop.post("/_sim/config", json={"plan": "plus", "leak_rate": 7.0}).json()
    assert (knobs["bucket_size"], knobs["leak_rate"], knobs["plan"]) == (400, 7.0, "custom")


def test_a_smaller_shopify_plan_keeps_a_full_bucket_full_not_overfull(
    shop: httpx.Client, shop_api: httpx.Client
) -> None:
    shop.post("/_sim/config", json={"plan": "advanced"})  # 80 leaking 4/s
    for _ in range(80):
        assert shop_api.get(f"{API}/orders/count.json").status_code == 200
    shop.post("/_sim/config", json={"plan": "standard"})
    refused = shop_api.get(f"{API}/orders/count.json")
    assert refused.status_code == 429
    assert refused.headers["X-Shopify-Shop-Api-Call-Limit"] == "40/40"
    assert float(refused.headers["Retry-After"]) <= 0.5  # one call's leak, not 30 s


@pytest.mark.parametrize(("plan", "quota"), [("standard", 150), ("plus", 150), ("pro", 450)])
def test_a_bigcommerce_plan_sets_the_quota_every_answer_states(
    store: httpx.Client, store_api: httpx.Client, plan: str, quota: int
) -> None:
    knobs = store.post("/_sim/config", json={"plan": plan}).json()
    assert (knobs["rate_quota"], knobs["rate_window_ms"]) == (quota, 30000)
    assert knobs["plan"] == ("standard" if quota == 150 else "pro")  # the two share figures
    answer = store_api.get(f"{bigcommerce_sim.V3}/catalog/products")
    assert answer.status_code == 200
    assert answer.headers["X-Rate-Limit-Requests-Quota"] == str(quota)
    assert answer.headers["X-Rate-Limit-Requests-Left"] == str(quota - 1)
    assert answer.headers["X-Rate-Limit-Time-Window-Ms"] == "30000"
    assert 0 < int(answer.headers["X-Rate-Limit-Time-Reset-Ms"]) <= 30000
