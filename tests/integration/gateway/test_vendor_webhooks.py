"""Every webhook vendor through the gateway's public endpoint: signed the vendor's way (signed
here by an independent implementation), accepted once, duplicates dropped, forgeries refused
with 401 and nothing stored or published."""

import base64
import hashlib
import hmac
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest

from tests.fixtures.eventually import eventually
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.settled import relayed

NOWHERE = "http://127.0.0.1:9/"  # verification never calls the vendor


@dataclass(frozen=True)
class Delivery:
    """One webhook as the vendor sends it: query string, headers and raw body."""

    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


def _b64_hmac(secret: str, message: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


class BigCommerce:
    connector = "bigcommerce"
    secret = "bc-client-secret-CANARY-1"
    credentials = {
        "store_hash": "abc123",
        "access_token": "bc-token-CANARY",
        "client_secret": secret,
        "base_url": NOWHERE,
    }
    entity_id = "250"

    def delivery(self, *, forged: bool = False) -> Delivery:
        body = orjson.dumps(
            {
                "scope": "store/product/updated",
                "store_id": "1025646",
                "data": {"type": "product", "id": 250},
                "hash": "dd70c0976e06b67aaf671e73f49dcb79230ebf9d",
                "created_at": int(time.time()),
                "producer": "stores/abc123",
            }
        )
        webhook_id, stamp = f"msg_{uuid.uuid4().hex}", str(int(time.time()))
        secret = "someone-else" if forged else self.secret
        signed = _b64_hmac(secret, f"{webhook_id}.{stamp}.".encode() + body)
        headers = {
            "content-type": "application/json",
            "webhook-id": webhook_id,
            "webhook-timestamp": stamp,
            "webhook-signature": f"v1,{signed}",
        }
        return Delivery({}, headers, body)


class Ecwid:
    connector = "ecwid"
    secret = "ecwid-client-secret-CANARY-2"
    credentials = {
        "store_id": 1003,
        "access_token": "secret_ecwid_CANARY",
        "client_secret": secret,
        "base_url": NOWHERE,
    }
    entity_id = "66722483"

    def delivery(self, *, forged: bool = False) -> Delivery:
        event_id, created = f"08a78904-{uuid.uuid4().hex[:12]}", int(time.time())
        body = orjson.dumps(
            {
                "eventId": event_id,
                "eventCreated": created,
                "storeId": 1003,
                "entityId": 66722483,
                "eventType": "product.updated",
            }
        )
        secret = "someone-else" if forged else self.secret
        headers = {
            "content-type": "application/json",
            "X-Ecwid-Webhook-Signature": _b64_hmac(secret, f"{created}.{event_id}".encode()),
        }
        return Delivery({"eventtype": "product.updated"}, headers, body)


class Mailchimp:
    connector = "mailchimp"
    secret = "mc-url-secret-CANARY-3"
    credentials = {
        "api_key": "0123456789abcdef0123456789abcdef-us21",
        "store_id": "syncyard-store",
        "list_id": "a6b5da1054",
        "currency_code": "EUR",
        "webhook_secret": secret,
        "base_url": NOWHERE,
    }
    email = "api@mailchimp.com"
    entity_id = hashlib.md5(email.encode()).hexdigest()

    def delivery(self, *, forged: bool = False) -> Delivery:
        form = {
            "type": "profile",
            # A distinct time per delivery (part of the event key), within the replay window.
            "fired_at": (datetime.now(UTC) - timedelta(seconds=uuid.uuid4().int % 3600)).strftime(
                "%Y-%m-%d %H:%M:%S"
            ),
            "data[id]": uuid.uuid4().hex[:10],
            "data[list_id]": "a6b5da1054",
            "data[email]": self.email,
            "data[merges][FNAME]": "Mailchimp",
        }
        body = urllib.parse.urlencode(form).encode()
        headers = {"content-type": "application/x-www-form-urlencoded"}
        return Delivery({"secret": "guessed" if forged else self.secret}, headers, body)


VENDORS = [BigCommerce(), Ecwid(), Mailchimp()]


@pytest.fixture(params=VENDORS, ids=lambda vendor: vendor.connector)
def vendor(request: pytest.FixtureRequest) -> Any:
    return request.param


async def connect(gateway: RunningGateway, tenant_id: uuid.UUID, vendor: Any) -> uuid.UUID:
    async with gateway.client(tenant_id) as client:
        response = await client.post(
            "/v1/connections",
            json={
                "name": f"{vendor.connector} webhooks",
                "connector": vendor.connector,
                "credentials": vendor.credentials,
            },
        )
    assert response.status_code == 201, response.text
    return uuid.UUID(response.json()["id"])


async def deliver(gateway: RunningGateway, connection_id: uuid.UUID, d: Delivery) -> httpx.Response:
    async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as client:
        return await client.post(
            f"/v1/webhooks/{connection_id}", params=d.query, headers=d.headers, content=d.body
        )


async def test_signed_delivery_is_taken_in_once_and_reread(
    gateway: RunningGateway, bus: BusRecorder, tenant_id: uuid.UUID, vendor: Any
) -> None:
    connection_id = await connect(gateway, tenant_id, vendor)
    delivery = vendor.delivery()
    first = await deliver(gateway, connection_id, delivery)
    assert first.status_code == 200, first.text
    assert first.json() == {"status": "accepted"}
    # The vendor retries the same delivery: one event only.
    again = await deliver(gateway, connection_id, delivery)
    assert again.json() == {"status": "duplicate"}

    def fetches() -> list[Any]:
        return [e for e in bus.of_tenant(tenant_id) if e.type == "gateway.record.fetch.v1"]

    (fetch,) = await eventually(lambda: fetches() or None)
    # The body is only a hint: the gateway asks for the record afresh.
    assert fetch.payload["record_id"] == vendor.entity_id
    assert fetch.payload["connection_id"] == str(connection_id)
    await eventually(lambda: len(fetches()) >= 1)
    await relayed(gateway, bus, tenant_id)
    assert len(fetches()) == 1


async def test_forged_delivery_is_401_and_changes_nothing(
    gateway: RunningGateway, bus: BusRecorder, tenant_id: uuid.UUID, vendor: Any
) -> None:
    connection_id = await connect(gateway, tenant_id, vendor)
    response = await deliver(gateway, connection_id, vendor.delivery(forged=True))
    assert response.status_code == 401, response.text
    assert response.json()["code"] == "webhook_signature_invalid"
    assert vendor.secret not in response.text
    stored = await gateway.scalar(
        "SELECT count(*) FROM gateway.webhook_inbox WHERE connection_id = :id", id=connection_id
    )
    assert stored == 0
    await relayed(gateway, bus, tenant_id)
    assert bus.of_tenant(tenant_id) == []
