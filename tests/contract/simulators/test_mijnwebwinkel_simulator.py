"""MijnWebwinkel simulator contract (fixture `sim`: control API after a reset; `api`: tokens)."""

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.contract.simulators import mijnwebwinkel_sim
from tests.contract.simulators.mijnwebwinkel_sim import (
    API,
    AUTH,
    PARTNER_TOKEN,
    TOKEN,
    article_body,
    make_articles,
    option_list,
    order_body,
)

pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    yield from mijnwebwinkel_sim.simulator_url()


@pytest.fixture
def sim(base_url: str) -> Iterator[httpx.Client]:
    yield from mijnwebwinkel_sim.control_client(base_url)


@pytest.fixture
def api(base_url: str, sim: httpx.Client) -> Iterator[httpx.Client]:
    yield from mijnwebwinkel_sim.api_client(base_url)


class TestAuthentication:
    def test_missing_partner_token_is_401_with_error_body(self, sim: httpx.Client) -> None:
        response = sim.get(f"{API}/articles", params={"token": TOKEN})
        assert response.status_code == 401
        assert response.json() == {
            "code": 401,
            "message": "Unauthorized",
            "description": "A valid partner_token is required.",
        }

    def test_missing_store_token_is_401(self, sim: httpx.Client) -> None:
        response = sim.get(f"{API}/articles", params={"partner_token": PARTNER_TOKEN})
        assert response.status_code == 401
        assert response.json()["description"] == "A valid store token is required."

    def test_wrong_store_token_is_403(self, sim: httpx.Client) -> None:
        params = {"token": "wrong", "partner_token": PARTNER_TOKEN}
        response = sim.get(f"{API}/orders", params=params)
        assert response.status_code == 403
        assert response.json() == {
            "code": 403,
            "message": "Forbidden",
            "description": "The token is invalid or has been deactivated.",
        }

    def test_order_statuses_need_the_partner_token_only(self, sim: httpx.Client) -> None:
        params = {"partner_token": PARTNER_TOKEN, "language": "en_GB"}
        response = sim.get(f"{API}/orderstatuses", params=params)
        assert response.status_code == 200
        assert {"status": 1, "description": "Order Pending", "credit_order": False} in (
            response.json()
        )

    def test_unknown_version_language_and_format_are_refused(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        assert sim.get("/v3/articles", params=AUTH).status_code == 404
        assert sim.get("/v2-beta/articles", params=AUTH).status_code == 200
        assert api.get("/articles", params={"language": "xx_XX"}).status_code == 400
        assert api.get("/articles", params={"format": "xml"}).status_code == 406
        assert api.get("/articles", params={"format": "json"}).status_code == 200

    def test_requests_are_recorded_without_tokens(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        api.get("/articles", params={"limit": 5})
        (recorded,) = sim.get("/_sim/requests").json()["requests"]
        assert (recorded["method"], recorded["path"], recorded["status"]) == (
            "GET",
            "/v1/articles",
            200,
        )
        assert recorded["query"] == "limit=5"


class TestArticles:
    def test_limit_and_offset_page_to_the_end_as_bare_arrays(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        ids = make_articles(sim, 25)
        seen, pages, offset = [], 0, 0
        while page := api.get("/articles", params={"limit": 10, "offset": offset}).json():
            assert isinstance(page, list)
            seen += [article["id"] for article in page]
            pages, offset = pages + 1, offset + len(page)
        assert (seen, pages) == (ids, 3)
        assert api.get("/articles").json()[-1]["id"] == ids[9]  # default limit 10
        assert api.get("/articles/count").json() == {"count": 25}
        assert api.get("/articles", params={"limit": 101}).status_code == 400

    def test_changed_start_date_is_inclusive_to_the_second(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/clock", json={"frozen": True, "set": "2025-03-04 09:15:00"})
        first = sim.post("/_sim/articles", json=article_body("A")).json()
        sim.post("/_sim/clock", json={"seconds": 1})
        second = sim.post("/_sim/articles", json=article_body("B")).json()
        assert (first["updated_date"], first["updated_time"]) == ("2025-03-04", "09:15:00")
        assert second["updated_time"] == "09:15:01"

        def changed(**params: str) -> list[int]:
            return [a["id"] for a in api.get("/articles", params=params).json()]

        assert changed(changed_start_date="2025-03-04 09:15:01") == [second["id"]]
        assert changed(changed_start_date="2025-03-04 09:15:00") == [first["id"], second["id"]]
        assert changed(changed_end_date="2025-03-04 09:15:00") == [first["id"]]
        assert changed(changed_start_date="2025-03-04") == [first["id"], second["id"]]
        assert api.get("/articles", params={"changed_start_date": "gisteren"}).status_code == 400
        sim.post("/_sim/clock", json={"seconds": 60})
        sim.post(f"/_sim/articles/{first['id']}/touch")
        assert changed(changed_start_date="2025-03-04 09:16:00") == [first["id"]]

    def test_ids_filter_and_prices_as_strings(self, sim: httpx.Client, api: httpx.Client) -> None:
        ids = make_articles(sim, 3)
        listed = api.get("/articles", params={"ids[]": [ids[0], ids[2]]}).json()
        assert [a["id"] for a in listed] == [ids[0], ids[2]]
        created = api.post("/articles", json={"name": "Kussen", "price": {"default": 12.5}})
        assert created.status_code == 200
        assert created.json()["price"]["default"] == "12.50"

    def test_lists_build_variants_whose_stock_is_patched(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        size = option_list(sim, "Maat")
        small, medium = size["options"][:2]
        body = article_body("SHIRT", lists=[{"id": size["id"], "options": [small, medium]}])
        article = api.post("/articles", json=body).json()
        assert [[o["name"] for o in v["options"]] for v in article["variants"]] == [["S"], ["M"]]
        variant_id = article["variants"][1]["id"]
        patched = api.patch(
            f"/articles/{article['id']}",
            json={"stock": 3, "variants": [{"id": variant_id, "stock": 27}]},
        ).json()
        assert patched["stock"] == 3
        assert [v["stock"] for v in patched["variants"]] == [0, 27]

    def test_validation_is_422_problem_and_unknown_is_404_error(self, api: httpx.Client) -> None:
        refused = api.post("/articles", json={"sku": "X"})
        assert refused.status_code == 422
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["detail"] == "name: This value should not be blank."
        assert refused.json()["status"] == 422
        missing = api.get("/articles/999")
        assert missing.status_code == 404
        assert missing.json() == {
            "code": 404,
            "message": "Not Found",
            "description": "Article 999 could not be found.",
        }

    def test_invisible_article_fields_are_added(self, sim: httpx.Client, api: httpx.Client) -> None:
        (article_id,) = make_articles(sim, 1)
        answer = api.post(
            f"/articlefields/{article_id}", params={"visible": "false"}, json={"barcode": "871"}
        )
        assert answer.json()["extra"]["invisible"] == {"barcode": "871"}


COST_21 = {"amount_including_tax": "5.95", "rate": "21.00"}
COST_9 = {"amount_including_tax": "0.21", "rate": "9.00"}
COST_79 = {"amount_including_tax": "0.79", "rate": "21.00"}


class TestOrders:
    def test_order_takes_stock_and_lists_in_either_order(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        (article_id,) = make_articles(sim, 1)
        goods_only = {"disable_shipping": "true"}
        first = api.post("/orders", json=order_body(article_id), params=goods_only).json()
        second = api.post("/orders", json=order_body(article_id), params=goods_only).json()
        assert (first["number"], second["number"]) == (1001, 1002)
        assert first["price"]["total"] == "25.00"
        assert first["orderlines"][0]["unit_price"]["amount_including_tax"] == "12.50"
        assert api.get(f"/articles/{article_id}").json()["stock"] == 1
        refused = api.post("/orders", json=order_body(article_id))
        assert refused.status_code == 422
        assert api.get(f"/articles/{article_id}").json()["stock"] == 1
        descending = api.get("/orders", params={"ordering": "desc"}).json()
        assert [o["number"] for o in descending] == [1002, 1001]
        assert api.get("/orders/count").json() == {"count": 2}

    def test_status_change_moves_status_changed_to_the_second(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        (article_id,) = make_articles(sim, 1)
        sim.post("/_sim/clock", json={"frozen": True, "set": "2025-03-04 10:00:00"})
        first = api.post("/orders", json=order_body(article_id)).json()
        sim.post("/_sim/clock", json={"seconds": 1})
        api.post("/orders", json=order_body(article_id))
        sim.post("/_sim/clock", json={"seconds": 1})
        patched = api.patch(f"/orders/{first['number']}", json={"status": 4}).json()
        assert (patched["status_changed_date"], patched["status_changed_time"]) == (
            "2025-03-04",
            "10:00:02",
        )
        params = {"status_changed_start_date": "2025-03-04 10:00:01"}
        assert [o["number"] for o in api.get("/orders", params=params).json()] == [1001, 1002]
        params = {"status_changed_start_date": "2025-03-04 10:00:02"}
        assert [o["number"] for o in api.get("/orders", params=params).json()] == [1001]
        assert [o["number"] for o in api.get("/orders", params={"status_id": 4}).json()] == [1001]

    def test_debtor_email_is_exact_and_reference_is_b2b_only(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        (article_id,) = make_articles(sim, 1)
        api.post("/orders", json=order_body(article_id, email="Anna@Example.nl"))
        api.post("/orders", json=order_body(article_id, email="hanna@example.nl"))
        found = api.get("/orders", params={"debtor_email": "anna@example.nl"}).json()
        assert [o["debtor"]["email"] for o in found] == ["Anna@Example.nl"]
        b2c = api.post("/orders", json=order_body(article_id, reference="REF-1"))
        assert b2c.status_code == 422
        assert b2c.json()["detail"] == "reference: Only available for B2B orders."

    def test_a_checkout_adds_cost_lines_as_the_vendor_example_shows_them(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        """Shipping (one price) and a payment cost over two VAT rates (a list of prices) are
        lines of the order and parts of its total; the API itself takes no cost lines."""
        (article_id,) = make_articles(sim, 1)
        shipping = {"type": "shipping", "quantity": 1, "description": "PostNL", "price": COST_21}
        payment = {"type": "payment", "quantity": 1, "price": [COST_9, COST_79]}
        body = order_body(article_id)
        body["orderlines"] += [shipping, payment]
        placed = sim.post("/_sim/orders", json=body).json()
        assert placed["price"]["total"] == "31.95"  # 25.00 + 5.95 + 0.21 + 0.79
        costs = placed["orderlines"][1:]
        assert costs[0]["price"] == {
            "rate": "21.00", "amount": "4.917355", "amount_including_tax": "5.95"
        }  # fmt: skip
        assert [p["amount_including_tax"] for p in costs[1]["price"]] == ["0.21", "0.79"]
        assert "unit_price" not in costs[1]
        tax = {t["rate"]: t["amount"] for t in placed["price"]["tax"]}
        assert tax == {"21.00": "5.508595", "9.00": "0.017339"}
        assert api.get(f"/orders/{placed['number']}").json() == placed
        refused = api.post("/orders", json=body)
        assert refused.status_code == 422
        assert "orderlines[1].type" in refused.json()["detail"]

    def test_the_store_adds_its_shipping_cost_unless_disable_shipping(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        """`POST /v1/orders` calculates the store's shipping cost (4.95 at 21 % by default, one
        `shipping` line in the total) unless `disable_shipping=true`; the flag is a boolean."""
        articles = make_articles(sim, 3)
        charged = api.post("/orders", json=order_body(articles[0])).json()
        assert charged["price"]["total"] == "29.95"  # 2 x 12.50 + 4.95
        assert charged["orderlines"][-1] == {
            "id": charged["orderlines"][-1]["id"],
            "type": "shipping",
            "quantity": 1,
            "description": "Verzendkosten",
            "price": {"rate": "21.00", "amount": "4.090909", "amount_including_tax": "4.95"},
        }
        assert charged["price"]["tax"] == {"rate": "21.00", "amount": "5.197934"}
        params = {"disable_shipping": "true", "send_customer_notification": "false"}
        plain = api.post("/orders", json=order_body(articles[1]), params=params).json()
        assert plain["price"]["total"] == "25.00"
        assert [line["type"] for line in plain["orderlines"]] == ["article"]
        changed = sim.post("/_sim/shipping", json={"amount_including_tax": "6.95"}).json()
        assert changed == {"amount_including_tax": "6.95", "rate": "21.00",
                           "description": "Verzendkosten"}  # fmt: skip
        params = {"disable_shipping": "false"}
        dearer = api.post("/orders", json=order_body(articles[2]), params=params).json()
        assert dearer["price"]["total"] == "31.95"
        for flag in ("disable_shipping", "send_merchant_notification"):
            refused = api.post("/orders", json=order_body(articles[2]), params={flag: "yes"})
            assert refused.status_code == 400
            assert refused.json()["description"] == f"{flag}: This value should be of type bool."
        assert api.get("/orders/count").json() == {"count": 3}

    def test_unknown_order_is_404(self, api: httpx.Client) -> None:
        assert api.get("/orders/4242").status_code == 404


class TestCustomersAndCategories:
    def test_q_searches_part_of_the_email_and_duplicates_are_422(self, api: httpx.Client) -> None:
        created = api.post("/customers", json={"email": "piet@example.nl", "firstName": "Piet"})
        assert created.status_code == 200
        api.post("/customers", json={"email": "opiet@example.nl"})
        found = api.get("/customers", params={"q": "PIET@example.nl"}).json()["customers"]
        assert sorted(c["email"] for c in found) == ["opiet@example.nl", "piet@example.nl"]
        again = api.post("/customers", json={"email": "Piet@example.nl"})
        assert again.status_code == 422

    def test_categories_nest_as_a_tree(self, api: httpx.Client) -> None:
        parent = api.post("/categories", json={"title": "Kleding"}).json()
        child = api.post(
            "/categories", json={"title": "Shirts", "parent_category_id": parent["id"]}
        ).json()
        tree = api.get("/categories", params={"as_tree": "true"}).json()
        assert [(c["title"], [leaf["id"] for leaf in c["leafs"]]) for c in tree] == [
            ("Kleding", [child["id"]])
        ]
        flat = api.get("/categories", params={"as_tree": "false", "limit": 1, "offset": 1}).json()
        assert [c["parent_category_id"] for c in flat] == [parent["id"]]


class TestRateLimitAndFaults:
    def test_bucket_empties_into_429_with_retry_after_then_refills(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/ratelimit", json={"per_second": 1, "burst": 2})
        *allowed, refused = [api.get("/articles") for _ in range(3)]
        assert [r.headers["X-RateLimit-Remaining"] for r in allowed] == ["1", "0"]
        assert refused.status_code == 429
        assert refused.headers["X-RateLimit-Limit"] == "2"
        assert refused.json()["code"] == 429
        time.sleep(float(refused.headers["Retry-After"]))
        assert api.get("/articles").status_code == 200

    def test_fail_next_answers_the_status_count_times(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        sim.post("/_sim/faults", json={"fail_next": {"status": 503, "count": 2}})
        statuses = [api.get("/store").status_code for _ in range(3)]
        assert statuses == [503, 503, 200]
        sim.post("/_sim/faults", json={"fail_next": {"status": 429, "count": 1}})
        throttled = api.get("/store")
        assert (throttled.status_code, throttled.headers["Retry-After"]) == (429, "1")

    def test_auth_is_checked_before_faults(self, sim: httpx.Client) -> None:
        sim.post("/_sim/faults", json={"fail_next": {"status": 500, "count": 1}})
        assert sim.get(f"{API}/store", params={"partner_token": "x"}).status_code == 401
        assert sim.get(f"{API}/store", params=AUTH).status_code == 500
