"""Every vendor's webhook has a replay window: a genuine (correctly signed) delivery older
than it is refused with 401 ("refused as a replay") and nothing is stored, even after dedupe
forgot it (connectors/replay.py); a delivery within the window still goes through."""

import time
import urllib.parse
import uuid
from datetime import UTC, datetime, timedelta

import orjson

from tests.integration.gateway import factories
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.test_vendor_webhooks import (
    BigCommerce,
    Delivery,
    Ecwid,
    Mailchimp,
    _b64_hmac,
    connect,
    deliver,
)

EIGHT_DAYS = timedelta(days=8)  # past every window and past the seven-day dedupe


def ecwid(age: timedelta) -> Delivery:
    event_id = f"08a78904-{uuid.uuid4().hex[:12]}"
    created = int((datetime.now(UTC) - age).timestamp())
    body = orjson.dumps(
        {
            "eventId": event_id,
            "eventCreated": created,
            "storeId": 1003,
            "entityId": 66722483,
            "eventType": "product.updated",
        }
    )
    signature = _b64_hmac(Ecwid.secret, f"{created}.{event_id}".encode())
    headers = {"content-type": "application/json", "X-Ecwid-Webhook-Signature": signature}
    return Delivery({"eventtype": "product.updated"}, headers, body)


def bigcommerce(age: timedelta) -> Delivery:
    body = orjson.dumps(
        {
            "scope": "store/product/updated",
            "store_id": "1025646",
            "data": {"type": "product", "id": 250},
            "hash": uuid.uuid4().hex,
            "created_at": int((datetime.now(UTC) - age).timestamp()),
            "producer": "stores/abc123",
        }
    )
    webhook_id, stamp = f"msg_{uuid.uuid4().hex}", str(int(time.time()))  # signed just now
    signed = _b64_hmac(BigCommerce.secret, f"{webhook_id}.{stamp}.".encode() + body)
    headers = {
        "content-type": "application/json",
        "webhook-id": webhook_id,
        "webhook-timestamp": stamp,
        "webhook-signature": f"v1,{signed}",
    }
    return Delivery({}, headers, body)


def mailchimp(age: timedelta) -> Delivery:
    form = {
        "type": "profile",
        "fired_at": (datetime.now(UTC) - age).strftime("%Y-%m-%d %H:%M:%S"),
        "data[id]": uuid.uuid4().hex[:10],
        "data[list_id]": "a6b5da1054",
        "data[email]": Mailchimp.email,
    }
    headers = {"content-type": "application/x-www-form-urlencoded"}
    return Delivery({"secret": Mailchimp.secret}, headers, urllib.parse.urlencode(form).encode())


async def stored(gateway: RunningGateway, connection_id: uuid.UUID) -> object:
    return await gateway.scalar(
        "SELECT count(*) FROM gateway.webhook_inbox WHERE connection_id = :id", id=connection_id
    )


class TestReplayWindow:
    async def test_old_signed_deliveries_of_every_vendor_are_refused(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        for vendor, old in (
            (Ecwid(), ecwid),
            (BigCommerce(), bigcommerce),
            (Mailchimp(), mailchimp),
        ):
            connection_id = await connect(gateway, tenant_id, vendor)
            response = await deliver(gateway, connection_id, old(EIGHT_DAYS))
            assert response.status_code == 401, (vendor.connector, response.text)
            assert "refused as a replay" in response.json()["detail"], vendor.connector
            assert await stored(gateway, connection_id) == 0
            fresh = await deliver(gateway, connection_id, old(timedelta(hours=1)))
            assert fresh.status_code == 200, (vendor.connector, fresh.text)

    async def test_an_old_shopify_delivery_is_refused(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        async with gateway.client(tenant_id) as client:
            created = await factories.create_connection(client)
        connection_id = uuid.UUID(created["id"])
        body = factories.encode(factories.order_payload())
        headers = factories.webhook_headers(body)
        headers["X-Shopify-Triggered-At"] = (datetime.now(UTC) - EIGHT_DAYS).isoformat()
        response = await deliver(gateway, connection_id, Delivery({}, headers, body))
        assert response.status_code == 401, response.text
        assert "refused as a replay" in response.json()["detail"]
        assert await stored(gateway, connection_id) == 0
