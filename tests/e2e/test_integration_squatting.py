"""A tenant that learnt another tenant's integration id cannot take that integration's
mappings (decision 0010): ids are minted by the orchestrator, which tells the mapper who owns
each one, and its word beats a first write by anyone else (the real system)."""

from typing import Any

from tests.e2e.journey import JourneyFactory
from tests.fixtures.eventually import eventually

PAIR = {"source_connector": "shopify", "target_connector": "mplus"}


async def test_a_tenant_that_writes_first_under_another_tenants_integration_id_gets_nothing(
    new_journey: JourneyFactory,
) -> None:
    alice = await new_journey(subscribe_webhook=False)
    bob = await new_journey(subscribe_webhook=False)
    # Alice creates another integration; Bob, who learnt its id, writes for it at once,
    # before Alice saved any mapping (and before the mapper may have heard who owns it).
    created = await alice.api.post(
        f"{alice.urls.orchestrator}/v1/integrations",
        json={
            "name": "Second shop into the till",
            "source_connection_id": alice.seeded.shopify_connection_id,
            "target_connection_id": alice.seeded.mplus_connection_id,
            **PAIR,
        },
    )
    assert created.status_code == 201, created.text
    mappings = f"{alice.urls.mapper}/v1/integrations/{created.json()['id']}/mappings/orders"
    squat = await bob.api.put(mappings, json={"constants": {"note": "Bob's"}})
    # 201 when Bob got there before the owner was told (his rows go when it is), else 404.
    assert squat.status_code in (201, 404), squat.text

    async def settled() -> dict[str, Any] | None:
        if (await bob.api.get(mappings, params=PAIR)).status_code != 404:
            return None
        mine = await alice.api.get(mappings, params=PAIR)
        return mine.json() if mine.status_code == 200 else None

    current = await eventually(settled, timeout=30)
    assert current["is_default"] is True  # Bob's version is gone, not Alice's
    saved = await alice.api.put(mappings, json={"constants": {"note": "Alice's"}})
    assert saved.status_code == 201, saved.text
    assert saved.json()["version"] == 1
    versions = await alice.api.get(f"{mappings}/versions")
    assert [item["version"] for item in versions.json()] == [1]
    again = await bob.api.put(mappings, json={"constants": {"note": "Bob's again"}})
    assert again.status_code == 404
