"""A connection deleted while an integration is being created from it: both cannot succeed
(issue 12, point 7). Without the gateway's row lock and the orchestrator's save-then-check,
the delete's check could find no integration and the create's check find the connection, and
the integration would be left naming a connection that is gone (webhooks 404, orders lost).

Each round races a DELETE of a fresh connection against a POST of an integration using it,
the POST started a little later each round so that the two meet at different steps."""

import asyncio
import uuid

from scripts.system.connections import CREDENTIALS
from tests.e2e.journey import Journey, JourneyFactory

NOWHERE = "http://127.0.0.1:9/"
ROUNDS = 8


async def fresh_connection(journey: Journey) -> str:
    name, credentials = CREDENTIALS["ecwid"]
    body = {"name": f"{name} {uuid.uuid4().hex[:6]}", "connector": "ecwid"}
    created = await journey.api.post(
        f"{journey.urls.gateway}/v1/connections",
        json={**body, "credentials": credentials(NOWHERE)},
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def race(journey: Journey, connection_id: str, delay: float) -> tuple[int, int]:
    integration = {
        "name": "Racing",
        "source_connection_id": connection_id,
        "target_connection_id": journey.seeded.mplus_connection_id,
        "source_connector": "ecwid",
        "target_connector": "mplus",
    }

    async def create() -> int:
        await asyncio.sleep(delay)
        url = f"{journey.urls.orchestrator}/v1/integrations"
        return (await journey.api.post(url, json=integration)).status_code

    async def delete() -> int:
        url = f"{journey.urls.gateway}/v1/connections/{connection_id}"
        return (await journey.api.delete(url)).status_code

    deleted, created = await asyncio.gather(delete(), create())
    return deleted, created


async def test_a_connection_and_an_integration_from_it_are_never_both_deleted_and_created(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey(subscribe_webhook=False)
    outcomes = []
    for round_ in range(ROUNDS):
        connection_id = await fresh_connection(journey)
        deleted, created = await race(journey, connection_id, delay=round_ * 0.01)
        outcomes.append((deleted, created))
        assert (deleted, created) != (204, 201), outcomes
        assert deleted in (204, 409), outcomes
        assert created in (201, 404), outcomes
        # Whatever won, the state agrees with the answers.
        still = await journey.api.get(f"{journey.urls.gateway}/v1/connections/{connection_id}")
        users = await journey.api.get(
            f"{journey.urls.orchestrator}/v1/integrations",
            params={"connection_id": connection_id},
        )
        assert still.status_code == (404 if deleted == 204 else 200), outcomes
        assert len(users.json()["items"]) == (1 if created == 201 else 0), outcomes
