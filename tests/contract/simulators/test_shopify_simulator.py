"""Shopify simulator contract (fixture `sim`: control API after a reset; `api`: with token)."""

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from syncyard_sim_shopify.testing import WebhookReceiver as Receiver
from syncyard_sim_shopify.testing import running_receiver
from tests.contract.simulators import shopify_sim
from tests.contract.simulators.shopify_sim import API, BAD_LOGIN, SECRET, compact_order, make_orders
from tests.fixtures.eventually import eventually_sync

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


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as receiver:
        yield receiver


def next_link(response: httpx.Response, rel: str = "next") -> str | None:
    link: str = response.headers.get("Link", "")
    for part in link.split(", "):
        if part.endswith(f'rel="{rel}"'):
            return part[1 : part.index(">")]
    return None


class TestAuthentication:
    @pytest.mark.parametrize("headers", [{}, {"X-Shopify-Access-Token": "shpat_wrong"}])
    def test_rejects_missing_or_wrong_token_with_shopify_body(
        self, sim: httpx.Client, headers: dict[str, str]
    ) -> None:
        response = sim.get(f"{API}/orders.json", headers=headers)
        assert response.status_code == 401
        assert response.json() == {"errors": BAD_LOGIN}

    def test_unknown_order_is_404_not_found(self, api: httpx.Client) -> None:
        response = api.get(f"{API}/orders/123.json")
        assert response.status_code == 404
        assert response.json() == {"errors": "Not Found"}


