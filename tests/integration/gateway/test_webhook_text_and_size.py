"""Any text a shop sends is taken in (cleaned); a body over the limit still has its order read."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.fixtures.eventually import eventually
from tests.integration.gateway import factories
from tests.integration.gateway import test_vendor_webhooks as vendors
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.settled import relayed
from tests.integration.gateway.test_vendor_webhooks import Delivery
from tests.integration.gateway.test_webhooks import post_webhook, stored_rows

LIMIT = 1_048_576  # the session gateway's webhook_max_body_bytes


@pytest.fixture
async def connection_id(gateway: RunningGateway, tenant_id: uuid.UUID) -> uuid.UUID:
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client)
    return uuid.UUID(created["id"])


def _with_bad_text(order_id: int) -> bytes:
    """An order whose customer name, line title and a key hold NUL, a lone surrogate, a
    control character, RTL text and emoji, as JSON escapes the shop's signature covers."""
    return (
        b'{"id": %d, "name": "#1001\\u0000", "email": "jan@example.nl",'
        b' "customer": {"first_name": "Jan\\u0000", "last_name": "de \\ud800Vries\\u0007"},'
        b' "note_attributes": {"k\\u0000ey": "\\u202e\\u05e9\\u05dc\\u05d5\\u05dd \\ud83e\\uddc2"},'
        b' "line_items": [{"id": 1, "sku": "8712345", "quantity": 1, "price": "24.95",'
        b' "title": "Zee\\udfffzout\\u0000"}]}'
    ) % order_id


class TestTextNoStoreCanHold:
    async def test_is_cleaned_and_the_webhook_accepted(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        tenant_id: uuid.UUID,
        connection_id: uuid.UUID,
    ) -> None:
        body = _with_bad_text(5151)
        response = await post_webhook(gateway, connection_id, body, factories.webhook_headers(body))
        assert response.status_code == 200, response.text
        assert response.json() == {"status": "accepted"}
        await eventually(lambda: len(bus.of_tenant(tenant_id)) >= 2, timeout=10)
        (received,) = bus.of_tenant(tenant_id, "order.received.v1")
        assert received.payload["source_order_id"] == "5151"
        (step,) = bus.of_tenant(tenant_id, "audit.step.recorded.v1")
        shown = step.payload["source_payload"]
        assert step.payload["entity_ref"] == "#1001"
        assert shown["customer"] == {"first_name": "Jan", "last_name": "de \ufffdVries"}
        assert shown["line_items"][0]["title"] == "Zee\ufffdzout"
        assert shown["note_attributes"] == {"key": "\u202e\u05e9\u05dc\u05d5\u05dd \U0001f9c2"}


class TestBodyOverTheLimit:
    async def test_is_refused_but_its_order_is_read_once_by_id(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        tenant_id: uuid.UUID,
        connection_id: uuid.UUID,
    ) -> None:
        order = factories.order_payload(order_id=6161)
        order["line_items"] = [
            {"id": i, "sku": "8712345", "quantity": 1, "price": "1.00", "title": "x" * 1000}
            for i in range(LIMIT // 1000 + 10)
        ]
        body = factories.encode(order)
        event_id = str(uuid.uuid4())
        answers = []
        for _ in range(2):  # the shop retries a refused delivery: one notice all the same
            headers = factories.webhook_headers(body, event_id=event_id)
            answers.append(await post_webhook(gateway, connection_id, body, headers))
        for response in answers:
            assert response.status_code == 413, response.text
            assert response.json()["read_instead"] == {"entity": "orders", "id": "6161"}
        await eventually(lambda: bus.of_tenant(tenant_id, "order.received.v1"), timeout=10)
        await relayed(gateway, bus, tenant_id)
        (received,) = bus.of_tenant(tenant_id, "order.received.v1")
        assert received.payload["source_order_id"] == "6161"
        assert received.payload["source_event_key"] == f"{event_id}:orders/create"
        assert await stored_rows(gateway, tenant_id, connection_id) == 1 + 2

    async def test_streamed_without_length_is_refused_and_read_by_id(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        tenant_id: uuid.UUID,
        connection_id: uuid.UUID,
    ) -> None:
        async def chunks() -> AsyncIterator[bytes]:  # streamed: no Content-Length header
            yield b'{"id": 7171, "line_items": ['
            for _ in range(3 * LIMIT // 65_536):
                yield b"0," * 32_768

        headers = factories.webhook_headers(b"")
        async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as client:
            response = await client.post(
                f"/v1/webhooks/{connection_id}", content=chunks(), headers=headers
            )
        assert response.status_code == 413
        await eventually(lambda: bus.of_tenant(tenant_id, "order.received.v1"), timeout=10)
        (received,) = bus.of_tenant(tenant_id, "order.received.v1")
        assert received.payload["source_order_id"] == "7171"


def _vendor_delivery_with_bad_text(vendor: Any, delivery: Delivery) -> Delivery:
    """The vendor's delivery with NUL, a control and a lone surrogate in a string, signed."""
    bad = b'"Zee\\u0000zout\\u0007 \\ud800"'
    if isinstance(vendor, vendors.Mailchimp):
        body = delivery.body + b"&data%5Bmerges%5D%5BLNAME%5D=Zee%00zout%07%ED%A0%80"
        return Delivery(delivery.query, delivery.headers, body)
    body = delivery.body[:-1] + b', "note": ' + bad + b"}"
    headers = dict(delivery.headers)
    if isinstance(vendor, vendors.BigCommerce):  # the body is signed: sign the new one
        signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
        headers["webhook-signature"] = f"v1,{vendors._b64_hmac(vendor.secret, signed)}"
    return Delivery(delivery.query, headers, body)


@pytest.mark.parametrize("vendor", vendors.VENDORS, ids=lambda vendor: vendor.connector)
async def test_every_vendor_webhook_with_text_no_store_can_hold_is_accepted(
    gateway: RunningGateway, bus: BusRecorder, tenant_id: uuid.UUID, vendor: Any
) -> None:
    connection_id = await vendors.connect(gateway, tenant_id, vendor)
    delivery = _vendor_delivery_with_bad_text(vendor, vendor.delivery())
    response = await vendors.deliver(gateway, connection_id, delivery)
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "accepted"}

    def webhook_steps() -> list[Any]:
        steps = bus.of_tenant(tenant_id, "audit.step.recorded.v1")
        return [step for step in steps if step.payload["step"] == "webhook"]

    (step,) = await eventually(webhook_steps)
    shown = step.payload["source_payload"]
    if isinstance(vendor, vendors.Mailchimp):
        # Form decoding already replaces each byte of the encoded surrogate.
        assert shown["data[merges][LNAME]"] == "Zeezout\ufffd\ufffd\ufffd"
    else:
        assert shown["note"] == "Zeezout \ufffd"
