"""Drift: every endpoint the Mailchimp simulator serves answers in the shape of the vendor spec.

The spec (`specs/vendor/mailchimp/marketing.openapi.json`) is a sanitised derivative of
Mailchimp's own file; paths use camelCase parameters but the URLs are the real ones."""

import hashlib
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from syncyard_sim_mailchimp.testing import WebhookReceiver, running_receiver
from tests.contract.simulators import mailchimp_sim, openapi
from tests.contract.simulators.mailchimp_sim import LIST_ID, MEMBERS_PATH, STORE, STORE_PATH

SPEC = "mailchimp/marketing.openapi.json"
S = "/ecommerce/stores/{storeId}"
M = "/lists/{listId}/members"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    yield from mailchimp_sim.simulator_url()


@pytest.fixture
def sim(base_url: str) -> Iterator[httpx.Client]:
    yield from mailchimp_sim.control_client(base_url)


@pytest.fixture
def api(base_url: str, sim: httpx.Client) -> Iterator[httpx.Client]:
    yield from mailchimp_sim.api_client(base_url)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with running_receiver() as receiver:
        yield receiver


def conforms(method: str, spec_path: str, response: httpx.Response) -> None:
    """Validate the answer against the spec; 4xx/5xx against its `default` problem document.

    One known defect of the sanitised spec is tolerated: it types merge-field values as
    objects, while Mailchimp (and its own docs) send strings such as FNAME="Anna"."""
    spec = openapi.load(SPEC)
    body: Any = response.json()
    problems = [
        p
        for p in spec.errors(method, spec_path, response.status_code, body)
        if "merge_fields/" not in p
    ]
    assert not problems, f"{method} {spec_path} drifts from the spec:\n" + "\n".join(problems)


def _seed(api: httpx.Client) -> None:
    assert api.put(f"{STORE_PATH}/products/P1", json=mailchimp_sim.product("P1")).is_success
    assert api.put(f"{STORE_PATH}/orders/O1", json=mailchimp_sim.order("O1")).is_success


class TestEcommerceShapes:
    def test_ping_and_stores(self, api: httpx.Client) -> None:
        conforms("get", "/ping", api.get("/3.0/ping"))
        conforms("get", "/ecommerce/stores", api.get("/3.0/ecommerce/stores"))
        conforms("get", S, api.get(STORE_PATH))
        conforms("patch", S, api.patch(STORE_PATH, json={"is_syncing": True}))
        new = {"id": "second", "list_id": LIST_ID, "name": "Second", "currency_code": "EUR",
               "address": {"city": "Utrecht", "latitude": 52.09}}  # fmt: skip
        conforms("post", "/ecommerce/stores", api.post("/3.0/ecommerce/stores", json=new))

    def test_products_and_variants(self, api: httpx.Client) -> None:
        created = api.post(f"{STORE_PATH}/products", json=mailchimp_sim.product("P2", "A", "B"))
        conforms("post", f"{S}/products", created)
        put = api.put(f"{STORE_PATH}/products/P1", json=mailchimp_sim.product("P1"))
        conforms("put", f"{S}/products/{{productId}}", put)
        conforms("get", f"{S}/products", api.get(f"{STORE_PATH}/products"))
        conforms("get", f"{S}/products/{{productId}}", api.get(f"{STORE_PATH}/products/P2"))
        patched = api.patch(f"{STORE_PATH}/products/P2", json={"description": "Nieuw"})
        conforms("patch", f"{S}/products/{{productId}}", patched)
        variants = f"{STORE_PATH}/products/P2/variants"
        spec_variants = f"{S}/products/{{productId}}/variants"
        conforms("get", spec_variants, api.get(variants))
        conforms("post", spec_variants, api.post(variants, json={"id": "C", "title": "C"}))
        one = f"{spec_variants}/{{variantId}}"
        conforms("get", one, api.get(f"{variants}/A"))
        conforms("put", one, api.put(f"{variants}/D", json={"title": "D", "price": 2.5}))
        conforms("patch", one, api.patch(f"{variants}/A", json={"inventory_quantity": 9}))

    def test_customers(self, api: httpx.Client) -> None:
        body = {"id": "c1", "email_address": "c1@example.nl", "opt_in_status": True,
                "company": "Bakkerij", "address": {"city": "Utrecht"}}  # fmt: skip
        conforms("post", f"{S}/customers", api.post(f"{STORE_PATH}/customers", json=body))
        one = f"{S}/customers/{{customerId}}"
        conforms("get", f"{S}/customers", api.get(f"{STORE_PATH}/customers"))
        conforms("get", one, api.get(f"{STORE_PATH}/customers/c1"))
        conforms("put", one, api.put(f"{STORE_PATH}/customers/c1", json=body))
        conforms("patch", one, api.patch(f"{STORE_PATH}/customers/c1", json={"last_name": "B"}))

    def test_orders_and_lines(self, api: httpx.Client) -> None:
        _seed(api)
        one, path = f"{S}/orders/{{orderId}}", f"{STORE_PATH}/orders/O1"
        second = mailchimp_sim.order("O2") | {"shipping_address": {"name": "Anna", "city": "U"}}
        conforms("post", f"{S}/orders", api.post(f"{STORE_PATH}/orders", json=second))
        conforms("get", f"{S}/orders", api.get(f"{STORE_PATH}/orders"))
        conforms("get", "/ecommerce/orders", api.get("/3.0/ecommerce/orders"))
        conforms("get", one, api.get(path))
        conforms("put", one, api.put(path, json=mailchimp_sim.order("O1")))
        conforms("patch", one, api.patch(path, json={"financial_status": "paid"}))
        line = {"id": "2", "product_id": "P1", "product_variant_id": "P1", "quantity": 1,
                "price": 19.95}  # fmt: skip
        conforms("get", f"{one}/lines", api.get(f"{path}/lines"))
        conforms("post", f"{one}/lines", api.post(f"{path}/lines", json=line))
        conforms("get", f"{one}/lines/{{lineId}}", api.get(f"{path}/lines/2"))
        conforms("patch", f"{one}/lines/{{lineId}}",
                 api.patch(f"{path}/lines/2", json={"quantity": 3}))  # fmt: skip

    def test_carts(self, api: httpx.Client) -> None:
        _seed(api)
        cart = mailchimp_sim.order("K1") | {"checkout_url": "https://shop.example/cart"}
        conforms("post", f"{S}/carts", api.post(f"{STORE_PATH}/carts", json=cart))
        conforms("get", f"{S}/carts", api.get(f"{STORE_PATH}/carts"))
        conforms("get", f"{S}/carts/{{cartId}}", api.get(f"{STORE_PATH}/carts/K1"))
        conforms("patch", f"{S}/carts/{{cartId}}",
                 api.patch(f"{STORE_PATH}/carts/K1", json={"order_total": 1.5}))  # fmt: skip


