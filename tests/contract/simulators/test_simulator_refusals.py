"""Each simulator refuses what its vendor refuses (field limits from the specs, negative
prices, text that is no text) with that vendor's error shape, never a 500."""

from collections.abc import Iterator

import httpx
import pytest

from tests.contract.simulators import (
    bigcommerce_sim,
    ecwid_sim,
    mailchimp_sim,
    mijnwebwinkel_sim,
    shopify_sim,
)

pytestmark = pytest.mark.contract
LONE_SURROGATE = b'"Zee\\ud800zout"'
JSON = {"Content-Type": "application/json"}


class TestShopify:
    @pytest.fixture(scope="class")
    def base_url(self) -> Iterator[str]:
        yield from shopify_sim.simulator_url()

    @pytest.fixture
    def api(self, base_url: str) -> Iterator[httpx.Client]:
        for _ in shopify_sim.control_client(base_url):
            yield from shopify_sim.api_client(base_url)

    def test_a_lone_surrogate_is_invalid_json_400(self, api: httpx.Client) -> None:
        body = b'{"order": {"email": "a@example.nl", "note": ' + LONE_SURROGATE + b"}}"
        response = api.post(f"{shopify_sim.API}/orders.json", content=body, headers=JSON)
        assert response.status_code == 400
        assert "errors" in response.json()
        graphql = b'{"query": "{ shop { name } }", "variables": {"x": ' + LONE_SURROGATE + b"}}"
        answer = api.post(f"{shopify_sim.API}/graphql.json", content=graphql, headers=JSON)
        assert answer.status_code == 400

    def test_a_negative_line_price_is_422(self, api: httpx.Client) -> None:
        order = shopify_sim.compact_order()
        order["line_items"][0]["price"] = "-24.95"
        response = api.post(f"{shopify_sim.API}/orders.json", json={"order": order})
        assert response.status_code == 422
        assert response.json() == {
            "errors": {"line_items.price": ["must be greater than or equal to 0"]}
        }

    def test_nul_in_a_name_is_kept_as_shopify_keeps_it(self, api: httpx.Client) -> None:
        order = shopify_sim.compact_order(note="Zee\x00zout")
        response = api.post(f"{shopify_sim.API}/orders.json", json={"order": order})
        assert response.status_code == 201, response.text


class TestBigCommerce:
    @pytest.fixture(scope="class")
    def base_url(self) -> Iterator[str]:
        yield from bigcommerce_sim.simulator_url()

    @pytest.fixture
    def api(self, base_url: str) -> Iterator[httpx.Client]:
        for _ in bigcommerce_sim.control_client(base_url):
            yield from bigcommerce_sim.api_client(base_url)

    def test_customer_names_over_100_characters_are_422(self, api: httpx.Client) -> None:
        person: dict[str, object] = {
            "email": "lang@example.nl", "first_name": "J" * 101, "last_name": "de Vries"
        }  # fmt: skip
        person["addresses"] = [
            {"first_name": "J", "last_name": "V", "address1": "Molenstraat 1", "city": "O" * 101,
             "country_code": "NL"}
        ]  # fmt: skip
        response = api.post(f"{bigcommerce_sim.V3}/customers", json=[person])
        assert response.status_code == 422
        assert response.json()["errors"] == {
            "0.first_name": "error.maxLength",
            "0.addresses.0.city": "error.maxLength",
        }
        fits = {**person, "first_name": "J" * 100, "addresses": []}
        assert api.post(f"{bigcommerce_sim.V3}/customers", json=[fits]).status_code == 200

    def test_category_names_over_50_characters_are_422(self, api: httpx.Client) -> None:
        category = {"name": "C" * 51, "parent_id": 0}
        response = api.post(f"{bigcommerce_sim.V3}/catalog/categories", json=category)
        assert response.status_code == 422
        assert response.json()["errors"] == {"name": "error.maxLength"}

    def test_a_negative_price_and_a_lone_surrogate_are_refused(self, api: httpx.Client) -> None:
        product = bigcommerce_sim.product("NEG-1", price=-1)
        assert api.post(f"{bigcommerce_sim.V3}/catalog/products", json=product).status_code == 422
        body = (
            b'[{"email": "s@example.nl", "first_name": ' + LONE_SURROGATE + b', "last_name": "V"}]'
        )
        response = api.post(f"{bigcommerce_sim.V3}/customers", content=body, headers=JSON)
        assert response.status_code == 400
        assert response.json()["title"] == "The request body is not valid JSON."


class TestEcwid:
    @pytest.fixture
    def api(self) -> Iterator[httpx.Client]:
        for _ in ecwid_sim.control_client():
            yield from ecwid_sim.api_client()

    def test_a_negative_price_is_a_wrong_parameter(self, api: httpx.Client) -> None:
        response = api.post("/products", json={"name": "Zout", "sku": "NEG", "price": -1})
        assert response.status_code == 400
        assert response.json()["errorCode"] == "WRONG_PARAMETER"

    def test_a_lone_surrogate_is_invalid_json(self, api: httpx.Client) -> None:
        body = b'{"name": ' + LONE_SURROGATE + b', "sku": "S1", "price": 1}'
        response = api.post("/products", content=body, headers=JSON)
        assert response.status_code == 400
        assert response.json()["errorMessage"] == "Request body is not valid JSON"


class TestMailchimp:
    @pytest.fixture(scope="class")
    def base_url(self) -> Iterator[str]:
        yield from mailchimp_sim.simulator_url()

    @pytest.fixture
    def api(self, base_url: str) -> Iterator[httpx.Client]:
        for _ in mailchimp_sim.control_client(base_url):
            yield from mailchimp_sim.api_client(base_url)

    def test_a_customer_id_over_50_characters_is_invalid(self, api: httpx.Client) -> None:
        customer = {"id": "c" * 51, "email_address": "a@example.nl", "opt_in_status": False}
        response = api.post(f"{mailchimp_sim.STORE_PATH}/customers", json=customer)
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "id"

    def test_a_lone_surrogate_is_a_json_parse_error(self, api: httpx.Client) -> None:
        body = b'{"id": "c1", "email_address": "a@example.nl", "company": ' + LONE_SURROGATE + b"}"
        response = api.post(f"{mailchimp_sim.STORE_PATH}/customers", content=body, headers=JSON)
        assert response.status_code == 400
        assert response.json()["title"] == "JSON Parse Error"


class TestMijnWebwinkel:
    @pytest.fixture(scope="class")
    def base_url(self) -> Iterator[str]:
        yield from mijnwebwinkel_sim.simulator_url()

    @pytest.fixture
    def sim(self, base_url: str) -> Iterator[httpx.Client]:
        yield from mijnwebwinkel_sim.control_client(base_url)

    @pytest.fixture
    def api(self, base_url: str, sim: httpx.Client) -> Iterator[httpx.Client]:
        yield from mijnwebwinkel_sim.api_client(base_url)

    def test_a_reference_over_255_characters_is_refused(
        self, sim: httpx.Client, api: httpx.Client
    ) -> None:
        (article_id,) = mijnwebwinkel_sim.make_articles(sim, 1)
        body = mijnwebwinkel_sim.order_body(article_id, business_model="B2B", reference="R" * 256)
        body["debtor"]["address"]["invoice"]["company"] = "Zout BV"
        response = api.post("/orders", json=body)
        assert response.status_code == 422
        assert "reference: This value is too long" in response.text

    def test_a_lone_surrogate_is_invalid_json(self, api: httpx.Client) -> None:
        response = api.post("/orders", content=b'{"debtor": ' + LONE_SURROGATE + b"}", headers=JSON)
        assert response.status_code == 400