class TestOrderList:
    def test_link_header_pages_through_all_orders_with_page_info(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        ids = make_orders(sim, 7)
        response = api.get(f"{API}/orders.json", params={"limit": 3, "status": "any"})
        seen, pages = [o["id"] for o in response.json()["orders"]], 1
        assert next_link(response, "previous") is None
        while (url := next_link(response)) is not None:
            assert "page_info=" in url
            assert "status" not in url
            response = api.get(url)
            assert response.status_code == 200
            seen += [o["id"] for o in response.json()["orders"]]
            pages += 1
        assert pages == 3
        assert seen == sorted(ids)
        previous = next_link(response, "previous")
        assert previous is not None
        assert [o["id"] for o in api.get(previous).json()["orders"]] == sorted(ids)[3:6]

    def test_page_info_cannot_be_combined_with_filters(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        make_orders(sim, 3)
        url = next_link(api.get(f"{API}/orders.json", params={"limit": 1}))
        assert url is not None
        response = api.get(url + "&status=any")
        assert response.status_code == 400
        assert "page_info" in response.json()["errors"]

    def test_limit_above_250_is_rejected(self, api: httpx.Client) -> None:
        response = api.get(f"{API}/orders.json", params={"limit": 251})
        assert response.status_code == 400
        assert "limit" in response.json()["errors"]

    def test_default_status_open_hides_closed_orders(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        open_id, closed_id = make_orders(sim, 2)
        assert api.post(f"{API}/orders/{closed_id}/close.json").status_code == 200
        default = [o["id"] for o in api.get(f"{API}/orders.json").json()["orders"]]
        every = [o["id"] for o in api.get(f"{API}/orders.json?status=any").json()["orders"]]
        closed = api.get(f"{API}/orders.json?status=closed").json()["orders"]
        assert default == [open_id]
        assert every == [open_id, closed_id]
        assert [o["id"] for o in closed] == [closed_id]
        assert api.get(f"{API}/orders/count.json").json() == {"count": 1}

    def test_updated_at_min_and_since_id_filter(self, sim: httpx.Client, api: httpx.Client) -> None:
        first, second = make_orders(sim, 2)
        sim.post("/_sim/clock", json={"seconds": 3600})
        touched = sim.post(f"/_sim/orders/{first}/touch").json()
        params = {"status": "any", "updated_at_min": touched["updated_at"]}
        assert [o["id"] for o in api.get(f"{API}/orders.json", params=params).json()["orders"]] == [
            first
        ]
        since = api.get(f"{API}/orders.json", params={"since_id": first}).json()["orders"]
        assert [o["id"] for o in since] == [second]


class TestOrderCreation:
    def test_rest_post_returns_full_shape_and_pos_location(self, api: httpx.Client) -> None:
        body = {"order": compact_order(source_name="pos", currency="EUR")}
        response = api.post(f"{API}/orders.json", json=body)
        assert response.status_code == 201, response.text
        order = response.json()["order"]
        assert order["name"] == "#1001"
        assert order["order_number"] == 1001
        assert order["admin_graphql_api_id"] == f"gid://shopify/Order/{order['id']}"
        assert order["total_price"] == "25.00"
        assert order["total_price_set"]["shop_money"] == {"amount": "25.00", "currency_code": "EUR"}
        assert order["source_name"] == "pos"
        assert order["location_id"] is not None
        assert order["line_items"][0]["price"] == "12.50"
        assert order["billing_address"]["name"] == "Jan Jansen"
        assert order["customer"]["email"] == "jan@example.nl"

    def test_invalid_order_gets_422_field_map(self, api: httpx.Client) -> None:
        body = {"order": {"line_items": [{"title": "X", "quantity": 0, "price": "abc"}]}}
        response = api.post(f"{API}/orders.json", json=body)
        assert response.status_code == 422
        assert response.json()["errors"]["line_items.quantity"] == [
            "must be greater than or equal to 1"
        ]
        assert response.json()["errors"]["line_items.price"] == ["is not a number"]

    def test_duplicate_customer_email_is_taken(self, api: httpx.Client) -> None:
        body = {"customer": {"email": "piet@example.nl", "first_name": "Piet"}}
        assert api.post(f"{API}/customers.json", json=body).status_code == 201
        again = api.post(f"{API}/customers.json", json=body)
        assert again.status_code == 422
        assert again.json() == {"errors": {"email": ["has already been taken"]}}
        found = api.get(f"{API}/customers/search.json?query=email:piet@example.nl").json()
        assert [c["first_name"] for c in found["customers"]] == ["Piet"]


class TestRateLimit:
    def test_bucket_overflow_gives_429_with_retry_after_and_call_limit(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/config", json={"bucket_size": 4, "leak_rate": 0.5})
        *allowed, throttled = [api.get(f"{API}/orders.json") for _ in range(5)]
        limits = [r.headers["X-Shopify-Shop-Api-Call-Limit"] for r in allowed]
        assert limits == ["1/4", "2/4", "3/4", "4/4"]
        assert throttled.status_code == 429
        assert throttled.headers["X-Shopify-Shop-Api-Call-Limit"] == "4/4"
        assert 0 < float(throttled.headers["Retry-After"]) <= 2.0
        assert throttled.json() == {
            "errors": "Exceeded 0.5 calls per second for api client. "
            "Reduce request rates to resume uninterrupted service."
        }

    def test_bucket_leaks_so_calls_succeed_after_retry_after(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/config", json={"bucket_size": 2, "leak_rate": 1.0})
        *_, throttled = [api.get(f"{API}/orders.json") for _ in range(3)]
        assert throttled.status_code == 429
        time.sleep(float(throttled.headers["Retry-After"]))
        assert api.get(f"{API}/orders.json").status_code == 200


def subscribe(api: httpx.Client, receiver: Receiver, topic: str = "orders/create") -> int:
    body = {"webhook": {"topic": topic, "address": receiver.url, "format": "json"}}
    response = api.post(f"{API}/webhooks.json", json=body)
    assert response.status_code == 201, response.text
    webhook_id: int = response.json()["webhook"]["id"]
    return webhook_id


def deliveries(sim: httpx.Client) -> list[dict[str, Any]]:
    return list(sim.get("/_sim/deliveries").json()["deliveries"])


def wait_until(check: Callable[[], bool], timeout: float = 10.0) -> None:
    eventually_sync(check, timeout=timeout)


class TestWebhookDelivery:
    def test_signature_verifies_over_raw_body(
        self, sim: httpx.Client, api: httpx.Client, receiver: Receiver
    ) -> None:
        subscribe(api, receiver)
        order = sim.post("/_sim/orders", json=compact_order()).json()
        [(headers, body)] = receiver.wait_for(1)
        expected = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest())
        assert hmac.compare_digest(headers["x-shopify-hmac-sha256"].encode(), expected)
        assert json.loads(body) == order
        assert headers["x-shopify-topic"] == "orders/create"
        assert headers["x-shopify-shop-domain"] == "demo-shop.myshopify.com"
        assert headers["x-shopify-api-version"] == "2025-01"
        assert headers["content-type"] == "application/json"
        assert headers["x-shopify-webhook-id"]
        assert headers["x-shopify-event-id"]
        assert headers["x-shopify-triggered-at"]

    def test_retries_after_500_with_same_webhook_id(
        self, sim: httpx.Client, api: httpx.Client, receiver: Receiver
    ) -> None:
        sim.post("/_sim/config", json={"webhook_retry_scale": 0.0001})
        subscribe(api, receiver)
        receiver.statuses = [500, 503]
        sim.post("/_sim/orders", json=compact_order())
        received = receiver.wait_for(3)
        assert len({headers["x-shopify-webhook-id"] for headers, _ in received}) == 1
        assert len({body for _, body in received}) == 1
        wait_until(lambda: deliveries(sim)[0]["state"] == "delivered")
        [record] = deliveries(sim)
        assert record["attempts"] == 3
        assert record["statuses"] == [500, 503, 200]
        assert record["last_status"] == 200

    def test_subscription_is_deleted_after_retries_are_exhausted(
        self, sim: httpx.Client, api: httpx.Client, receiver: Receiver
    ) -> None:
        sim.post("/_sim/config", json={"webhook_retry_scale": 0.0001})
        webhook_id = subscribe(api, receiver)
        receiver.statuses = [500] * 9
        sim.post("/_sim/orders", json=compact_order())
        wait_until(lambda: deliveries(sim)[0]["state"] == "failed")
        assert deliveries(sim)[0]["attempts"] == 9
        assert len(receiver.wait_for(9)) == 9
        assert api.get(f"{API}/webhooks/{webhook_id}.json").status_code == 404

    def test_duplicate_mode_sends_same_webhook_id_n_times(
        self, sim: httpx.Client, api: httpx.Client, receiver: Receiver
    ) -> None:
        sim.post("/_sim/config", json={"duplicate_deliveries": 3})
        subscribe(api, receiver)
        sim.post("/_sim/orders", json=compact_order())
        received = receiver.wait_for(3)
        # Barrier: every copy the simulator queued has been sent; none can come later.
        wait_until(lambda: all(d["state"] == "delivered" for d in deliveries(sim)))
        assert len(receiver.received) == 3
        assert len({h["x-shopify-webhook-id"] for h, _ in received}) == 1
        assert len({h["x-shopify-event-id"] for h, _ in received}) == 1

    def test_out_of_order_mode_delivers_newest_first(
        self, sim: httpx.Client, api: httpx.Client, receiver: Receiver
    ) -> None:
        sim.post("/_sim/config", json={"out_of_order": True})
        subscribe(api, receiver)
        ids = make_orders(sim, 2)
        received = receiver.wait_for(2)
        assert [json.loads(body)["id"] for _, body in received] == list(reversed(ids))

    def test_close_fires_orders_updated(
        self, sim: httpx.Client, api: httpx.Client, receiver: Receiver
    ) -> None:
        subscribe(api, receiver, topic="orders/updated")
        [order_id] = make_orders(sim, 1)
        api.post(f"{API}/orders/{order_id}/close.json")
        [(headers, body)] = receiver.wait_for(1)
        assert headers["x-shopify-topic"] == "orders/updated"
        assert json.loads(body)["closed_at"] is not None
