"""Drift: real MijnWebwinkel simulator answers of every endpoint checked against the vendor spec."""

import copy
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.contract.simulators import mijnwebwinkel_sim
from tests.contract.simulators.mijnwebwinkel_sim import (
    PARTNER_TOKEN,
    article_body,
    option_list,
    order_body,
)
from tests.contract.simulators.openapi import OpenApiSpec, load

pytestmark = pytest.mark.contract

ARTICLES, ARTICLE = "/v{version}/articles", "/v{version}/articles/{article_id}"
ORDERS, ORDER = "/v{version}/orders", "/v{version}/orders/{order_number}"
CATEGORIES, CATEGORY = "/v{version}/categories", "/v{version}/categories/{category_id}"
CUSTOMERS, CUSTOMER = "/v{version}/customers", "/v{version}/customers/{customerId}"
ADDRESSES = "/v{version}/customers/{customerId}/addresses"
ADDRESS = "/v{version}/customers/{customerId}/addresses/{addressId}"


COSTS = [
    {"type": "shipping", "price": {"amount_including_tax": "5.95", "rate": "21.00"}},
    {
        "type": "payment",
        "price": [
            {"amount_including_tax": "0.21", "rate": "9.00"},
            {"amount_including_tax": "0.79", "rate": "21.00"},
        ],
    },
]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    yield from mijnwebwinkel_sim.simulator_url()


