"""Mailchimp simulator contract (fixture `sim`: control API after a reset; `api`: with the key)."""

import asyncio
import hashlib
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.contract.simulators import mailchimp_sim
from tests.contract.simulators.mailchimp_sim import KEY, LIST_ID, MEMBERS_PATH, STORE, STORE_PATH

PROBLEM_TYPE = "https://mailchimp.com/developer/marketing/docs/errors/"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    yield from mailchimp_sim.simulator_url()


@pytest.fixture
def sim(base_url: str) -> Iterator[httpx.Client]:
    yield from mailchimp_sim.control_client(base_url)


@pytest.fixture
def api(base_url: str, sim: httpx.Client) -> Iterator[httpx.Client]:
    yield from mailchimp_sim.api_client(base_url)


def _problem(response: httpx.Response, status: int, title: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    assert (body["type"], body["title"], body["status"]) == (PROBLEM_TYPE, title, status)
    assert body["detail"]
    assert body["instance"]
    return body


class TestAuthentication:
    def test_missing_key_is_401_api_key_missing(self, sim: httpx.Client) -> None:
        _problem(sim.get("/3.0/ping"), 401, "API Key Missing")

    def test_wrong_key_is_401_api_key_invalid(self, sim: httpx.Client) -> None:
        response = sim.get("/3.0/ping", auth=("any", "ffffffffffffffffffffffffffffffff-us21"))
        body = _problem(response, 401, "API Key Invalid")
        assert "wrong datacenter" in str(body["detail"])

    def test_any_user_name_with_the_key_is_accepted(self, sim: httpx.Client) -> None:
        response = sim.get("/3.0/ping", auth=("whoever", KEY))
        assert response.json() == {"health_status": "Everything's Chimpy!"}

    def test_unknown_store_and_product_are_404(self, api: httpx.Client) -> None:
        _problem(api.get("/3.0/ecommerce/stores/nope"), 404, "Resource Not Found")
        _problem(api.get(f"{STORE_PATH}/products/nope"), 404, "Resource Not Found")


class TestPagination:
    def test_count_and_offset_page_through_every_product(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        for number in range(23):
            api.put(f"{STORE_PATH}/products/P{number:02}", json=mailchimp_sim.product("x"))
        seen, offset = [], 0
        while True:
            page = api.get(f"{STORE_PATH}/products", params={"count": 10, "offset": offset}).json()
            assert page["total_items"] == 23
            if not page["products"]:
                break
            seen += [p["id"] for p in page["products"]]
            offset += 10
        assert seen == [f"P{number:02}" for number in range(23)]

    def test_default_count_is_ten_and_over_1000_is_refused(self, api: httpx.Client) -> None:
        for number in range(12):
            api.put(f"{STORE_PATH}/products/P{number}", json=mailchimp_sim.product("x"))
        assert len(api.get(f"{STORE_PATH}/products").json()["products"]) == 10
        body = _problem(api.get(f"{STORE_PATH}/products?count=1001"), 400, "Invalid Resource")
        assert body["errors"] == [
            {"field": "count", "message": "This value should be less than or equal to 1000."}
        ]

    def test_fields_and_exclude_fields_trim_by_dot_path(self, api: httpx.Client) -> None:
        api.put(f"{STORE_PATH}/products/P1", json=mailchimp_sim.product("P1", "V1", "V2"))
        params = {"fields": "products.id,products.variants.sku,total_items"}
        body = api.get(f"{STORE_PATH}/products", params=params).json()
        assert body == {
            "products": [{"id": "P1", "variants": [{"sku": "V1"}, {"sku": "V2"}]}],
            "total_items": 1,
        }
        trimmed = api.get(f"{STORE_PATH}/products/P1?exclude_fields=variants,_links").json()
        assert "variants" not in trimmed
        assert trimmed["title"] == "Product P1"


class TestFiltersAndValidation:
    def test_customer_email_filter_is_exact_and_ignores_case(self, api: httpx.Client) -> None:
        for customer_id, email in (("a", "Anna@Example.nl"), ("b", "anna@example.nl.evil")):
            body = {"email_address": email, "opt_in_status": False}
            assert api.put(f"{STORE_PATH}/customers/{customer_id}", json=body).status_code == 200
        found = api.get(f"{STORE_PATH}/customers?email_address=ANNA@example.NL").json()
        assert [c["id"] for c in found["customers"]] == ["a"]

    def test_members_changed_since_come_oldest_first(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        api.post(MEMBERS_PATH, json=mailchimp_sim.member("old@example.nl"))
        since = sim.post("/_sim/clock", json={"seconds": 60}).json()["now"]
        sim.post("/_sim/clock", json={"seconds": 1})
        api.post(MEMBERS_PATH, json=mailchimp_sim.member("new@example.nl"))
        params = {"since_last_changed": since, "sort_field": "last_changed", "sort_dir": "ASC"}
        body = api.get(MEMBERS_PATH, params=params).json()
        assert [m["email_address"] for m in body["members"]] == ["new@example.nl"]
        assert body["members"][0]["id"] == hashlib.md5(b"new@example.nl").hexdigest()

    def test_duplicate_post_id_is_400_and_put_upserts(self, api: httpx.Client) -> None:
        assert api.post(f"{STORE_PATH}/products", json=mailchimp_sim.product("P1")).is_success
        again = api.post(f"{STORE_PATH}/products", json=mailchimp_sim.product("P1"))
        assert "already exists" in str(_problem(again, 400, "Invalid Resource")["detail"])
        assert api.put(f"{STORE_PATH}/products/P1", json=mailchimp_sim.product("P1")).is_success

    def test_order_lines_must_name_an_existing_product_and_variant(self, api: httpx.Client) -> None:
        response = api.put(f"{STORE_PATH}/orders/O1", json=mailchimp_sim.order("O1", "GHOST"))
        body = _problem(response, 400, "Invalid Resource")
        assert body["errors"] == [
            {
                "field": "lines.item:0.product_id",
                "message": "A product with the provided ID does not exist in the account.",
            }
        ]

    def test_price_must_be_a_number(self, api: httpx.Client) -> None:
        body = mailchimp_sim.product("P1")
        body["variants"][0]["price"] = "19.95"
        errors = _problem(api.put(f"{STORE_PATH}/products/P1", json=body), 400, "Invalid Resource")
        assert errors["errors"] == [
            {"field": "price", "message": "Schema describes number, string found instead"}
        ]

    def test_store_audience_and_currency_are_fixed_but_is_syncing_is_kept(
        self, api: httpx.Client
    ) -> None:
        for change in ({"list_id": "other"}, {"currency_code": "USD"}):
            _problem(api.patch(STORE_PATH, json=change), 400, "Invalid Resource")
        assert api.patch(STORE_PATH, json={"is_syncing": True}).json()["is_syncing"] is True
        assert api.get(STORE_PATH).json()["is_syncing"] is True

    def test_order_upserts_its_customer_and_customer_counts_orders(self, api: httpx.Client) -> None:
        api.put(f"{STORE_PATH}/products/P1", json=mailchimp_sim.product("P1"))
        api.put(f"{STORE_PATH}/orders/O1", json=mailchimp_sim.order("O1"))
        customer = api.get(f"{STORE_PATH}/customers/c-anna").json()
        assert (customer["orders_count"], customer["total_spent"]) == (1, 39.9)
        assert api.get(f"{STORE_PATH}/orders?customer_id=c-anna").json()["total_items"] == 1
        hashed = hashlib.md5(b"anna@example.nl").hexdigest()
        assert api.get(f"{MEMBERS_PATH}/{hashed}").json()["status"] == "transactional"


class TestLimitsAndFaults:
    async def test_eleventh_concurrent_request_is_429_without_rate_headers(
        self, base_url: str, sim: httpx.Client
    ) -> None:
        async with httpx.AsyncClient(base_url=base_url, auth=("u", KEY), timeout=10) as client:
            await client.post("/_sim/faults", json={"latency_ms": 400})
            answers = await asyncio.gather(*(client.get("/3.0/ping") for _ in range(11)))
            statuses = sorted(r.status_code for r in answers)
            assert statuses == [200] * 10 + [429]
            refused = next(r for r in answers if r.status_code == 429)
            _problem(refused, 429, "Too Many Requests")
            assert not [h for h in refused.headers if "rate" in h or h == "retry-after"]
            assert (await client.get("/3.0/ping")).status_code == 200

    def test_fail_next_answers_the_status_then_recovers(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/faults", json={"fail_next": {"status": 503, "count": 2}})
        statuses = [api.get("/3.0/ping").status_code for _ in range(3)]
        assert statuses == [503, 503, 200]

    def test_error_rate_and_timeouts(self, sim: httpx.Client, api: httpx.Client) -> None:
        sim.post("/_sim/faults", json={"error_rate_5xx": 1})
        _problem(api.get("/3.0/ping"), 500, "Internal Server Error")
        sim.post("/_sim/faults", json={"error_rate_5xx": 0, "timeout_next": 1, "hang_ms": 1500})
        with pytest.raises(httpx.ReadTimeout):
            api.get("/3.0/ping", timeout=0.3)
        assert api.get("/3.0/ping").status_code == 200

    def test_requests_are_recorded_with_their_status(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        api.get(f"{STORE_PATH}/products/nope")
        api.put(f"{STORE_PATH}/products/P1", json=mailchimp_sim.product("P1"))
        recorded = sim.get("/_sim/requests").json()["requests"]
        assert [(r["method"], r["path"], r["status"]) for r in recorded] == [
            ("GET", f"{STORE_PATH}/products/nope", 404),
            ("PUT", f"{STORE_PATH}/products/P1", 200),
        ]


class TestBatches:
    def test_batch_runs_its_operations_and_reports_them(self, api: httpx.Client) -> None:
        operations = [
            {"method": "PUT", "path": f"/ecommerce/stores/{STORE}/products/B1",
             "body": '{"title": "B", "variants": [{"id": "B1", "title": "B"}]}',
             "operation_id": "one"},
            {"method": "GET", "path": f"/ecommerce/stores/{STORE}/products/nope"},
        ]  # fmt: skip
        batch = api.post("/3.0/batches", json={"operations": operations}).json()
        for _ in range(100):
            batch = api.get(f"/3.0/batches/{batch['id']}").json()
            if batch["status"] == "finished":
                break
            time.sleep(0.02)
        assert (batch["finished_operations"], batch["errored_operations"]) == (2, 1)
        assert api.get(f"{STORE_PATH}/products/B1").status_code == 200
        assert httpx.get(batch["response_body_url"]).content[:2] == b"\x1f\x8b"


def test_store_list_holds_the_connection_store(api: httpx.Client) -> None:
    stores = api.get("/3.0/ecommerce/stores").json()["stores"]
    assert [(s["id"], s["list_id"]) for s in stores] == [(STORE, LIST_ID)]
