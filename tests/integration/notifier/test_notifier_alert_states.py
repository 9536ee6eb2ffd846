"""Alerts have a state: open → acknowledged (who, when) → resolved, by themselves when the
failed runs succeed on retry or the remote answers again."""

import uuid
from typing import Any

import httpx
import orjson
import pytest
from notifier_receivers import WebhookReceiver
from notifier_support import (
    auth,
    outage_envelope,
    run_completed_envelope,
    run_failed_envelope,
)

from syncyard_common.auth.principal import Role
from syncyard_common.broker import publisher
from tests.fixtures.eventually import eventually

pytestmark = pytest.mark.integration


async def webhook_for(
    client: httpx.AsyncClient, receiver: WebhookReceiver, tenant: uuid.UUID, **extra: Any
) -> str:
    path = f"/states/{uuid.uuid4()}"
    response = await client.post(
        "/v1/channels",
        json={"kind": "webhook", "url": receiver.url(path), **extra},
        headers=auth(tenant),
    )
    assert response.status_code == 201, response.text
    return path


async def alerts(client: httpx.AsyncClient, tenant: uuid.UUID, query: str = "") -> list[Any]:
    response = await client.get(f"/v1/alerts{query}", headers=auth(tenant))
    assert response.status_code == 200, response.text
    items: list[Any] = response.json()["items"]
    return items


class TestAcknowledge:
    async def test_records_who_and_when_and_filters_by_state(
        self,
        client: httpx.AsyncClient,
        bus: publisher.Publisher,
        webhook_receiver: WebhookReceiver,
    ) -> None:
        tenant = uuid.uuid4()
        await webhook_for(client, webhook_receiver, tenant)
        await bus.publish(run_failed_envelope(tenant, integration_id=uuid.uuid4(), reason="x"))

        async def opened() -> bool:
            return len(await alerts(client, tenant, "?state=open")) == 1

        await eventually(opened)
        [alert] = await alerts(client, tenant)
        assert alert["kind"] == "run_failures"
        viewer = await client.post(
            f"/v1/alerts/{alert['id']}/acknowledge", headers=auth(tenant, Role.VIEWER)
        )
        assert viewer.status_code == 403
        stranger = await client.post(
            f"/v1/alerts/{alert['id']}/acknowledge", headers=auth(uuid.uuid4())
        )
        assert stranger.status_code == 404
        assert stranger.json()["code"] == "alert_not_found"

        acked = await client.post(f"/v1/alerts/{alert['id']}/acknowledge", headers=auth(tenant))
        assert acked.status_code == 200
        assert acked.json()["state"] == "acknowledged"
        assert acked.json()["acknowledged_by"]
        assert acked.json()["acknowledged_at"]
        again = await client.post(f"/v1/alerts/{alert['id']}/acknowledge", headers=auth(tenant))
        assert again.json()["acknowledged_at"] == acked.json()["acknowledged_at"]
        assert await alerts(client, tenant, "?state=open") == []
        assert [a["id"] for a in await alerts(client, tenant, "?state=acknowledged")] == [
            alert["id"]
        ]
        assert (
            await client.get("/v1/alerts?state=closed", headers=auth(tenant))
        ).status_code == 422
        shown = await client.get(f"/v1/alerts/{alert['id']}", headers=auth(tenant))
        assert [d["channel_id"] for d in shown.json()["deliveries"]]


class TestRunFailuresResolveThemselves:
    async def test_the_alert_resolves_when_every_failed_run_succeeds_on_retry(
        self,
        client: httpx.AsyncClient,
        bus: publisher.Publisher,
        webhook_receiver: WebhookReceiver,
    ) -> None:
        tenant, integration = uuid.uuid4(), uuid.uuid4()
        path = await webhook_for(client, webhook_receiver, tenant)
        first, second = uuid.uuid4(), uuid.uuid4()
        for run_id in (first, second):
            await bus.publish(
                run_failed_envelope(tenant, integration_id=integration, reason="r", run_id=run_id)
            )

        async def counted_twice() -> bool:
            items = await alerts(client, tenant)
            return len(items) == 1 and items[0]["occurrences"] == 2

        await eventually(counted_twice)
        [alert] = await alerts(client, tenant)
        await bus.publish(run_completed_envelope(tenant, integration_id=integration, run_id=first))

        async def one_still_failing() -> bool:
            shown = await client.get(f"/v1/alerts/{alert['id']}", headers=auth(tenant))
            return bool(shown.json()["failing_runs"] == 1)

        # The first run's success alone resolves nothing: the second still fails.
        await eventually(one_still_failing)
        assert [a["state"] for a in await alerts(client, tenant)] == ["open"]
        await eventually(lambda: len(webhook_receiver.at(path)) == 1)
        await bus.publish(run_completed_envelope(tenant, integration_id=integration, run_id=second))

        async def resolved() -> bool:
            return [a["state"] for a in await alerts(client, tenant)] == ["resolved"]

        await eventually(resolved)
        [after] = await alerts(client, tenant)
        assert after["id"] == alert["id"]
        assert after["resolution"] == "every failed run succeeded on retry"
        await eventually(lambda: len(webhook_receiver.at(path)) == 2)
        notice = orjson.loads(webhook_receiver.at(path)[-1].body)
        assert notice["type"] == "alert.resolved"
        assert "succeeded on retry" in notice["text"]

        # The same failure again is a new problem: a new alert, sent at once.
        await bus.publish(run_failed_envelope(tenant, integration_id=integration, reason="r"))
        await eventually(lambda: len(webhook_receiver.at(path)) == 3)
        states = sorted(a["state"] for a in await alerts(client, tenant))
        assert states == ["open", "resolved"]


class TestConnectionOutage:
    async def test_one_alert_per_outage_resolved_when_it_ends(
        self,
        client: httpx.AsyncClient,
        bus: publisher.Publisher,
        webhook_receiver: WebhookReceiver,
    ) -> None:
        tenant, connection_id = uuid.uuid4(), uuid.uuid4()
        path = await webhook_for(client, webhook_receiver, tenant)
        await bus.publish(outage_envelope(tenant, connection_id))
        await bus.publish(outage_envelope(tenant, connection_id))  # said again: still one

        async def counted_twice() -> bool:
            items = await alerts(client, tenant, "?kind=connection_outage")
            return len(items) == 1 and items[0]["occurrences"] == 2

        await eventually(counted_twice)
        [alert] = await alerts(client, tenant)
        assert alert["connection_id"] == str(connection_id)
        assert len(webhook_receiver.at(path)) == 1
        started = orjson.loads(webhook_receiver.at(path)[0].body)
        assert started["type"] == "connection.outage.started.v1"
        assert "Till" in started["text"]
        assert "mplus" in started["text"]

        await bus.publish(outage_envelope(tenant, connection_id, ended=True))
        await eventually(lambda: len(webhook_receiver.at(path)) == 2)
        ended = orjson.loads(webhook_receiver.at(path)[1].body)
        assert ended["type"] == "connection.outage.ended.v1"
        assert "answers again" in ended["text"]
        [after] = await alerts(client, tenant)
        assert after["state"] == "resolved"
        assert after["resolved_at"] is not None