class TestAudienceShapes:
    def test_members(self, api: httpx.Client) -> None:
        created = api.post(MEMBERS_PATH, json=mailchimp_sim.member("a@example.nl"))
        conforms("post", M, created)
        hashed = created.json()["id"]
        conforms("get", M, api.get(MEMBERS_PATH))
        conforms("get", f"{M}/{{subscriberHash}}", api.get(f"{MEMBERS_PATH}/{hashed}"))
        put = {"email_address": "b@example.nl", "status_if_new": "subscribed"}
        other = hashlib.md5(b"b@example.nl").hexdigest()
        conforms("put", f"{M}/{{subscriberHash}}", api.put(f"{MEMBERS_PATH}/{other}", json=put))
        conforms("patch", f"{M}/{{subscriberHash}}",
                 api.patch(f"{MEMBERS_PATH}/{hashed}", json={"vip": True}))  # fmt: skip

    def test_webhooks(self, api: httpx.Client, receiver: WebhookReceiver) -> None:
        hooks, spec_hooks = f"/3.0/lists/{LIST_ID}/webhooks", "/lists/{listId}/webhooks"
        created = api.post(hooks, json={"url": receiver.url})
        conforms("post", spec_hooks, created)
        conforms("get", spec_hooks, api.get(hooks))
        one = f"{hooks}/{created.json()['id']}"
        conforms("get", f"{spec_hooks}/{{webhookId}}", api.get(one))
        patched = api.patch(one, json={"events": {"campaign": True}})
        conforms("patch", f"{spec_hooks}/{{webhookId}}", patched)

    def test_batches(self, api: httpx.Client) -> None:
        operations = [{"method": "GET", "path": f"/ecommerce/stores/{STORE}"}]
        created = api.post("/3.0/batches", json={"operations": operations})
        conforms("post", "/batches", created)
        time.sleep(0.1)
        conforms("get", "/batches/{batchId}", api.get(f"/3.0/batches/{created.json()['id']}"))
        conforms("get", "/batches", api.get("/3.0/batches"))


class TestErrorShapes:
    def test_errors_are_problem_documents(self, api: httpx.Client, sim: httpx.Client) -> None:
        conforms("get", f"{S}/products/{{productId}}", api.get(f"{STORE_PATH}/products/nope"))
        conforms("post", f"{S}/products", api.post(f"{STORE_PATH}/products", json={}))
        conforms("get", "/ping", sim.get("/3.0/ping"))
        sim.post("/_sim/faults", json={"fail_next": {"status": 429, "count": 1}})
        conforms("get", "/ping", api.get("/3.0/ping"))
