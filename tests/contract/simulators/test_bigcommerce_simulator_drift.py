"""Drift: real BigCommerce simulator answers checked against the vendor's OpenAPI files."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.contract.simulators import bigcommerce_sim, openapi
from tests.contract.simulators.bigcommerce_sim import V2, V3, order, product, sized_product

pytestmark = pytest.mark.contract

CATALOG = "bigcommerce/catalog/products_catalog.v3.yml"
VARIANTS = "bigcommerce/catalog/product-variants_catalog.v3.yml"
CATEGORIES = "bigcommerce/catalog/categories_catalog.v3.yml"
TREES = "bigcommerce/catalog/category-trees_catalog.v3.yml"
CUSTOMERS = "bigcommerce/customers.v3.yml"
INVENTORY = "bigcommerce/inventory.v3.yml"
LOCATIONS = "bigcommerce/locations.v3.yml"
HOOKS = "bigcommerce/webhooks.v3.yml"
ORDERS = "bigcommerce/orders.v2.oas2.yml"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    yield from bigcommerce_sim.simulator_url()


@pytest.fixture(scope="module")
def world(base_url: str) -> Iterator[tuple[httpx.Client, dict[str, Any]]]:
    """One seeded store for all drift checks: ids of what was made."""
    headers = {"X-Auth-Token": bigcommerce_sim.TOKEN}
    with (
        httpx.Client(base_url=base_url, timeout=10) as sim,
        httpx.Client(base_url=base_url, headers=headers, timeout=10) as api,
    ):
        sim.post("/_sim/reset").raise_for_status()
        made = sim.post("/_sim/products", json=[sized_product("DRIFT"), product("PLAIN")])
        shirt, plain = made.json()["products"]
        parent = api.post(f"{V3}/catalog/categories", json={"name": "Koffie", "parent_id": 0})
        customer = {"email": "drift@example.nl", "first_name": "D", "last_name": "R",
                    "addresses": [{"first_name": "D", "last_name": "R", "address1": "Dam 1",
                                   "city": "Amsterdam", "country_code": "NL"}]}  # fmt: skip
        created = api.post(f"{V3}/customers", json=[customer]).json()["data"][0]
        placed = api.post(f"{V2}/orders", json=order(shipping_addresses=[
            {"first_name": "J", "last_name": "J", "street_1": "Dam 1", "city": "Amsterdam",
             "zip": "1012 JS", "country_iso2": "NL", "shipping_method": "PostNL"}
        ])).json()  # fmt: skip
        hook = api.post(f"{V3}/hooks", json={"scope": "store/order/*",
                                             "destination": "https://example.com/h"})  # fmt: skip
        ids = {
            "product": shirt["id"], "variant": shirt["variants"][0]["id"], "plain": plain["id"],
            "category": parent.json()["data"]["id"], "customer": created["id"],
            "order": placed["id"], "hook": hook.json()["data"]["id"],
        }  # fmt: skip
        yield api, ids


# (spec file, method, spec path, status, path template, params or JSON body)
CASES: list[tuple[str, str, str, int, str, Any]] = [
    (CATALOG, "get", "/catalog/products", 200, "/catalog/products", {"include": "variants"}),
    (CATALOG, "get", "/catalog/products/{product_id}", 200, "/catalog/products/{product}",
     {"include": "variants,options"}),
    (CATALOG, "post", "/catalog/products", 200, "/catalog/products", product("NEW-1")),
    (CATALOG, "post", "/catalog/products", 409, "/catalog/products", product("DRIFT-S")),
    (CATALOG, "post", "/catalog/products", 422, "/catalog/products", {"name": "x"}),
    (CATALOG, "put", "/catalog/products/{product_id}", 200, "/catalog/products/{plain}",
     {"price": 3.5}),
    (CATALOG, "get", "/catalog/products/{product_id}", 404, "/catalog/products/999999", {}),
    (CATALOG, "put", "/catalog/products/{product_id}", 200, "/catalog/products/{plain}",
     {"custom_fields": [{"name": "Origin", "value": "NL"}]}),
    (CATALOG, "get", "/catalog/products/{product_id}", 200, "/catalog/products/{plain}",
     {"include": "variants,custom_fields"}),
    (CATALOG, "put", "/catalog/products/{product_id}", 422, "/catalog/products/{plain}",
     {"custom_fields": [{"name": "Origin", "value": "N" * 251}]}),
    (VARIANTS, "get", "/catalog/products/{product_id}/variants", 200,
     "/catalog/products/{product}/variants", {}),
    (VARIANTS, "post", "/catalog/products/{product_id}/variants", 200,
     "/catalog/products/{product}/variants",
     {"sku": "DRIFT-XL", "option_values": [{"option_display_name": "Size", "label": "XL"}]}),
    (VARIANTS, "put", "/catalog/products/{product_id}/variants/{variant_id}", 200,
     "/catalog/products/{product}/variants/{variant}", {"price": 14.0}),
    (VARIANTS, "get", "/catalog/variants", 200, "/catalog/variants", {"sku": "DRIFT-S"}),
    (CATEGORIES, "get", "/catalog/categories", 200, "/catalog/categories", {"parent_id": 0}),
    (CATEGORIES, "post", "/catalog/categories", 200, "/catalog/categories",
     {"name": "Bonen", "parent_id": "{category}"}),
    (CATEGORIES, "put", "/catalog/categories/{category_id}", 200, "/catalog/categories/{category}",
     {"description": "<p>Vers</p>"}),
    (TREES, "get", "/catalog/trees/categories", 200, "/catalog/trees/categories", {}),
    (TREES, "post", "/catalog/trees/categories", 201, "/catalog/trees/categories",
     [{"name": "Thee", "parent_id": 0, "tree_id": 1}]),
    (TREES, "get", "/catalog/trees", 200, "/catalog/trees", {}),
    (CUSTOMERS, "get", "/customers", 200, "/customers", {"include": "addresses"}),
    (CUSTOMERS, "post", "/customers", 200, "/customers",
     [{"email": "new@example.nl", "first_name": "N", "last_name": "W"}]),
    (CUSTOMERS, "post", "/customers", 422, "/customers",
     [{"email": "drift@example.nl", "first_name": "D", "last_name": "R"}]),
    (CUSTOMERS, "put", "/customers", 200, "/customers", [{"id": "{customer}", "company": "BV"}]),
    (CUSTOMERS, "get", "/customers/addresses", 200, "/customers/addresses", {}),
    (INVENTORY, "get", "/inventory/items", 200, "/inventory/items", {"sku:in": "DRIFT-S"}),
    (INVENTORY, "put", "/inventory/adjustments/absolute", 200, "/inventory/adjustments/absolute",
     {"reason": "drift", "items": [{"location_id": 1, "sku": "DRIFT-M", "quantity": 3}]}),
    (INVENTORY, "put", "/inventory/adjustments/absolute", 422, "/inventory/adjustments/absolute",
     {"items": [{"location_id": 1, "sku": "NOPE", "quantity": 3}]}),
    (INVENTORY, "post", "/inventory/adjustments/relative", 200, "/inventory/adjustments/relative",
     {"items": [{"location_id": 1, "variant_id": "{variant}", "quantity": -1}]}),
    (LOCATIONS, "get", "/inventory/locations", 200, "/inventory/locations", {}),
    (HOOKS, "get", "/hooks", 200, "/hooks", {}),
    (HOOKS, "post", "/hooks", 200, "/hooks",
     {"scope": "store/product/updated", "destination": "https://example.com/p"}),
    (HOOKS, "put", "/hooks/{webhook_id}", 200, "/hooks/{hook}", {"is_active": True}),
    (HOOKS, "get", "/hooks/{webhook_id}", 200, "/hooks/{hook}", {}),
    (HOOKS, "get", "/hooks", 401, "/hooks", {}),
    (ORDERS, "get", "/orders", 200, "/orders", {}),
    (ORDERS, "get", "/orders/{order_id}", 200, "/orders/{order}", {}),
    (ORDERS, "post", "/orders", 200, "/orders", order(external_order_id="SY-9")),
    (ORDERS, "put", "/orders/{order_id}", 200, "/orders/{order}", {"status_id": 11}),
    (ORDERS, "get", "/orders/{order_id}/products", 200, "/orders/{order}/products", {}),
    (ORDERS, "get", "/orders/{order_id}/shipping_addresses", 200,
     "/orders/{order}/shipping_addresses", {}),
    (ORDERS, "get", "/order_statuses", 200, "/order_statuses", {}),
    (ORDERS, "get", "/orders/count", 200, "/orders/count", {}),
]  # fmt: skip


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    """Put the seeded ids into a body: `"{product}"` becomes the product's id."""
    if isinstance(value, str) and value.startswith("{") and value.strip("{}") in ids:
        return ids[value.strip("{}")]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


@pytest.mark.parametrize(
    ("spec", "method", "spec_path", "status", "path", "given"),
    CASES,
    ids=[f"{c[1]} {c[2]} {c[3]}" for c in CASES],
)
def test_answer_matches_the_vendor_spec(
    world: tuple[httpx.Client, dict[str, Any]],
    spec: str,
    method: str,
    spec_path: str,
    status: int,
    path: str,
    given: Any,
) -> None:
    api, ids = world
    root = V2 if spec == ORDERS else V3
    url = root + path.format(**ids)
    headers = {"X-Auth-Token": "wrong"} if status == 401 else {}
    if method == "get":
        response = api.get(url, params=_fill(given, ids), headers=headers)
    else:
        response = api.request(method.upper(), url, json=_fill(given, ids), headers=headers)
    assert response.status_code == status, response.text
    openapi.load(spec).assert_valid(method, spec_path, status, response.json())
