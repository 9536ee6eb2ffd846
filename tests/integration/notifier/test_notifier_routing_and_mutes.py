"""Channels can be edited and routed per integration and flow; an integration can be muted."""

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest
from notifier_receivers import WebhookReceiver
from notifier_support import auth, outage_envelope, run_failed_envelope

from syncyard_common.broker import publisher
from syncyard_notifier.channels import signing
from tests.fixtures.eventually import eventually

pytestmark = pytest.mark.integration
FLOW = "orders.shop_to_pos"  # the flow of run_failed_envelope


async def webhook(
    client: httpx.AsyncClient, receiver: WebhookReceiver, tenant: uuid.UUID, **extra: Any
) -> tuple[str, str]:
    """A webhook channel: (its path at the receiver, its id)."""
    path = f"/routes/{uuid.uuid4()}"
    response = await client.post(
        "/v1/channels",
        json={"kind": "webhook", "url": receiver.url(path), **extra},
        headers=auth(tenant),
    )
    assert response.status_code == 201, response.text
    return path, response.json()["id"]


class TestRouting:
    async def test_alerts_go_only_to_channels_routed_to_their_integration_and_flow(
        self,
        client: httpx.AsyncClient,
        bus: publisher.Publisher,
        webhook_receiver: WebhookReceiver,
    ) -> None:
        tenant, shop, till = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        everything, _ = await webhook(client, webhook_receiver, tenant)
        shop_only, shop_id = await webhook(
            client, webhook_receiver, tenant, routes=[{"integration_id": str(shop)}]
        )
        till_orders, _ = await webhook(
            client,
            webhook_receiver,
            tenant,
            routes=[{"integration_id": str(till), "flow": FLOW}],
        )
        till_products, _ = await webhook(
            client,
            webhook_receiver,
            tenant,
            routes=[{"integration_id": str(till), "flow": "products"}],
        )
        await bus.publish(run_failed_envelope(tenant, integration_id=shop, reason="shop"))
        await bus.publish(run_failed_envelope(tenant, integration_id=till, reason="till"))
        # A connection's outage concerns every integration using it: every channel hears it.
        await bus.publish(outage_envelope(tenant, uuid.uuid4()))

        await eventually(lambda: len(webhook_receiver.at(everything)) == 3)
        await eventually(lambda: len(webhook_receiver.at(shop_only)) == 2)
        await eventually(lambda: len(webhook_receiver.at(till_orders)) == 2)
        await eventually(lambda: len(webhook_receiver.at(till_products)) == 1)
        texts = [orjson.loads(r.body)["text"] for r in webhook_receiver.at(shop_only)]
        assert any("shop" in text for text in texts)
        assert not any(": till" in text for text in texts)

        shown = await client.get(f"/v1/channels/{shop_id}", headers=auth(tenant))
        assert shown.json()["routes"] == [{"integration_id": str(shop), "flow": None}]
        reset = await client.patch(
            f"/v1/channels/{shop_id}", json={"routes": None}, headers=auth(tenant)
        )
        assert reset.status_code == 200
        assert reset.json()["routes"] is None
        await bus.publish(
            run_failed_envelope(tenant, integration_id=till, reason="again", code="other")
        )
        await eventually(lambda: len(webhook_receiver.at(shop_only)) == 3)


class TestChannelEdits:
    async def test_a_new_secret_is_sealed_and_signs_what_is_sent_next(
        self, client: httpx.AsyncClient, webhook_receiver: WebhookReceiver
    ) -> None:
        tenant = uuid.uuid4()
        path, channel_id = await webhook(client, webhook_receiver, tenant)
        secret = signing.generate_secret()
        new_path = f"/edited/{uuid.uuid4()}"
        edited = await client.patch(
            f"/v1/channels/{channel_id}",
            json={"url": webhook_receiver.url(new_path), "secret": secret},
            headers=auth(tenant),
        )
        assert edited.status_code == 200, edited.text
        assert "secret" not in edited.text
        assert "whsec_" not in edited.text
        sent = await client.post(f"/v1/channels/{channel_id}/test", headers=auth(tenant))
        assert sent.status_code == 200
        [request] = webhook_receiver.at(new_path)
        assert webhook_receiver.at(path) == []
        assert signing.verify(
            secret=secret, received=request.headers, body=request.body, now=int(time.time())
        )

    @pytest.mark.parametrize(
        ("kind", "body", "field", "code"),
        [
            # What the stored channel's kind takes: 409 (the body alone is valid).
            ("email", {"url": "https://example.com/x"}, "url", "field_not_for_kind"),
            ("email", {"address": "not-an-address"}, "address", None),
            ("email", {"address": None}, "address", "field_not_for_kind"),
            ("webhook", {"address": "ops@example.com"}, "address", "field_not_for_kind"),
            ("webhook", {"secret": "whsec_!!"}, "secret", None),
            ("webhook", {"routes": []}, "routes", None),
            ("webhook", {"routes": [{"integration_id": "x"}]}, "routes.0.integration_id", None),
            ("webhook", {"colour": "red"}, "colour", None),
        ],
    )
    async def test_a_refused_field_is_a_422_or_409_naming_it_and_changes_nothing(
        self,
        client: httpx.AsyncClient,
        webhook_receiver: WebhookReceiver,
        kind: str,
        body: dict[str, Any],
        field: str,
        code: str | None,
    ) -> None:
        tenant = uuid.uuid4()
        created = await client.post(
            "/v1/channels",
            json=(
                {"kind": "email", "address": "ops@example.com"}
                if kind == "email"
                else {"kind": "webhook", "url": webhook_receiver.url("/keep")}
            ),
            headers=auth(tenant),
        )
        before = created.json()
        before.pop("signing_secret", None)
        refused = await client.patch(
            f"/v1/channels/{before['id']}", json=body, headers=auth(tenant)
        )
        expected = 409 if code == "field_not_for_kind" else 422
        assert refused.status_code == expected, refused.text
        assert refused.json()["field"].endswith(field) or field in refused.json()["field"]
        if code is not None:
            assert refused.json()["code"] == code
        after = await client.get(f"/v1/channels/{before['id']}", headers=auth(tenant))
        assert after.json() == before

    async def test_another_tenants_channel_is_not_found(
        self, client: httpx.AsyncClient, webhook_receiver: WebhookReceiver
    ) -> None:
        _, channel_id = await webhook(client, webhook_receiver, uuid.uuid4())
        response = await client.patch(
            f"/v1/channels/{channel_id}", json={"routes": None}, headers=auth(uuid.uuid4())
        )
        assert response.status_code == 404


