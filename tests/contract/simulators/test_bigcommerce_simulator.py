"""BigCommerce simulator contract (fixture `sim`: control API after a reset; `api`: with token)."""

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.contract.simulators import bigcommerce_sim
from tests.contract.simulators.bigcommerce_sim import (
    CLIENT_SECRET,
    STORE_HASH,
    V2,
    V3,
    Receiver,
    order,
    product,
    running_receiver,
    sized_product,
)

pytestmark = pytest.mark.contract

STATUS_DOC = "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    yield from bigcommerce_sim.simulator_url()


@pytest.fixture
def sim(base_url: str) -> Iterator[httpx.Client]:
    yield from bigcommerce_sim.control_client(base_url)


@pytest.fixture
def api(base_url: str, sim: httpx.Client) -> Iterator[httpx.Client]:
    yield from bigcommerce_sim.api_client(base_url)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as receiver:
        yield receiver


class TestAuthentication:
    @pytest.mark.parametrize("token", ["", "wrong-token"])
    def test_v3_rejects_missing_or_wrong_token_with_v3_error(
        self, sim: httpx.Client, token: str
    ) -> None:
        response = sim.get(f"{V3}/catalog/products", headers={"X-Auth-Token": token})
        assert response.status_code == 401
        body = response.json()
        assert (body["status"], body["type"]) == (401, STATUS_DOC)
        assert body["title"]

    def test_v2_rejects_wrong_token_with_an_error_array(self, sim: httpx.Client) -> None:
        response = sim.get(f"{V2}/orders", headers={"X-Auth-Token": "nope"})
        assert response.status_code == 401
        assert response.json()[0]["status"] == 401

    def test_another_store_hash_is_refused(self, api: httpx.Client) -> None:
        assert api.get("/stores/otherhash/v3/catalog/products").status_code == 401

    def test_unknown_product_is_404_in_v3_shape(self, api: httpx.Client) -> None:
        response = api.get(f"{V3}/catalog/products/424242")
        assert response.status_code == 404
        assert response.json()["status"] == 404

    def test_unknown_order_is_404_in_v2_shape(self, api: httpx.Client) -> None:
        response = api.get(f"{V2}/orders/424242")
        assert response.status_code == 404
        assert response.json()[0]["status"] == 404


