"""Events from the bus become alerts: real e-mail, signed webhooks, once per channel, grouped."""

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import orjson
import pytest
from notifier_receivers import SmtpInbox, WebhookReceiver
from notifier_support import GROUP_WINDOW_SECONDS, auth, run_failed_envelope

from syncyard_common.broker import publisher
from syncyard_common.messages import Envelope
from syncyard_notifier.channels import signing
from tests.fixtures.eventually import eventually

pytestmark = pytest.mark.integration

REASON = "MplusKASSA rejected article ABC-12: article numbers must be numeric"


async def channels_for(
    client: httpx.AsyncClient, receiver: WebhookReceiver, tenant: uuid.UUID
) -> tuple[str, str, str]:
    """An e-mail and a webhook channel for the tenant: (address, webhook path, secret)."""
    address, path = f"ops-{tenant}@example.com", f"/alerts/{tenant}"
    email = await client.post(
        "/v1/channels", json={"kind": "email", "address": address}, headers=auth(tenant)
    )
    hook = await client.post(
        "/v1/channels",
        json={"kind": "webhook", "url": receiver.url(path)},
        headers=auth(tenant),
    )
    assert email.status_code == hook.status_code == 201
    return address, path, hook.json()["signing_secret"]


async def stays(check: Callable[[], bool], seconds: float) -> None:
    """Assert ``check`` holds for the whole period."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert check()
        await asyncio.sleep(0.2)


async def alerts_of(client: httpx.AsyncClient, tenant: uuid.UUID) -> list[dict[str, Any]]:
    response = await client.get("/v1/deliveries?limit=500", headers=auth(tenant))
    assert response.status_code == 200
    items: list[dict[str, Any]] = response.json()["items"]
    return items


class TestRunFailed:
    async def test_sends_an_email_and_a_signed_webhook_with_reason_run_id_and_link(
        self,
        client: httpx.AsyncClient,
        bus: publisher.Publisher,
        smtp_inbox: SmtpInbox,
        webhook_receiver: WebhookReceiver,
    ) -> None:
        tenant = uuid.uuid4()
        address, path, secret = await channels_for(client, webhook_receiver, tenant)
        envelope = run_failed_envelope(tenant, integration_id=uuid.uuid4(), reason=REASON)
        run_id = envelope.payload["run_id"]
        started = time.monotonic()
        await bus.publish(envelope)

        await eventually(lambda: bool(smtp_inbox.to(address)) and bool(webhook_receiver.at(path)))
        assert time.monotonic() - started < 60
        [email] = smtp_inbox.to(address)
        assert REASON in email.body
        assert run_id in email.body
        assert f"https://dashboard.syncyard.test/runs/{run_id}" in email.body
        [request] = webhook_receiver.at(path)
        assert signing.verify(
            secret=secret, received=request.headers, body=request.body, now=int(time.time())
        )
        document = orjson.loads(request.body)
        assert REASON in document["text"]
        assert run_id in document["text"]
        assert document["fields"]["run_id"] == run_id
        alerts = await alerts_of(client, tenant)
        assert sorted(a["status"] for a in alerts) == ["sent", "sent"]

    async def test_the_same_message_delivered_twice_makes_one_alert_per_channel(
        self,
        client: httpx.AsyncClient,
        bus: publisher.Publisher,
        smtp_inbox: SmtpInbox,
        webhook_receiver: WebhookReceiver,
    ) -> None:
        tenant = uuid.uuid4()
        address, path, _ = await channels_for(client, webhook_receiver, tenant)
        envelope = run_failed_envelope(tenant, integration_id=uuid.uuid4(), reason=REASON)
        await bus.publish(envelope)
        await bus.publish(envelope)
        # A later, different event proves the consumer got past both copies.
        marker = run_failed_envelope(tenant, integration_id=uuid.uuid4(), reason="marker")
        await bus.publish(marker)

        await eventually(
            lambda: len(webhook_receiver.at(path)) >= 2 and len(smtp_inbox.to(address)) >= 2
        )
        # Had the copy been handled twice it would also count in the group's window and
        # come back as a summary when the window closes: wait that out too.
        await stays(lambda: len(webhook_receiver.at(path)) == 2, GROUP_WINDOW_SECONDS + 1)
        alerts = await alerts_of(client, tenant)
        assert len(alerts) == 4  # (event, marker) x (email, webhook)
        assert len(webhook_receiver.at(path)) == 2
        assert len(smtp_inbox.to(address)) == 2
        assert sum(REASON in e.body for e in smtp_inbox.to(address)) == 1

    async def test_fifty_failures_of_one_group_make_one_alert_and_one_summary(
        self,
        client: httpx.AsyncClient,
        bus: publisher.Publisher,
        smtp_inbox: SmtpInbox,
        webhook_receiver: WebhookReceiver,
    ) -> None:
        tenant, integration = uuid.uuid4(), uuid.uuid4()
        address, path, _ = await channels_for(client, webhook_receiver, tenant)
        for number in range(50):
            await bus.publish(
                run_failed_envelope(
                    tenant,
                    integration_id=integration,
                    code="products_not_found",
                    reason=f"products not found: SKU-{number}",
                )
            )

        await eventually(
            lambda: len(webhook_receiver.at(path)) >= 2, timeout=GROUP_WINDOW_SECONDS + 20
        )
        # Longer than a window again: nothing else may arrive.
        await stays(lambda: len(webhook_receiver.at(path)) == 2, GROUP_WINDOW_SECONDS + 1)
        first, summary = (orjson.loads(r.body) for r in webhook_receiver.at(path))
        assert first["type"] == "run.failed.v1"
        assert summary["type"] == "run.failed.summary"
        assert summary["text"].startswith("49 more orders failed: products not found")
        emails = smtp_inbox.to(address)
        assert len(emails) == 2
        assert "49 more orders failed" in emails[1].body


class TestConnectionEvents:
    async def test_failed_and_recovered_send_one_alert_each(
        self,
        client: httpx.AsyncClient,
        bus: publisher.Publisher,
        smtp_inbox: SmtpInbox,
        webhook_receiver: WebhookReceiver,
    ) -> None:
        tenant, connection_id = uuid.uuid4(), uuid.uuid4()
        address, path, _ = await channels_for(client, webhook_receiver, tenant)
        common = {"connection_id": str(connection_id), "connector": "shop", "name": "Main shop"}
        await bus.publish(
            Envelope(
                type="connection.failed.v1",
                source="gateway",
                tenant_id=tenant,
                payload={**common, "code": "credentials_rejected", "reason": "token revoked"},
            )
        )
        await bus.publish(
            Envelope(
                type="connection.recovered.v1", source="gateway", tenant_id=tenant, payload=common
            )
        )
        await eventually(
            lambda: len(webhook_receiver.at(path)) >= 2 and len(smtp_inbox.to(address)) >= 2
        )
        texts = sorted(orjson.loads(r.body)["text"] for r in webhook_receiver.at(path))
        assert "token revoked" in texts[0]
        assert "works again" in texts[1]


class TestChannelGone:
    async def test_a_410_disables_the_webhook_channel(
        self,
        client: httpx.AsyncClient,
        bus: publisher.Publisher,
        webhook_receiver: WebhookReceiver,
    ) -> None:
        tenant = uuid.uuid4()
        path = f"/gone/{tenant}"
        webhook_receiver.statuses[path] = 410
        hook = await client.post(
            "/v1/channels",
            json={"kind": "webhook", "url": webhook_receiver.url(path)},
            headers=auth(tenant),
        )
        await bus.publish(run_failed_envelope(tenant, integration_id=uuid.uuid4(), reason=REASON))

        async def disabled() -> bool:
            shown = await client.get(f"/v1/channels/{hook.json()['id']}", headers=auth(tenant))
            return shown.json()["is_active"] is False

        await eventually(disabled)
        [alert] = await alerts_of(client, tenant)
        assert alert["status"] == "failed"
        assert "410" in alert["last_error"]
        assert len(webhook_receiver.at(path)) == 1