@pytest.fixture
def api(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as sim:
        sim.post("/_sim/reset").raise_for_status()
        sim.post("/_sim/ratelimit", json={"per_second": None}).raise_for_status()
    yield from mijnwebwinkel_sim.api_client(base_url)


@pytest.fixture
def sim(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        yield client


def corrected(spec: OpenApiSpec) -> OpenApiSpec:
    """The spec with TaxPrice an object: without `type`, a list of TaxPrice parts (a cost
    over several VAT rates, `price.tax` over several rates, as in the vendor's own example
    order) is valid under both branches of `oneOf: [array of TaxPrice, TaxPrice]`, so fails."""
    document = copy.deepcopy(spec.document)
    document["components"]["schemas"]["TaxPrice"]["type"] = "object"
    return OpenApiSpec(document)


@pytest.fixture(scope="module")
def spec() -> OpenApiSpec:
    return corrected(load("mijnwebwinkel/openapi.yaml"))


def answer(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def catalogue(api: httpx.Client, sim: httpx.Client) -> dict[str, Any]:
    """A category tree, an article with variants and one without, a customer and an order."""
    parent = answer(api.post("/categories", json={"title": "Kleding", "content": "<p>x</p>"}))
    child = answer(
        api.post("/categories", json={"title": "Shirts", "parent_category_id": parent["id"]})
    )
    size = option_list(sim, "Maat")
    lists = [{"id": size["id"], "options": size["options"][:2]}]
    links = [{"category_id": child["id"], "is_main": True, "is_active": True}]
    extra = {"invisible": {"barcode": "8712345678906"}}
    shirt = answer(
        api.post(
            "/articles", json=article_body("SHIRT", lists=lists, categories=links, extra=extra)
        )
    )
    mug = answer(
        api.post("/articles", json=article_body("MUG", images=[{"url": "https://x/mug.jpg"}]))
    )
    customer = answer(
        api.post("/customers", json={"email": "anna@example.nl", "firstName": "Anna"})
    )
    company = order_body(mug["id"], business_model="B2B", reference="PO-7")
    company["debtor"]["address"]["invoice"]["company"] = "Bakkerij B.V."
    company["debtor"]["address"]["delivery"] = {"name": "Piet", "zipcode": "3812PB"}
    company["payment"] = {"gateway_name": "basic", "method_name": "cash", "status": {"id": 1}}
    company["orderlines"].append(
        {
            "type": "custom",
            "quantity": 1,
            "description": "Verzending",
            "unit_price": {"amount_including_tax": "4.95", "rate": "21.00"},
            "unit_weight": "0",
        }
    )
    order = answer(api.post("/orders", json=company))
    # A shopper's checkout with costs: shipping at one rate, a payment cost over two rates.
    costly = order_body(shirt["id"], orderlines=[*company["orderlines"][1:], *COSTS])
    costs = answer(sim.post("/_sim/orders", json=costly))
    return {
        "parent": parent,
        "shirt": shirt,
        "mug": mug,
        "customer": customer,
        "order": order,
        "costs": costs,
    }


def test_every_answer_matches_the_vendor_spec(
    api: httpx.Client, sim: httpx.Client, spec: OpenApiSpec
) -> None:
    made = catalogue(api, sim)
    shirt, order = made["shirt"], made["order"]
    customer_id = made["customer"]["customer"]["id"]
    variant = {"id": shirt["variants"][0]["id"], "stock": 4}
    checks: list[tuple[str, str, int, Any]] = [
        ("post", ARTICLES, 200, shirt),
        ("get", ARTICLES, 200, answer(api.get("/articles", params={"limit": 100}))),
        ("get", ARTICLE, 200, answer(api.get(f"/articles/{shirt['id']}"))),
        (
            "patch",
            ARTICLE,
            200,
            answer(api.patch(f"/articles/{shirt['id']}", json={"variants": [variant]})),
        ),
        ("get", "/v{version}/articles/count", 200, answer(api.get("/articles/count"))),
        ("delete", ARTICLE, 200, answer(api.delete(f"/articles/{made['mug']['id']}"))),
        (
            "post",
            "/v{version}/articlefields/{article_id}",
            200,
            answer(
                api.post(
                    f"/articlefields/{shirt['id']}", params={"visible": "false"}, json={"a": "b"}
                )
            ),
        ),
        (
            "post",
            "/v{version}/articlelistoptions/{articlelist_id}",
            200,
            answer(
                api.post(
                    f"/articlelistoptions/{option_list(sim, 'Kleur')['id']}",
                    json=[{"name": "Geel"}],
                )
            ),
        ),
        (
            "get",
            "/v{version}/articlelists/{id}",
            200,
            answer(api.get(f"/articlelists/{option_list(sim, 'Maat')['id']}")),
        ),
        ("post", CATEGORIES, 200, made["parent"]),
        ("get", CATEGORIES, 200, answer(api.get("/categories", params={"as_tree": "true"}))),
        ("get", CATEGORIES, 200, answer(api.get("/categories", params={"as_tree": "false"}))),
        ("get", CATEGORY, 200, answer(api.get(f"/categories/{made['parent']['id']}"))),
        (
            "patch",
            CATEGORY,
            200,
            answer(api.patch(f"/categories/{made['parent']['id']}", json={"hidden": True})),
        ),
        ("get", "/v{version}/categories/count", 200, answer(api.get("/categories/count"))),
        ("post", CUSTOMERS, 200, made["customer"]),
        (
            "get",
            CUSTOMERS,
            200,
            answer(api.get("/customers", params={"q": "anna", "embed": "address"})),
        ),
        ("get", CUSTOMER, 200, answer(api.get(f"/customers/{customer_id}"))),
        (
            "patch",
            CUSTOMER,
            200,
            answer(api.patch(f"/customers/{customer_id}", json={"lastName": "Smit"})),
        ),
        (
            "post",
            ADDRESSES,
            200,
            answer(
                api.post(
                    f"/customers/{customer_id}/addresses",
                    json={"street": "Dorpsstraat", "countryCode": "NL", "company": "Bakkerij B.V."},
                )
            ),
        ),
        ("get", ADDRESSES, 200, answer(api.get(f"/customers/{customer_id}/addresses"))),
        ("post", ORDERS, 200, order),
        ("get", ORDERS, 200, answer(api.get("/orders"))),
        ("get", ORDER, 200, answer(api.get(f"/orders/{order['number']}"))),
        ("get", ORDER, 200, answer(api.get(f"/orders/{made['costs']['number']}"))),
        (
            "patch",
            ORDER,
            200,
            answer(
                api.patch(
                    f"/orders/{order['number']}", json={"status": 3, "comments": {"internal": "x"}}
                )
            ),
        ),
        ("get", "/v{version}/orders/count", 200, answer(api.get("/orders/count"))),
        ("get", "/v{version}/store", 200, answer(api.get("/store"))),
        (
            "get",
            "/v{version}/orderstatuses",
            200,
            answer(sim.get("/v1/orderstatuses", params={"partner_token": PARTNER_TOKEN})),
        ),
    ]
    address_id = answer(api.get(f"/customers/{customer_id}/addresses"))["addresses"][0]["id"]
    checks += [
        ("get", ADDRESS, 200, answer(api.get(f"/customers/{customer_id}/addresses/{address_id}"))),
        (
            "patch",
            ADDRESS,
            200,
            answer(
                api.patch(f"/customers/{customer_id}/addresses/{address_id}", json={"city": "Oss"})
            ),
        ),
        ("patch", CUSTOMER, 422, answer(api.post("/customers", json={"email": "nope"}), 422)),
    ]
    for method, path, status, body in checks:
        spec.assert_valid(method, path, status, body)


def test_the_tax_price_correction_is_the_only_one_an_order_with_costs_needs(
    api: httpx.Client, sim: httpx.Client
) -> None:
    costs = catalogue(api, sim)["costs"]
    vendored = load("mijnwebwinkel/openapi.yaml")
    problems = vendored.errors("get", ORDER, 200, costs)
    assert problems
    assert all("is valid under each of" in problem for problem in problems), problems
    assert corrected(vendored).errors("get", ORDER, 200, costs) == []
