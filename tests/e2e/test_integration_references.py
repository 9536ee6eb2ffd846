"""An integration names only the tenant's own connections of the connectors it says; the
logger answers 404 for another tenant's integration log (the real system, gateway checked)."""

import uuid

from tests.e2e.journey import JourneyFactory


def integration(source: str, target: str, **changes: str) -> dict[str, str]:
    body = {
        "name": "Shop to till",
        "source_connection_id": source,
        "target_connection_id": target,
        "source_connector": "shopify",
        "target_connector": "mplus",
    }
    return {**body, **changes}


async def test_an_integration_refuses_foreign_unknown_and_mismatched_connections(
    new_journey: JourneyFactory,
) -> None:
    alice = await new_journey(subscribe_webhook=False)
    bob = await new_journey(subscribe_webhook=False)
    url = f"{bob.urls.orchestrator}/v1/integrations"
    mine = (bob.seeded.shopify_connection_id, bob.seeded.mplus_connection_id)
    theirs = (alice.seeded.shopify_connection_id, alice.seeded.mplus_connection_id)
    before = (await bob.api.get(url)).json()["items"]

    foreign_source = await bob.api.post(url, json=integration(theirs[0], mine[1]))
    assert foreign_source.status_code == 404, foreign_source.text
    assert foreign_source.json()["field"] == "source_connection_id"
    foreign_target = await bob.api.post(url, json=integration(mine[0], theirs[1]))
    assert foreign_target.status_code == 404, foreign_target.text
    assert foreign_target.json()["field"] == "target_connection_id"
    unknown = await bob.api.post(url, json=integration(str(uuid.uuid4()), mine[1]))
    assert unknown.status_code == 404, unknown.text
    swapped = await bob.api.post(url, json=integration(mine[1], mine[0]))
    assert swapped.status_code == 422, swapped.text
    assert swapped.json()["code"] == "connector_mismatch"
    assert swapped.json()["field"] == "source_connector"
    assert (await bob.api.get(url)).json()["items"] == before  # nothing was created

    created = await bob.api.post(url, json=integration(*mine))
    assert created.status_code == 201, created.text


async def test_another_tenants_integration_log_is_404_and_an_own_empty_one_is_200(
    new_journey: JourneyFactory,
) -> None:
    alice = await new_journey(subscribe_webhook=False)
    bob = await new_journey(subscribe_webhook=False)
    log = f"{alice.urls.logger}/v1/integrations/{alice.seeded.integration_id}/log"
    assert (await alice.api.get(log)).status_code == 200
    foreign = await bob.api.get(log)
    assert foreign.status_code == 404, foreign.text
    assert foreign.json()["code"] == "integration_not_found"
    unknown = await bob.api.get(f"{alice.urls.logger}/v1/integrations/{uuid.uuid4()}/log")
    assert unknown.status_code == 404


async def test_a_connection_an_integration_uses_cannot_be_deleted(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey(subscribe_webhook=False)
    urls, seeded = journey.urls, journey.seeded
    connection = f"{urls.gateway}/v1/connections/{seeded.mplus_connection_id}"
    refused = await journey.api.delete(connection)
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "connection_in_use"
    assert seeded.integration_id in refused.json()["integration_ids"]
    assert (await journey.api.get(connection)).status_code == 200  # still there
    removed = await journey.api.delete(
        f"{urls.orchestrator}/v1/integrations/{seeded.integration_id}"
    )
    assert removed.status_code == 204
    assert (await journey.api.delete(connection)).status_code == 204
