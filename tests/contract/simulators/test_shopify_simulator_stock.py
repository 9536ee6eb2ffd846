"""Shopify simulator contract, part 2: products, stock, fulfilment, 60-day rule, faults."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.contract.simulators import shopify_sim
from tests.contract.simulators.shopify_sim import API, compact_order, make_orders

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


class TestProductsAndStock:
    def seed_product(self, sim: httpx.Client) -> dict[str, Any]:
        body = {
            "title": "Koffie 250g",
            "variants": [
                {"sku": "KOFFIE-250", "price": "12.50", "barcode": "8712345678906",
                 "inventory_quantity": 10},
            ],
        }  # fmt: skip
        response = sim.post("/_sim/products", json=body)
        assert response.status_code == 201, response.text
        product: dict[str, Any] = response.json()["products"][0]
        return product

    def test_pos_order_decrements_stock_at_its_location(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        product = self.seed_product(sim)
        variant = product["variants"][0]
        location_id = api.get(f"{API}/locations.json").json()["locations"][0]["id"]
        order = sim.post(
            "/_sim/orders", json=compact_order(source_name="pos", location_id=location_id)
        ).json()
        assert order["line_items"][0]["variant_id"] == variant["id"]
        params = {"inventory_item_ids": variant["inventory_item_id"]}
        [level] = api.get(f"{API}/inventory_levels.json", params=params).json()["inventory_levels"]
        assert (level["location_id"], level["available"]) == (location_id, 8)
        fetched = api.get(f"{API}/variants/{variant['id']}.json").json()["variant"]
        assert fetched["inventory_quantity"] == 8

    def test_set_and_adjust_inventory_levels(self, sim: httpx.Client, api: httpx.Client) -> None:
        item_id = self.seed_product(sim)["variants"][0]["inventory_item_id"]
        warehouse = api.get(f"{API}/locations.json").json()["locations"][1]["id"]
        target = {"inventory_item_id": item_id, "location_id": warehouse}
        adjust = api.post(
            f"{API}/inventory_levels/adjust.json", json=target | {"available_adjustment": 1}
        )
        assert adjust.status_code == 422
        level = api.post(f"{API}/inventory_levels/set.json", json=target | {"available": 5})
        assert level.json()["inventory_level"]["available"] == 5
        adjust = api.post(
            f"{API}/inventory_levels/adjust.json", json=target | {"available_adjustment": -2}
        )
        assert adjust.json()["inventory_level"]["available"] == 3

    def test_put_product_updates_variant_price(self, sim: httpx.Client, api: httpx.Client) -> None:
        product = self.seed_product(sim)
        variant_id = product["variants"][0]["id"]
        body = {"product": {"id": product["id"], "variants": [{"id": variant_id, "price": 9.5}]}}
        updated = api.put(f"{API}/products/{product['id']}.json", json=body)
        assert updated.status_code == 200
        assert updated.json()["product"]["variants"][0]["price"] == "9.50"
        assert api.get(f"{API}/products/count.json").json() == {"count": 1}

    def test_product_without_title_is_422(self, api: httpx.Client) -> None:
        response = api.post(f"{API}/products.json", json={"product": {"vendor": "x"}})
        assert response.status_code == 422
        assert response.json() == {"errors": {"title": ["can't be blank"]}}

    def test_requests_are_recorded(self, sim: httpx.Client, api: httpx.Client) -> None:
        api.get(f"{API}/orders.json")
        sim.get(f"{API}/orders.json")
        recorded = sim.get("/_sim/requests").json()["requests"]
        assert [(r["method"], r["status"]) for r in recorded] == [("GET", 200), ("GET", 401)]


class TestFaultsAndStatus:
    def test_error_rate_one_gives_500_with_errors_body(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/config", json={"error_rate_5xx": 1.0})
        response = api.get(f"{API}/orders.json")
        assert response.status_code == 500
        assert response.json() == {"errors": "Internal Server Error"}
        assert "X-Shopify-Shop-Api-Call-Limit" in response.headers

    def test_cancel_shows_under_cancelled_and_not_twice(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        [order_id] = make_orders(sim, 1)
        cancelled = api.post(f"{API}/orders/{order_id}/cancel.json", json={"reason": "customer"})
        assert cancelled.json()["order"]["cancel_reason"] == "customer"
        listed = api.get(f"{API}/orders.json?status=cancelled").json()["orders"]
        assert [o["id"] for o in listed] == [order_id]
        assert api.post(f"{API}/orders/{order_id}/cancel.json").status_code == 422

    def test_orders_older_than_60_days_hidden_without_read_all_orders(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        [old_id] = make_orders(sim, 1)
        sim.post("/_sim/clock", json={"seconds": 61 * 86400})
        sim.post("/_sim/config", json={"read_all_orders": False})
        assert api.get(f"{API}/orders.json").json()["orders"] == []
        assert api.get(f"{API}/orders/{old_id}.json").status_code == 404

    def test_fulfilling_all_lines_marks_order_fulfilled(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        [order_id] = make_orders(sim, 1)
        [fo] = api.get(f"{API}/orders/{order_id}/fulfillment_orders.json").json()[
            "fulfillment_orders"
        ]
        body = {"fulfillment": {"line_items_by_fulfillment_order": [
            {"fulfillment_order_id": fo["id"]}], "tracking_info": {"number": "3SABC"}}}  # fmt: skip
        fulfillment = api.post(f"{API}/fulfillments.json", json=body)
        assert fulfillment.status_code == 201, fulfillment.text
        assert fulfillment.json()["fulfillment"]["tracking_number"] == "3SABC"
        order = api.get(f"{API}/orders/{order_id}.json").json()["order"]
        assert order["fulfillment_status"] == "fulfilled"
        assert api.post(f"{API}/fulfillments.json", json=body).status_code == 422
