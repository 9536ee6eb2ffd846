"""Ecwid simulator behaviour over HTTP: auth, paging, filters, writes, errors, rate limit."""

from collections.abc import Iterator

import httpx
import pytest

from tests.contract.simulators import ecwid_sim
from tests.contract.simulators.ecwid_sim import API, STORE_ID, TOKEN, sample_order, seed_products

pytestmark = pytest.mark.contract


@pytest.fixture
def sim() -> Iterator[httpx.Client]:
    yield from ecwid_sim.control_client()


@pytest.fixture
def api(sim: httpx.Client) -> Iterator[httpx.Client]:
    yield from ecwid_sim.api_client()


class TestAuthentication:
    @pytest.mark.parametrize(
        ("params", "headers"),
        [({}, {}), ({"token": "secret_wrong"}, {}), ({}, {"Authorization": "Bearer nope"})],
    )
    def test_missing_or_wrong_token_is_403_invalid_api_token(
        self, sim: httpx.Client, params: dict[str, str], headers: dict[str, str]
    ) -> None:
        response = sim.get(f"{API}/products", params=params, headers=headers)
        assert response.status_code == 403
        assert response.json() == {
            "errorMessage": "Invalid access token in the request.",
            "errorCode": "INVALID_API_TOKEN",
        }

    def test_token_is_accepted_as_query_parameter_or_bearer_header(self, sim: httpx.Client) -> None:
        by_query = sim.get(f"{API}/products", params={"token": TOKEN})
        by_header = sim.get(f"{API}/products", headers={"Authorization": f"Bearer {TOKEN}"})
        assert (by_query.status_code, by_header.status_code) == (200, 200)

    def test_other_store_id_is_404_store_not_found(self, sim: httpx.Client) -> None:
        response = sim.get(f"/api/v3/{STORE_ID + 1}/products", params={"token": TOKEN})
        assert response.status_code == 404
        assert response.json()["errorCode"] == "STORE_NOT_FOUND"

    def test_missing_scope_is_403_insufficient_app_scope(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/config", json={"scopes": ["read_catalog"]})
        assert api.get("/products").status_code == 200
        response = api.get("/orders")
        assert response.status_code == 403
        assert response.json()["errorCode"] == "INSUFFICIENT_APP_SCOPE"
        assert api.post("/products", json={"name": "X"}).status_code == 403

    def test_store_without_paid_plan_is_402(self, sim: httpx.Client, api: httpx.Client) -> None:
        sim.post("/_sim/config", json={"paid_plan": False})
        response = api.get("/products")
        assert response.status_code == 402
        assert response.json()["errorCode"] == "NOT_AVAILABLE_ON_CURRENT_PLAN"

    def test_request_log_hides_the_token(self, sim: httpx.Client) -> None:
        sim.get(f"{API}/products", params={"token": TOKEN, "limit": 1})
        (logged,) = sim.get("/_sim/requests").json()["requests"]
        assert TOKEN not in str(logged)
        assert "token=***" in logged["query"]


class TestPaging:
    def test_offset_and_limit_page_to_the_end_in_the_envelope(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        ids = seed_products(sim, 7)
        seen, offset = [], 0
        while True:
            page = api.get("/products", params={"offset": offset, "limit": 3}).json()
            assert (page["total"], page["offset"], page["limit"]) == (7, offset, 3)
            assert page["count"] == len(page["items"])
            seen += [p["id"] for p in page["items"]]
            offset += page["count"]
            if offset >= page["total"]:
                break
        assert seen == ids
        assert api.get("/products", params={"offset": 7}).json()["items"] == []

    def test_limit_above_100_is_a_wrong_parameter(self, api: httpx.Client) -> None:
        response = api.get("/products", params={"limit": 101})
        assert response.status_code == 400
        assert response.json()["errorCode"] == "WRONG_PARAMETER"
        assert "limit" in response.json()["errorMessage"]

    def test_orders_default_to_ten_per_page_newest_first(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        numbers = [
            sim.post("/_sim/orders", json=sample_order()).json()["orderNumber"] for _ in range(12)
        ]
        page = api.get("/orders").json()
        assert (page["total"], page["count"], page["limit"]) == (12, 10, 10)
        assert [o["orderNumber"] for o in page["items"]] == sorted(numbers, reverse=True)[:10]


class TestFilters:
    def test_sku_is_exact_and_a_combination_sku_finds_its_parent(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/reset", json={"seed": True})
        by_variant = api.get("/products", params={"sku": "SHIRT-M"}).json()
        assert [p["sku"] for p in by_variant["items"]] == ["SHIRT"]
        assert api.get("/products", params={"sku": "SHIRT-"}).json()["total"] == 0
        assert api.get("/products", params={"sku": "shirt"}).json()["total"] == 0

    def test_updated_from_with_updated_time_ascending(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        first, second, third = seed_products(sim, 3)
        sim.post("/_sim/clock", json={"seconds": 600})
        touched = sim.post(f"/_sim/products/{first}/touch").json()
        params = {"updatedFrom": touched["updateTimestamp"], "sortBy": "UPDATED_TIME_ASC"}
        assert [p["id"] for p in api.get("/products", params=params).json()["items"]] == [first]
        every = api.get("/products", params={"sortBy": "UPDATED_TIME_ASC"}).json()["items"]
        assert [p["id"] for p in every] == [second, third, first]
        as_text = {"updatedFrom": touched["updated"]}
        assert api.get("/products", params=as_text).json()["total"] == 1

    def test_bad_filter_values_are_wrong_parameters(self, api: httpx.Client) -> None:
        for params in ({"inStock": "maybe"}, {"updatedFrom": "yesterday"}, {"sortBy": "X"}):
            response = api.get("/products", params=params)
            assert response.status_code == 400, params
            assert response.json()["errorMessage"].startswith("Wrong parameter")

    def test_customer_email_is_a_case_insensitive_search_term(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/customers", json={"email": "anna@devries.nl"})
        sim.post("/_sim/customers", json={"email": "hanna@devries.nl"})
        found = api.get("/customers", params={"email": "ANNA@devries.nl"}).json()["items"]
        assert sorted(c["email"] for c in found) == ["anna@devries.nl", "hanna@devries.nl"]

    def test_orders_by_payment_status_hide_incomplete_checkouts(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        paid = sim.post("/_sim/orders", json=sample_order()).json()["orderNumber"]
        sim.post("/_sim/orders", json=sample_order(paymentStatus="AWAITING_PAYMENT"))
        abandoned = sim.post("/_sim/orders", json=sample_order(paymentStatus="INCOMPLETE"))
        assert api.get("/orders").json()["total"] == 2
        only_paid = api.get("/orders", params={"paymentStatus": "PAID"}).json()["items"]
        assert [o["orderNumber"] for o in only_paid] == [paid]
        incomplete = api.get("/orders", params={"paymentStatus": "INCOMPLETE"}).json()["items"]
        assert [o["orderNumber"] for o in incomplete] == [abandoned.json()["orderNumber"]]

    def test_categories_by_parent(self, sim: httpx.Client, api: httpx.Client) -> None:
        parent = sim.post("/_sim/categories", json={"name": "Drank"}).json()["id"]
        child = sim.post("/_sim/categories", json={"name": "Thee", "parentId": parent}).json()
        top = api.get("/categories", params={"parent": 0}).json()["items"]
        below = api.get("/categories", params={"parent": parent}).json()["items"]
        assert [c["id"] for c in top] == [parent]
        assert [(c["id"], c["parentId"]) for c in below] == [(child["id"], parent)]
        assert "parentId" not in top[0]


class TestWrites:
    def test_duplicate_sku_is_409_also_against_combinations(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/reset", json={"seed": True})
        for sku in ("KOFFIE-250", "SHIRT-S"):
            response = api.post("/products", json={"name": "Dup", "sku": sku})
            assert response.status_code == 409
            assert response.json()["errorCode"] == "SKU_ALREADY_EXISTS"

    def test_combination_needs_a_declared_option_choice(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/reset", json={"seed": True})
        shirt = api.get("/products", params={"sku": "SHIRT"}).json()["items"][0]
        bad = {"sku": "SHIRT-XL", "options": [{"name": "Maat", "value": "XL"}]}
        response = api.post(f"/products/{shirt['id']}/combinations", json=bad)
        assert response.status_code == 400
        assert response.json()["errorCode"] == "WRONG_PARAMETER"

    def test_absolute_and_relative_stock(self, sim: httpx.Client, api: httpx.Client) -> None:
        (product,) = seed_products(sim, 1)
        assert api.put(f"/products/{product}", json={"quantity": 12}).json() == {"updateCount": 1}
        answer = api.put(f"/products/{product}/inventory", json={"quantityDelta": -15}).json()
        assert answer["updateCount"] == 1
        assert "warning" in answer
        assert api.get(f"/products/{product}").json()["quantity"] == 0

    def test_order_status_update_and_unknown_status(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        order = sim.post("/_sim/orders", json=sample_order(paymentStatus="AWAITING_PAYMENT"))
        number = order.json()["orderNumber"]
        changed = {"paymentStatus": "PAID", "fulfillmentStatus": "SHIPPED"}
        assert api.put(f"/orders/{number}", json=changed).json() == {"updateCount": 1}
        stored = api.get(f"/orders/{number}").json()
        assert (stored["paymentStatus"], stored["fulfillmentStatus"]) == ("PAID", "SHIPPED")
        assert api.get(f"/orders/{stored['id']}").json()["orderNumber"] == number
        wrong = api.put(f"/orders/{number}", json={"paymentStatus": "DONE"})
        assert wrong.status_code == 400

    def test_money_is_computed_exactly_as_numbers(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        given = sample_order(items=[{"sku": "A", "name": "A", "quantity": 3, "price": 0.1}])
        created = api.post("/orders", json=given).json()
        order = api.get(f"/orders/{created['id']}").json()
        assert (order["subtotal"], order["total"]) == (0.3, 5.25)

    def test_used_external_order_id_is_409(self, api: httpx.Client) -> None:
        assert api.post("/orders", json=sample_order(externalOrderId="sy-1")).status_code == 200
        again = api.post("/orders", json=sample_order(externalOrderId="sy-1"))
        assert again.status_code == 409
        assert again.json()["errorCode"] == "EXTERNAL_ID_ALREADY_USED"

    def test_unknown_records_are_404_with_their_code(self, api: httpx.Client) -> None:
        assert api.get("/products/1").json()["errorCode"] == "PRODUCT_NOT_FOUND"
        assert api.get("/orders/1").json()["errorCode"] == "ORDER_NOT_FOUND"
        assert api.get("/products/abc").status_code == 400

    def test_deletions_are_listed(self, sim: httpx.Client, api: httpx.Client) -> None:
        (product,) = seed_products(sim, 1)
        assert api.delete(f"/products/{product}").json() == {"deleteCount": 1}
        (entry,) = api.get("/products/deleted").json()["items"]
        assert (entry["id"], entry["type"]) == (product, "PRODUCT")


class TestRateLimitAndFaults:
    def test_burst_then_429_with_retry_after_and_ecwid_body(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/config", json={"requests_per_minute": 6, "burst": 2})
        assert [api.get("/products").status_code for _ in range(2)] == [200, 200]
        refused = api.get("/products")
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "10"
        assert refused.json()["errorCode"] == "RATE_LIMITED"

    def test_fail_next_answers_the_status_count_times(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/faults", json={"fail_next": {"status": 503, "count": 2}})
        assert [api.get("/products").status_code for _ in range(3)] == [503, 503, 200]
        sim.post("/_sim/faults", json={"fail_next": {"status": 429, "count": 1}})
        throttled = api.get("/products")
        assert (throttled.status_code, throttled.headers.get("Retry-After")) == (429, "1")

    def test_timeout_next_hangs_past_the_callers_patience(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/faults", json={"timeout_next": 1, "hang_ms": 1500})
        with pytest.raises(httpx.ReadTimeout):
            api.get("/products", timeout=0.3)
        assert api.get("/products").status_code == 200
