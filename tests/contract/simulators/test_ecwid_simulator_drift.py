"""Drift test: real Ecwid simulator answers of every endpoint against JSON Schemas written
from external-apis.md section 4 (Ecwid publishes no machine-readable spec)."""

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tests.contract.simulators import ecwid_sim
from tests.contract.simulators.ecwid_sim import Receiver, running_receiver, sample_order

pytestmark = pytest.mark.contract
SCHEMAS = Path(__file__).parent / "schemas" / "ecwid"


@functools.cache
def registry() -> Registry[Any]:
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


def problems(schema: str, body: Any, *, page_of: str | None = None) -> list[str]:
    """Every way `body` breaks schema `schema` (or a page of `page_of` records)."""
    if page_of is not None:
        wanted: dict[str, Any] = {
            "allOf": [
                {"$ref": "urn:syncyard:ecwid:page"},
                {"properties": {"items": {"items": {"$ref": f"urn:syncyard:ecwid:{page_of}"}}}},
            ]
        }
    else:
        wanted = {"$ref": f"urn:syncyard:ecwid:{schema}"}
    validator = Draft202012Validator(wanted, registry=registry())
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator.iter_errors(body)
    ]


def check(response: httpx.Response, status: int, schema: str, *, page_of: str | None = None) -> Any:
    assert response.status_code == status, response.text
    body = response.json()
    found = problems(schema, body, page_of=page_of)
    assert not found, (
        f"{response.request.method} {response.request.url.path} drifts:\n" + "\n".join(found)
    )
    return body


@pytest.fixture
def sim() -> Iterator[httpx.Client]:
    yield from ecwid_sim.control_client(seed=True)


@pytest.fixture
def api(sim: httpx.Client) -> Iterator[httpx.Client]:
    yield from ecwid_sim.api_client()


def test_schemas_reject_a_drifted_answer() -> None:
    """The check can fail: money as a string and a missing envelope key are caught."""
    assert problems("product", {"id": 1, "sku": "A", "name": "A", "price": "19.95"})
    assert problems("page", {"total": 1, "count": 1, "offset": 0, "items": []}, page_of="order")


def test_catalogue_endpoints(api: httpx.Client) -> None:
    page = check(api.get("/products", params={"limit": 100}), 200, "page", page_of="product")
    shirt = next(p for p in page["items"] if p["combinations"])
    pid = check(
        api.post("/products", json={"name": "Thee", "sku": "T-9", "price": 3.5}), 200, "created"
    )["id"]
    check(api.get(f"/products/{pid}"), 200, "product")
    check(api.put(f"/products/{pid}", json={"quantity": 4}), 200, "update_count")
    check(api.put(f"/products/{pid}/inventory", json={"quantityDelta": -9}), 200, "update_count")
    combinations = api.get(f"/products/{shirt['id']}/combinations")
    assert combinations.status_code == 200
    for combination in combinations.json():
        assert not problems("combination", combination)
    options = {"options": [{"name": "Maat", "value": "M"}], "sku": "SHIRT-M2"}
    cid = check(api.post(f"/products/{shirt['id']}/combinations", json=options), 200, "created")[
        "id"
    ]
    base = f"/products/{shirt['id']}/combinations/{cid}"
    check(api.get(base), 200, "combination")
    check(api.put(base, json={"price": 21.5}), 200, "update_count")
    check(api.put(f"{base}/inventory", json={"quantityDelta": 2}), 200, "update_count")
    check(api.delete(base), 200, "delete_count")
    check(api.delete(f"/products/{pid}"), 200, "delete_count")
    check(api.get("/products/deleted"), 200, "page", page_of="deleted")
    categories = check(api.get("/categories"), 200, "page", page_of="category")
    parent = categories["items"][0]["id"]
    child = check(
        api.post("/categories", json={"name": "Bonen", "parentId": parent}), 200, "created"
    )
    check(api.get(f"/categories/{child['id']}"), 200, "category")
    check(api.put(f"/categories/{child['id']}", json={"name": "Hele bonen"}), 200, "update_count")
    check(api.delete(f"/categories/{child['id']}"), 200, "delete_count")


def test_customer_and_order_endpoints(api: httpx.Client) -> None:
    check(api.get("/profile"), 200, "profile")
    person = {"name": "Bakkerij De Vries", "companyName": "De Vries B.V.", "city": "Utrecht"}
    given = {"email": "anna@devries.nl", "billingPerson": person, "shippingAddresses": [person]}
    cid = check(api.post("/customers", json=given), 200, "created")["id"]
    check(api.get(f"/customers/{cid}"), 200, "customer")
    check(api.get("/customers"), 200, "page", page_of="customer")
    check(api.put(f"/customers/{cid}", json={"taxId": "NL0001"}), 200, "update_count")
    check(api.delete(f"/customers/{cid}"), 200, "delete_count")
    check(api.get("/customers/deleted"), 200, "page", page_of="deleted")
    order = check(api.post("/orders", json=sample_order(customerId=cid)), 200, "created")
    check(api.get(f"/orders/{order['id']}"), 200, "order")
    check(api.get("/orders", params={"limit": 5}), 200, "page", page_of="order")
    check(
        api.put(f"/orders/{order['id']}", json={"paymentStatus": "REFUNDED"}), 200, "update_count"
    )
    check(api.delete(f"/orders/{order['id']}"), 200, "delete_count")
    check(api.get("/orders/deleted"), 200, "page", page_of="deleted")


def test_error_answers(sim: httpx.Client, api: httpx.Client) -> None:
    check(sim.get(f"{ecwid_sim.API}/products"), 403, "error")
    check(api.get("/orders/999"), 404, "error")
    check(api.get("/products", params={"limit": 500}), 400, "error")
    check(api.post("/products", json={"name": "Dup", "sku": "SHIRT-S"}), 409, "error")
    sim.post("/_sim/faults", json={"fail_next": {"status": 429, "count": 1}})
    check(api.get("/products"), 429, "error")


def test_webhook_bodies(sim: httpx.Client, api: httpx.Client) -> None:
    receiver: Receiver
    with running_receiver() as receiver:
        sim.post("/_sim/config", json={"webhook_url": receiver.url})
        number = api.post("/orders", json=sample_order()).json()["id"]
        api.put(f"/orders/{number}", json={"paymentStatus": "CANCELLED"})
        api.post("/categories", json={"name": "Nieuw"})
        receiver.wait_for(3)
    for body in receiver.bodies():
        assert not problems("webhook_event", body), body
