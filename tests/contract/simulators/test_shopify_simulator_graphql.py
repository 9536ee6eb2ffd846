"""Shopify simulator: GraphQL `productVariants` by SKU, cost accounting, throttling, and REST
lists in `order=updated_at asc` (fixtures `sim`: control API after a reset; `api`: token)."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.contract.simulators import shopify_sim
from tests.contract.simulators.shopify_sim import API, BAD_LOGIN

pytestmark = pytest.mark.contract

BY_SKU = """query($q: String!, $first: Int!, $after: String) {
  productVariants(first: $first, after: $after, query: $q) {
    nodes { id sku legacyResourceId product { id legacyResourceId }
            inventoryItem { id legacyResourceId } }
    pageInfo { hasNextPage endCursor } } }"""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    yield from shopify_sim.simulator_url()


@pytest.fixture
def sim(base_url: str) -> Iterator[httpx.Client]:
    yield from shopify_sim.control_client(base_url)


@pytest.fixture
def api(base_url: str) -> Iterator[httpx.Client]:
    yield from shopify_sim.api_client(base_url)


def seed(sim: httpx.Client, *skus: str) -> list[dict[str, Any]]:
    bodies = [{"title": sku, "variants": [{"sku": sku, "price": "1.00"}]} for sku in skus]
    answer = sim.post("/_sim/products", json={"products": bodies})
    assert answer.status_code == 201, answer.text
    products: list[dict[str, Any]] = answer.json()["products"]
    return products


def run(api: httpx.Client, query: str, **variables: Any) -> dict[str, Any]:
    answer = api.post(f"{API}/graphql.json", json={"query": query, "variables": variables})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


class TestProductVariantsBySku:
    def test_or_terms_match_exact_skus_with_legacy_ids(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        a, _, c = seed(sim, "ABC-1", "ABC-10", "AB C")
        body = run(api, BY_SKU, q='sku:ABC-1 OR sku:"AB C" OR sku:NOPE', first=10)
        nodes = body["data"]["productVariants"]["nodes"]
        assert [n["sku"] for n in nodes] == ["ABC-1", "AB C"]
        variant = a["variants"][0]
        assert nodes[0] == {
            "id": f"gid://shopify/ProductVariant/{variant['id']}",
            "sku": "ABC-1",
            "legacyResourceId": str(variant["id"]),
            "product": {"id": f"gid://shopify/Product/{a['id']}", "legacyResourceId": str(a["id"])},
            "inventoryItem": {
                "id": f"gid://shopify/InventoryItem/{variant['inventory_item_id']}",
                "legacyResourceId": str(variant["inventory_item_id"]),
            },
        }
        assert nodes[1]["product"]["legacyResourceId"] == str(c["id"])

    def test_pages_with_after_cursor_without_repeats(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        seed(sim, *(f"P-{n}" for n in range(5)))
        query = " OR ".join(f"sku:P-{n}" for n in range(5))
        seen: list[str] = []
        after = None
        while True:
            page = run(api, BY_SKU, q=query, first=2, after=after)["data"]["productVariants"]
            seen += [node["sku"] for node in page["nodes"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert seen == [f"P-{n}" for n in range(5)]

    def test_cost_is_requested_by_first_and_charged_by_nodes_returned(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        seed(sim, "C-1", "C-2")
        cost = run(api, BY_SKU, q="sku:C-1 OR sku:C-2", first=50)["extensions"]["cost"]
        # 2 for the connection + per variant: itself, product, inventory item.
        assert (cost["requestedQueryCost"], cost["actualQueryCost"]) == (152, 8)
        status = cost["throttleStatus"]
        assert (status["maximumAvailable"], status["restoreRate"]) == (2000.0, 100.0)
        assert 1990 <= status["currentlyAvailable"] <= 2000

    def test_missing_page_size_and_unknown_fields_are_graphql_errors(
        self, api: httpx.Client
    ) -> None:
        body = run(api, '{ productVariants(query: "sku:X") { nodes { id } } }')
        assert body["data"] is None
        assert body["errors"][0]["path"] == ["productVariants"]
        unknown = run(api, "{ productVariants(first: 1) { nodes { nope } } }")
        assert "nope" in unknown["errors"][0]["message"]
        assert "data" not in unknown


class TestGraphqlGatekeeping:
    def test_bad_token_is_401_with_the_rest_body(self, api: httpx.Client) -> None:
        answer = api.post(
            f"{API}/graphql.json",
            json={"query": "{ productVariants(first: 1) { nodes { id } } }"},
            headers={"X-Shopify-Access-Token": "shpat_wrong"},
        )
        assert (answer.status_code, answer.json()) == (401, {"errors": BAD_LOGIN})

    def test_empty_bucket_is_throttled_without_running_and_rest_is_untouched(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/config", json={"graphql_bucket_size": 100, "graphql_restore_rate": 1})
        query = "{ productVariants(first: 50) { nodes { id product { id } } } }"  # 102 points
        answer = api.post(f"{API}/graphql.json", json={"query": query})
        body = answer.json()
        assert answer.status_code == 200
        assert "X-Shopify-Shop-Api-Call-Limit" not in answer.headers
        assert body["errors"][0]["extensions"]["code"] == "THROTTLED"
        assert "data" not in body
        cost = body["extensions"]["cost"]
        assert (cost["requestedQueryCost"], cost["actualQueryCost"]) == (102, None)
        assert cost["throttleStatus"]["maximumAvailable"] == 100.0
        rest = api.get(f"{API}/shop.json")
        assert rest.headers["X-Shopify-Shop-Api-Call-Limit"] == "1/40"

    def test_query_over_the_single_query_cap_is_refused(self, api: httpx.Client) -> None:
        field = "productVariants(first: 250) { nodes { id product { id } inventoryItem { id } } }"
        body = run(api, f"{{ a: {field} b: {field} }}")  # 2 x 752 points
        assert body["errors"][0]["extensions"]["code"] == "MAX_COST_EXCEEDED"
        assert body["extensions"]["cost"]["requestedQueryCost"] == 1504


class TestRestUpdateOrder:
    def test_updated_at_order_pages_by_keyset_and_moves_changed_records_last(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        ids = [p["id"] for p in seed(sim, *(f"U-{n}" for n in range(4)))]
        sim.post("/_sim/clock", json={"seconds": 1})
        sim.post(f"/_sim/products/{ids[0]}/touch")
        params = {"order": "updated_at asc", "limit": "2", "fields": "id,updated_at"}
        first = api.get(f"{API}/products.json", params=params)
        assert [p["id"] for p in first.json()["products"]] == ids[1:3]
        sim.post("/_sim/clock", json={"seconds": 1})
        sim.post(f"/_sim/products/{ids[1]}/touch")  # already read: reappears at the end
        following = api.get(first.links["next"]["url"])
        assert [p["id"] for p in following.json()["products"]] == [ids[3], ids[0]]
        last = api.get(following.links["next"]["url"])
        assert [p["id"] for p in last.json()["products"]] == [ids[1]]
        assert "next" not in last.links

    def test_unknown_order_is_400(self, api: httpx.Client) -> None:
        answer = api.get(f"{API}/products.json", params={"order": "price asc"})
        assert (answer.status_code, answer.json()) == (400, {"errors": {"order": "Invalid value."}})