class TestMute:
    async def test_alerts_while_muted_are_recorded_not_delivered_until_unmuted(
        self,
        client: httpx.AsyncClient,
        bus: publisher.Publisher,
        webhook_receiver: WebhookReceiver,
    ) -> None:
        tenant, integration = uuid.uuid4(), uuid.uuid4()
        path, _ = await webhook(client, webhook_receiver, tenant)
        until = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        muted = await client.post(
            f"/v1/integrations/{integration}/mute", json={"until": until}, headers=auth(tenant)
        )
        assert muted.status_code == 200, muted.text
        assert muted.json()["muted_by"]
        shown = await client.get(f"/v1/integrations/{integration}/mute", headers=auth(tenant))
        assert shown.status_code == 200
        other = await client.get(f"/v1/integrations/{integration}/mute", headers=auth(uuid.uuid4()))
        assert other.status_code == 404

        await bus.publish(run_failed_envelope(tenant, integration_id=integration, reason="quiet"))

        async def recorded_muted() -> bool:
            items = (await client.get("/v1/alerts", headers=auth(tenant))).json()["items"]
            return len(items) == 1 and items[0]["is_muted"] is True

        await eventually(recorded_muted)
        deliveries = (await client.get("/v1/deliveries", headers=auth(tenant))).json()["items"]
        assert deliveries == []

        unmuted = await client.delete(f"/v1/integrations/{integration}/mute", headers=auth(tenant))
        assert unmuted.status_code == 204
        again = await client.delete(f"/v1/integrations/{integration}/mute", headers=auth(tenant))
        assert again.status_code == 404
        await bus.publish(
            run_failed_envelope(tenant, integration_id=integration, reason="loud", code="other")
        )
        await eventually(lambda: len(webhook_receiver.at(path)) == 1)
        assert "loud" in orjson.loads(webhook_receiver.at(path)[0].body)["text"]
        assert webhook_receiver.at(path)

    async def test_a_past_until_mutes_nothing_and_a_far_one_is_shortened_to_30_days(
        self, client: httpx.AsyncClient
    ) -> None:
        # Neither is refused: no schema can say "in the future" (issue 12, point 9).
        tenant, integration = uuid.uuid4(), uuid.uuid4()
        url = f"/v1/integrations/{integration}/mute"
        past = await client.post(url, json={"until": "2020-01-01T00:00:00Z"}, headers=auth(tenant))
        assert past.status_code == 200, past.text
        assert (await client.get(url, headers=auth(tenant))).status_code == 404
        far = await client.post(url, json={"until": "2999-01-01T00:00:00Z"}, headers=auth(tenant))
        assert far.status_code == 200, far.text
        until = datetime.fromisoformat(far.json()["until"])
        assert timedelta(days=29) < until - datetime.now(UTC) <= timedelta(days=30)
        assert (await client.get(url, headers=auth(tenant))).json()["until"] == far.json()["until"]

    @pytest.mark.parametrize(
        "until", ["2026-12-08T09:00:00", "in an hour", None, 0, "0", "2026-12-08"]
    )
    async def test_a_mute_until_not_a_moment_with_a_zone_is_a_422(
        self, client: httpx.AsyncClient, until: str | int | None
    ) -> None:
        response = await client.post(
            f"/v1/integrations/{uuid.uuid4()}/mute",
            json={"until": until},
            headers=auth(uuid.uuid4()),
        )
        assert response.status_code == 422
        assert response.json()["field"] == "until"