class TestPagination:
    def test_v3_pages_through_all_products_with_meta_links(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/products", json=[product(f"P-{n}") for n in range(7)])
        seen, page = [], 1
        while True:
            body = api.get(f"{V3}/catalog/products", params={"limit": 3, "page": page}).json()
            seen += [p["sku"] for p in body["data"]]
            pagination = body["meta"]["pagination"]
            assert (pagination["total"], pagination["total_pages"]) == (7, 3)
            if "next" not in pagination["links"]:
                break
            page += 1
        assert seen == [f"P-{n}" for n in range(7)]

    def test_v2_orders_page_to_the_end_then_answer_204(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        ids = [sim.post("/_sim/orders", json=order()).json()["id"] for _ in range(5)]
        pages = [api.get(f"{V2}/orders", params={"limit": 2, "page": n}) for n in (1, 2, 3, 4)]
        assert [r.status_code for r in pages] == [200, 200, 200, 204]
        assert pages[3].content == b""
        assert [o["id"] for r in pages[:3] for o in r.json()] == ids

    def test_customers_carry_a_cursor_that_continues_the_list(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        people = [{"email": f"p{n}@example.nl", "first_name": "P", "last_name": str(n)}
                  for n in range(5)]  # fmt: skip
        sim.post("/_sim/customers", json=people)
        first = api.get(f"{V3}/customers", params={"limit": 3}).json()
        cursor = first["meta"]["cursor_pagination"]["end_cursor"]
        rest = api.get(f"{V3}/customers", params={"limit": 3, "after": cursor}).json()
        assert [c["email"] for c in first["data"] + rest["data"]] == [p["email"] for p in people]


class TestFilters:
    def test_product_sku_ignores_variant_skus_and_variants_endpoint_finds_them(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/products", json=sized_product("SHIRT"))
        assert api.get(f"{V3}/catalog/products", params={"sku": "SHIRT-M"}).json()["data"] == []
        found = api.get(f"{V3}/catalog/variants", params={"sku": "SHIRT-M"}).json()["data"]
        assert [(v["sku"], v["option_values"][0]["label"]) for v in found] == [("SHIRT-M", "M")]

    def test_date_modified_min_returns_only_later_changes(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        old = sim.post("/_sim/products", json=product("OLD")).json()["products"][0]
        sim.post("/_sim/clock", json={"seconds": 3600})
        sim.post("/_sim/products", json=product("NEW"))
        since = api.get(f"{V3}/catalog/products/{old['id']}").json()["data"]["date_modified"]
        later = since.replace("+00:00", "") + "+00:00"
        params = {"date_modified:min": later, "sort": "date_modified"}
        found = api.get(f"{V3}/catalog/products", params=params).json()["data"]
        assert {p["sku"] for p in found} == {"OLD", "NEW"}
        sim.post("/_sim/clock", json={"seconds": 1})
        params["date_modified:min"] = str(int(time.time()) + 1800)
        found = api.get(f"{V3}/catalog/products", params=params).json()["data"]
        assert [p["sku"] for p in found] == ["NEW"]

    def test_email_in_matches_whole_addresses_case_insensitively(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/customers", json={"email": "Anna@Example.nl", "first_name": "A",
                                          "last_name": "B"})  # fmt: skip
        hit = api.get(f"{V3}/customers", params={"email:in": "anna@example.NL"}).json()["data"]
        miss = api.get(f"{V3}/customers", params={"email:in": "anna@example"}).json()["data"]
        assert [c["email"] for c in hit] == ["anna@example.nl"]
        assert miss == []

    def test_orders_filter_by_external_order_id(self, sim: httpx.Client, api: httpx.Client) -> None:
        sim.post("/_sim/orders", json=order(external_order_id="SY-1"))
        sim.post("/_sim/orders", json=order(external_order_id="SY-2"))
        found = api.get(f"{V2}/orders", params={"external_order_id": "SY-2"}).json()
        assert [o["external_order_id"] for o in found] == ["SY-2"]


class TestWrites:
    def test_duplicate_sku_is_409_with_v3_error(self, sim: httpx.Client, api: httpx.Client) -> None:
        sim.post("/_sim/products", json=sized_product("DUP"))
        response = api.post(f"{V3}/catalog/products", json=product("DUP-S", name="Other"))
        assert response.status_code == 409
        assert response.json()["errors"] == {"sku": "Sku DUP-S is not unique"}

    def test_missing_required_fields_are_422(self, api: httpx.Client) -> None:
        response = api.post(f"{V3}/catalog/products", json={"name": "Only a name"})
        assert response.status_code == 422
        assert set(response.json()["errors"]) == {"type", "weight", "price"}

    def test_customers_are_created_in_batches_of_at_most_ten(self, api: httpx.Client) -> None:
        people = [{"email": f"b{n}@example.nl", "first_name": "B", "last_name": "C"}
                  for n in range(11)]  # fmt: skip
        assert api.post(f"{V3}/customers", json=people).status_code == 413
        assert api.post(f"{V3}/customers", json=people[:10]).status_code == 200

    def test_absolute_adjustment_sets_variant_stock(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/products", json=sized_product("STK"))
        body = {"reason": "count", "items": [{"location_id": 1, "sku": "STK-M", "quantity": 17}]}
        assert api.put(f"{V3}/inventory/adjustments/absolute", json=body).status_code == 200
        items = api.get(f"{V3}/inventory/items", params={"sku:in": "STK-M"}).json()["data"]
        assert items[0]["locations"][0]["available_to_sell"] == 17

    def test_order_money_is_four_decimal_strings_and_status_changes(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        created = api.post(f"{V2}/orders", json=order(status_id=11)).json()
        assert (created["subtotal_inc_tax"], created["total_ex_tax"]) == ("24.2000", "20.0000")
        assert created["date_created"].endswith("+0000")
        changed = api.put(f"{V2}/orders/{created['id']}", json={"status_id": 2}).json()
        assert (changed["status_id"], changed["status"]) == (2, "Shipped")
        lines = api.get(f"{V2}/orders/{created['id']}/products").json()
        assert [(li["sku"], li["quantity"], li["price_inc_tax"]) for li in lines] == [
            ("KOFFIE", 2, "12.1000")
        ]


class TestRateLimit:
    def test_every_answer_carries_the_quota_headers_and_429_when_spent(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/ratelimit", json={"quota": 3, "window_ms": 30000})
        answers = [api.get(f"{V3}/catalog/products") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        lefts = [a.headers["X-Rate-Limit-Requests-Left"] for a in answers]
        assert lefts == ["2", "1", "0", "0"]
        refused = answers[3]
        assert refused.headers["X-Rate-Limit-Requests-Quota"] == "3"
        assert refused.headers["X-Rate-Limit-Time-Window-Ms"] == "30000"
        assert 0 < int(refused.headers["X-Rate-Limit-Time-Reset-Ms"]) <= 30000
        assert refused.json()["status"] == 429

    def test_injected_failures_answer_the_next_requests_then_recover(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/faults", json={"fail_next": {"status": 503, "count": 2}})
        statuses = [api.get(f"{V2}/order_statuses").status_code for _ in range(3)]
        assert statuses == [503, 503, 200]
        recorded = sim.get("/_sim/requests").json()["requests"]
        assert [r["status"] for r in recorded] == [503, 503, 200]


class TestWebhooks:
    def test_delivery_is_light_and_signed_with_the_client_secret(
        self, sim: httpx.Client, api: httpx.Client, receiver: Receiver
    ) -> None:
        hook = {"scope": "store/order/*", "destination": receiver.url,
                "headers": {"X-Custom-Auth": "s3cret"}}  # fmt: skip
        assert api.post(f"{V3}/hooks", json=hook).status_code == 200
        created = sim.post("/_sim/orders", json=order()).json()
        ((headers, body),) = receiver.wait_for(1)
        payload = json.loads(body)
        assert payload["scope"] == "store/order/created"
        assert payload["data"] == {"type": "order", "id": created["id"]}
        assert payload["producer"] == f"stores/{STORE_HASH}"
        assert set(payload) == {"scope", "store_id", "data", "hash", "created_at", "producer"}
        assert headers["x-custom-auth"] == "s3cret"
        signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
        digest = hmac.new(CLIENT_SECRET.encode(), signed, hashlib.sha256).digest()
        assert headers["webhook-signature"] == "v1," + base64.b64encode(digest).decode()

    def test_failed_delivery_is_retried_with_the_same_id_then_succeeds(
        self, sim: httpx.Client, receiver: Receiver
    ) -> None:
        sim.post("/_sim/config", json={"webhook_retry_scale": 0.001})
        receiver.statuses = [500, 500]
        sim.post(
            "/_sim/hooks", json={"scope": "store/product/created", "destination": receiver.url}
        )
        sim.post("/_sim/products", json=product("RETRY"))
        attempts = receiver.wait_for(3)
        assert len({h["webhook-id"] for h, _ in attempts}) == 1
        assert len({b for _, b in attempts}) == 1

    def test_hook_is_deactivated_after_the_last_retry_fails(
        self, sim: httpx.Client, api: httpx.Client, receiver: Receiver
    ) -> None:
        sim.post("/_sim/config", json={"webhook_retry_scale": 0.00001})
        receiver.statuses = [503] * 12
        hook = sim.post("/_sim/hooks", json={"scope": "store/customer/created",
                                             "destination": receiver.url}).json()  # fmt: skip
        sim.post("/_sim/customers", json={"email": "x@example.nl", "first_name": "X",
                                          "last_name": "Y"})  # fmt: skip
        receiver.wait_for(12, timeout=15)
        deadline = time.monotonic() + 5
        while api.get(f"{V3}/hooks/{hook['id']}").json()["data"]["is_active"]:
            assert time.monotonic() < deadline, "hook still active"
            time.sleep(0.05)

    def test_duplicate_mode_sends_each_event_twice_with_one_id(
        self, sim: httpx.Client, receiver: Receiver
    ) -> None:
        sim.post("/_sim/config", json={"duplicate_deliveries": 2})
        sim.post("/_sim/hooks", json={"scope": "store/category/*", "destination": receiver.url})
        sim.post("/_sim/categories", json={"name": "Thee", "parent_id": 0})
        first, second = receiver.wait_for(2)
        assert first[0]["webhook-id"] == second[0]["webhook-id"]
        assert json.loads(first[1])["hash"] == json.loads(second[1])["hash"]
