"""Ecwid simulator webhook delivery: app URL + eventtype, signed ids, 200-only, retries."""

import base64
import hashlib
import hmac
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.contract.simulators import ecwid_sim
from tests.contract.simulators.ecwid_sim import (
    CLIENT_SECRET,
    STORE_ID,
    Receiver,
    running_receiver,
    sample_order,
)
from tests.fixtures.eventually import eventually_sync

pytestmark = pytest.mark.contract
FAST = 0.0001  # 15 minutes become 0.09 s, an hour 0.36 s


@pytest.fixture
def sim() -> Iterator[httpx.Client]:
    yield from ecwid_sim.control_client()


@pytest.fixture
def api(sim: httpx.Client) -> Iterator[httpx.Client]:
    yield from ecwid_sim.api_client()


@pytest.fixture
def receiver(sim: httpx.Client) -> Iterator[Receiver]:
    with running_receiver() as receiver:
        sim.post("/_sim/config", json={"webhook_url": receiver.url, "webhook_retry_scale": FAST})
        yield receiver
    sim.post("/_sim/reset")  # stop retries aimed at the closed receiver


def expected_signature(body: dict[str, Any]) -> str:
    message = f"{body['eventCreated']}.{body['eventId']}".encode()
    return base64.b64encode(
        hmac.new(CLIENT_SECRET.encode(), message, hashlib.sha256).digest()
    ).decode()


def deliveries(sim: httpx.Client) -> list[dict[str, Any]]:
    return list(sim.get("/_sim/deliveries").json()["deliveries"])


def wait_state(sim: httpx.Client, state: str, timeout: float = 10.0) -> dict[str, Any]:
    def reached() -> dict[str, Any] | None:
        records = deliveries(sim)
        return records[-1] if records and records[-1]["state"] == state else None

    found: dict[str, Any] = eventually_sync(reached, timeout=timeout, what=f"a delivery {state}")
    return found


class TestDelivery:
    def test_order_created_goes_to_the_app_url_with_eventtype_and_signature(
        self, api: httpx.Client, receiver: Receiver
    ) -> None:
        created = api.post("/orders", json=sample_order()).json()
        ((path, headers, _),) = receiver.wait_for(1)
        (body,) = receiver.bodies()
        assert path == "/ecwid/webhooks?eventtype=order.created"
        assert headers["content-type"] == "application/json; charset=UTF-8"
        assert headers["x-ecwid-webhook-signature"] == expected_signature(body)
        assert (body["storeId"], body["entityId"], body["eventType"]) == (
            STORE_ID,
            created["id"],
            "order.created",
        )
        assert body["data"] == {
            "orderId": created["orderId"],
            "newPaymentStatus": "PAID",
            "newFulfillmentStatus": "AWAITING_PROCESSING",
        }

    def test_order_update_carries_old_and_new_statuses(
        self, api: httpx.Client, receiver: Receiver
    ) -> None:
        number = api.post("/orders", json=sample_order()).json()["id"]
        api.put(f"/orders/{number}", json={"fulfillmentStatus": "SHIPPED"})
        receiver.wait_for(2)
        updated = receiver.bodies()[1]
        assert updated["eventType"] == "order.updated"
        assert (
            updated["data"]["oldFulfillmentStatus"],
            updated["data"]["newFulfillmentStatus"],
        ) == (
            "AWAITING_PROCESSING",
            "SHIPPED",
        )

    def test_product_events_have_no_data_and_stock_changes_are_product_updates(
        self, api: httpx.Client, receiver: Receiver
    ) -> None:
        product = api.post("/products", json={"name": "Thee", "sku": "T-1", "quantity": 2}).json()
        api.put(f"/products/{product['id']}/inventory", json={"quantityDelta": 1})
        receiver.wait_for(2)
        bodies = receiver.bodies()
        assert [b["eventType"] for b in bodies] == ["product.created", "product.updated"]
        assert all("data" not in b and b["entityId"] == product["id"] for b in bodies)

    def test_only_registered_event_types_are_sent(
        self, sim: httpx.Client, api: httpx.Client, receiver: Receiver
    ) -> None:
        sim.post("/_sim/config", json={"webhook_events": ["customer.created"]})
        api.post("/products", json={"name": "Thee"})
        api.post("/customers", json={"email": "a@b.nl"})
        receiver.wait_for(1)
        time.sleep(0.2)
        assert [b["eventType"] for b in receiver.bodies()] == ["customer.created"]


class TestRetries:
    def test_every_answer_but_200_fails_and_is_retried_with_the_same_event(
        self, sim: httpx.Client, api: httpx.Client, receiver: Receiver
    ) -> None:
        receiver.statuses.extend([500, 201, 302])
        api.post("/customers", json={"email": "a@b.nl"})
        record = wait_state(sim, "delivered")
        assert record["statuses"] == [500, 201, 302, 200]
        assert len({b["eventId"] for b in receiver.bodies()}) == 1

    def test_after_the_last_retry_the_event_is_dropped(
        self, sim: httpx.Client, api: httpx.Client, receiver: Receiver
    ) -> None:
        sim.post("/_sim/config", json={"webhook_max_age_hours": 1})
        receiver.statuses.extend([503] * 10)
        api.post("/customers", json={"email": "a@b.nl"})
        record = wait_state(sim, "dropped")
        assert record["attempts"] == 5  # the first try and four quarter-hourly retries

    def test_duplicate_mode_sends_the_same_event_twice(
        self, sim: httpx.Client, api: httpx.Client, receiver: Receiver
    ) -> None:
        sim.post("/_sim/config", json={"duplicate_deliveries": 2})
        api.post("/customers", json={"email": "a@b.nl"})
        receiver.wait_for(2)
        first, second = receiver.bodies()
        assert first == second

    def test_out_of_order_mode_sends_newest_first(
        self, sim: httpx.Client, api: httpx.Client, receiver: Receiver
    ) -> None:
        sim.post("/_sim/config", json={"out_of_order": True})
        number = api.post("/orders", json=sample_order()).json()["id"]
        api.put(f"/orders/{number}", json={"fulfillmentStatus": "SHIPPED"})
        receiver.wait_for(2)
        assert [b["eventType"] for b in receiver.bodies()] == ["order.updated", "order.created"]
