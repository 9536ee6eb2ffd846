"""Shopify simulator contract, part 3: collections, collects, metafields, inventory items,
shop, transactions, imported order names, forced failures and the read-back control API."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.contract.simulators import shopify_sim
from tests.contract.simulators.shopify_sim import API, make_orders

pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    yield from shopify_sim.simulator_url()


@pytest.fixture
def sim(base_url: str) -> Iterator[httpx.Client]:
    yield from shopify_sim.control_client(base_url)


@pytest.fixture
def api(base_url: str, sim: httpx.Client) -> Iterator[httpx.Client]:
    yield from shopify_sim.api_client(base_url)


def seed_shirt(sim: httpx.Client) -> dict[str, Any]:
    body = {
        "title": "Shirt",
        "options": [{"name": "Size"}],
        "variants": [{"sku": "SHIRT-S", "option1": "S"}, {"sku": "SHIRT-M", "option1": "M"}],
    }
    product: dict[str, Any] = sim.post("/_sim/products", json=body).json()["products"][0]
    return product


class TestCollections:
    def test_create_with_metafield_then_filter_by_title_and_read_metafields(
        self, api: httpx.Client
    ) -> None:
        metafield = {"namespace": "syncyard", "key": "parent_collection_id", "value": "42"}
        body = {"custom_collection": {"title": "Bonen", "metafields": [metafield]}}
        created = api.post(f"{API}/custom_collections.json", json=body)
        assert created.status_code == 201, created.text
        collection = created.json()["custom_collection"]
        assert (collection["handle"], collection["sort_order"]) == ("bonen", "best-selling")
        api.post(f"{API}/custom_collections.json", json={"custom_collection": {"title": "Thee"}})
        listed = api.get(f"{API}/custom_collections.json", params={"title": "Bonen"}).json()
        assert [c["id"] for c in listed["custom_collections"]] == [collection["id"]]
        [stored] = api.get(f"{API}/collections/{collection['id']}/metafields.json").json()[
            "metafields"
        ]
        assert (stored["owner_resource"], stored["value"], stored["type"]) == (
            "collection",
            "42",
            "single_line_text_field",
        )

    def test_collection_without_title_is_422(self, api: httpx.Client) -> None:
        response = api.post(f"{API}/custom_collections.json", json={"custom_collection": {}})
        assert response.status_code == 422
        assert response.json() == {"errors": {"title": ["can't be blank"]}}

    def test_collects_put_a_product_in_once(self, sim: httpx.Client, api: httpx.Client) -> None:
        product = seed_shirt(sim)
        collection = sim.post("/_sim/custom_collections", json={"title": "Shirts"}).json()
        body = {"collect": {"product_id": product["id"], "collection_id": collection["id"]}}
        assert api.post(f"{API}/collects.json", json=body).status_code == 201
        again = api.post(f"{API}/collects.json", json=body)
        assert again.status_code == 422
        assert again.json() == {"errors": {"product_id": ["already exists in this collection"]}}
        collects = api.get(f"{API}/collects.json", params={"product_id": product["id"]}).json()
        assert [c["collection_id"] for c in collects["collects"]] == [collection["id"]]
        member_of = api.get(f"{API}/custom_collections.json?product_id={product['id']}").json()
        assert [c["id"] for c in member_of["custom_collections"]] == [collection["id"]]

    def test_updated_at_min_and_link_paging(self, sim: httpx.Client, api: httpx.Client) -> None:
        ids = [sim.post("/_sim/custom_collections", json={"title": f"C{n}"}).json()["id"]
               for n in range(3)]  # fmt: skip
        sim.post("/_sim/clock", json={"seconds": 5})
        touched = sim.post(f"/_sim/custom_collections/{ids[0]}/touch").json()
        params = {"updated_at_min": touched["updated_at"]}
        changed = api.get(f"{API}/custom_collections.json", params=params).json()
        assert [c["id"] for c in changed["custom_collections"]] == [ids[0]]
        first = api.get(f"{API}/custom_collections.json", params={"limit": 2})
        assert 'rel="next"' in first.headers["Link"]


class TestProductsAndInventoryItems:
    def test_option_names_are_kept_and_items_tell_the_sku(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        product = seed_shirt(sim)
        assert [o["name"] for o in product["options"]] == ["Size"]
        item_ids = [v["inventory_item_id"] for v in product["variants"]]
        items = api.get(f"{API}/inventory_items.json", params={"ids": ",".join(map(str, item_ids))})
        assert [(i["id"], i["sku"], i["tracked"]) for i in items.json()["inventory_items"]] == [
            (item_ids[0], "SHIRT-S", True),
            (item_ids[1], "SHIRT-M", True),
        ]
        assert api.get(f"{API}/inventory_items.json").status_code == 422

    def test_fields_keeps_only_the_named_product_fields(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        seed_shirt(sim)
        [row] = api.get(f"{API}/products.json", params={"fields": "id,variants"}).json()["products"]
        assert sorted(row) == ["id", "variants"]

    def test_shop_names_currency_and_primary_location(self, api: httpx.Client) -> None:
        shop = api.get(f"{API}/shop.json").json()["shop"]
        first = api.get(f"{API}/locations.json").json()["locations"][0]["id"]
        assert (shop["currency"], shop["taxes_included"], shop["primary_location_id"]) == (
            "EUR",
            True,
            first,
        )


class TestOrderImportAndPayment:
    def test_imported_order_name_is_unique_and_filterable(self, api: httpx.Client) -> None:
        body = {"order": shopify_sim.compact_order(name="MPLUS-1", financial_status="pending")}
        created = api.post(f"{API}/orders.json", json=body)
        assert created.status_code == 201, created.text
        assert created.json()["order"]["total_outstanding"] == "25.00"
        again = api.post(f"{API}/orders.json", json=body)
        assert again.status_code == 422
        assert again.json() == {"errors": {"name": ["has already been taken"]}}
        found = api.get(f"{API}/orders.json", params={"name": "MPLUS-1", "status": "any"})
        assert [o["name"] for o in found.json()["orders"]] == ["MPLUS-1"]

    def test_external_sale_marks_the_order_paid(self, sim: httpx.Client, api: httpx.Client) -> None:
        body = {"order": shopify_sim.compact_order(financial_status="pending")}
        order = api.post(f"{API}/orders.json", json=body).json()["order"]
        sale = {"transaction": {"kind": "sale", "source": "external", "amount": "25.00"}}
        response = api.post(f"{API}/orders/{order['id']}/transactions.json", json=sale)
        assert response.status_code == 201, response.text
        assert response.json()["transaction"]["amount"] == "25.00"
        paid = api.get(f"{API}/orders/{order['id']}.json").json()["order"]
        assert (paid["financial_status"], paid["total_outstanding"]) == ("paid", "0.00")
        listed = api.get(f"{API}/orders/{order['id']}/transactions.json").json()["transactions"]
        assert [t["kind"] for t in listed] == ["sale"]
        bad = {"transaction": {"kind": "gift", "amount": "1.00"}}
        assert (
            api.post(f"{API}/orders/{order['id']}/transactions.json", json=bad).status_code == 422
        )


class TestControl:
    def test_fail_next_answers_429_then_500_then_behaves(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/fail_next", json={"status": 429, "count": 1})
        throttled = api.get(f"{API}/orders.json")
        assert (throttled.status_code, throttled.headers["Retry-After"]) == (429, "2.0")
        assert "Exceeded" in throttled.json()["errors"]
        sim.post("/_sim/fail_next", json={"status": 500})
        assert api.get(f"{API}/orders.json").status_code == 500
        assert api.get(f"{API}/orders.json").status_code == 200

    def test_stock_seed_and_read_back(self, sim: httpx.Client) -> None:
        seed_shirt(sim)
        assert sim.get("/_sim/stock", params={"sku": "SHIRT-M"}).json()["available"] == 0
        sim.post("/_sim/stock", json={"sku": "SHIRT-M", "available": 9})
        assert sim.get("/_sim/stock", params={"sku": "SHIRT-M"}).json()["available"] == 9
        assert sim.get("/_sim/stock", params={"sku": "NOPE"}).json()["available"] is None
        assert sim.post("/_sim/stock", json={"sku": "NOPE", "available": 1}).status_code == 404

    def test_records_read_back_in_rest_shape(self, sim: httpx.Client) -> None:
        [order_id] = make_orders(sim, 1)
        orders = sim.get("/_sim/records/orders").json()["orders"]
        assert [o["id"] for o in orders] == [order_id]
        assert sim.get("/_sim/records/nothing").status_code == 404
