"""A channel in use cannot be deleted: while it is the last channel a live alert reaches,
DELETE answers 409 ``channel_in_use`` naming the alerts and their integrations; another
channel that takes them, a mute, or ``?force=true`` lets it go."""

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from notifier_support import auth, run_failed_envelope

from syncyard_common.broker import publisher
from tests.fixtures.eventually import eventually

pytestmark = pytest.mark.integration

PROBLEM_JSON = "application/problem+json"


async def channel(client: httpx.AsyncClient, tenant: uuid.UUID, **extra: Any) -> str:
    created = await client.post(
        "/v1/channels",
        json={"kind": "email", "address": f"ops-{uuid.uuid4()}@example.com", **extra},
        headers=auth(tenant),
    )
    assert created.status_code == 201, created.text
    channel_id: str = created.json()["id"]
    return channel_id


async def live_alert(
    client: httpx.AsyncClient, bus: publisher.Publisher, tenant: uuid.UUID
) -> tuple[str, str]:
    """A run of a new integration fails: (alert id, integration id) once the alert is open."""
    integration = uuid.uuid4()
    await bus.publish(run_failed_envelope(tenant, integration_id=integration, reason="gone"))

    async def opened() -> str | None:
        listed = await client.get(f"/v1/alerts?integration_id={integration}", headers=auth(tenant))
        items = listed.json()["items"]
        return str(items[0]["id"]) if items else None

    return await eventually(opened), str(integration)


async def delete(
    client: httpx.AsyncClient, tenant: uuid.UUID, channel_id: str, query: str = ""
) -> httpx.Response:
    return await client.delete(f"/v1/channels/{channel_id}{query}", headers=auth(tenant))


class TestChannelInUse:
    async def test_the_only_channel_of_a_live_alert_is_refused_naming_it(
        self, client: httpx.AsyncClient, bus: publisher.Publisher
    ) -> None:
        tenant = uuid.uuid4()
        only = await channel(client, tenant)
        alert_id, integration_id = await live_alert(client, bus, tenant)

        refused = await delete(client, tenant, only)

        assert refused.status_code == 409, refused.text
        assert refused.headers["content-type"].startswith(PROBLEM_JSON)
        problem = refused.json()
        assert problem["code"] == "channel_in_use"
        assert problem["alert_ids"] == [alert_id]
        assert problem["integration_ids"] == [integration_id]
        assert alert_id in problem["detail"]
        assert "force=true" in problem["detail"]
        shown = await client.get(f"/v1/channels/{only}", headers=auth(tenant))
        assert shown.status_code == 200  # nothing was deleted

    async def test_goes_once_another_channel_takes_the_alerts_of_that_integration(
        self, client: httpx.AsyncClient, bus: publisher.Publisher
    ) -> None:
        tenant = uuid.uuid4()
        first = await channel(client, tenant)
        _, integration_id = await live_alert(client, bus, tenant)
        elsewhere = await channel(client, tenant, routes=[{"integration_id": str(uuid.uuid4())}])
        assert (await delete(client, tenant, first)).status_code == 409  # not that one's

        await channel(client, tenant, routes=[{"integration_id": integration_id}])

        assert (await delete(client, tenant, first)).status_code == 204
        # The one routed elsewhere never took the alert: it is not in use either.
        assert (await delete(client, tenant, elsewhere)).status_code == 204

    async def test_a_channel_routed_away_from_the_alert_is_not_in_use(
        self, client: httpx.AsyncClient, bus: publisher.Publisher
    ) -> None:
        tenant = uuid.uuid4()
        await live_alert(client, bus, tenant)
        routed = await channel(client, tenant, routes=[{"integration_id": str(uuid.uuid4())}])
        assert (await delete(client, tenant, routed)).status_code == 204

    async def test_force_deletes_it_anyway(
        self, client: httpx.AsyncClient, bus: publisher.Publisher
    ) -> None:
        tenant = uuid.uuid4()
        only = await channel(client, tenant)
        await live_alert(client, bus, tenant)
        assert (await delete(client, tenant, only, "?force=false")).status_code == 409

        assert (await delete(client, tenant, only, "?force=true")).status_code == 204
        gone = await client.get(f"/v1/channels/{only}", headers=auth(tenant))
        assert gone.status_code == 404

    async def test_the_alerts_of_a_muted_integration_do_not_hold_it(
        self, client: httpx.AsyncClient, bus: publisher.Publisher
    ) -> None:
        tenant = uuid.uuid4()
        only = await channel(client, tenant)
        _, integration_id = await live_alert(client, bus, tenant)
        muted = await client.post(
            f"/v1/integrations/{integration_id}/mute",
            json={"until": "2999-01-01T00:00:00Z"},
            headers=auth(tenant),
        )
        assert muted.status_code == 200, muted.text

        assert (await delete(client, tenant, only)).status_code == 204

    async def test_a_disabled_channel_is_not_in_use(
        self, client: httpx.AsyncClient, bus: publisher.Publisher
    ) -> None:
        tenant = uuid.uuid4()
        only = await channel(client, tenant)
        await live_alert(client, bus, tenant)
        disabled = await client.patch(
            f"/v1/channels/{only}", json={"is_active": False}, headers=auth(tenant)
        )
        assert disabled.status_code == 200, disabled.text

        assert (await delete(client, tenant, only)).status_code == 204

    async def test_of_two_channels_deleted_at_once_one_stays(
        self, client: httpx.AsyncClient, bus: publisher.Publisher
    ) -> None:
        # Each delete alone would see the other channel still taking the alert.
        tenant = uuid.uuid4()
        channels = [await channel(client, tenant), await channel(client, tenant)]
        await live_alert(client, bus, tenant)

        answers = await asyncio.gather(*(delete(client, tenant, c) for c in channels))

        assert sorted(a.status_code for a in answers) == [204, 409]
        listed = await client.get("/v1/channels", headers=auth(tenant))
        assert len(listed.json()["items"]) == 1
