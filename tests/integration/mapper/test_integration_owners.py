"""The orchestrator's ``integration.owned.v1`` names an integration's owner (decision 0010):
another tenant that claimed the id first by writing for it gives way, and its rows go."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import sqlalchemy as sa

from syncyard_common.broker import publisher
from syncyard_common.db import engine as db_engine
from syncyard_common.messages import Envelope, integrations
from tests.fixtures.eventually import eventually

ClientFor = Callable[..., httpx.AsyncClient]
PAIR = {"source_connector": "shopify", "target_connector": "mplus"}


def owned(integration_id: uuid.UUID, tenant_id: uuid.UUID) -> Envelope:
    """What the orchestrator stages when the tenant creates the integration."""
    message = integrations.IntegrationOwnedV1(
        integration_id=integration_id, tenant_id=tenant_id, as_of=datetime.now(UTC)
    )
    return Envelope(
        type=message.type,
        source="orchestrator",
        tenant_id=tenant_id,
        integration_id=integration_id,
        payload=message.model_dump(mode="json"),
    )


async def rows_of(postgres_url: str, integration_id: uuid.UUID) -> dict[str, set[uuid.UUID]]:
    """Whose rows each per-integration table holds for the integration (read unnarrowed)."""
    found: dict[str, set[uuid.UUID]] = {}
    engine = db_engine.create_engine(postgres_url)
    try:
        async with engine.connect() as connection:
            for table in ("mapping", "value_map", "mapping_test"):
                result = await connection.execute(
                    sa.text(f"SELECT tenant_id FROM mapper.{table} WHERE integration_id = :id"),
                    {"id": integration_id},
                )
                found[table] = {row[0] for row in result}
    finally:
        await engine.dispose()
    return found


async def handled(postgres_url: str, *message_ids: uuid.UUID) -> bool:
    """Whether the mapper's ``mapper.integrations`` consumer handled every one of them."""
    engine = db_engine.create_engine(postgres_url)
    try:
        async with engine.connect() as connection:
            result = await connection.execute(
                sa.text(
                    "SELECT count(*) FROM mapper.inbox "
                    "WHERE consumer = 'mapper.integrations' AND message_id = ANY(:ids)"
                ),
                {"ids": list(message_ids)},
            )
            return bool(result.scalar_one() == len(message_ids))
    finally:
        await engine.dispose()


async def squat(client: httpx.AsyncClient, path: str) -> None:
    """Save a mapping, a value map and mapping tests under ``path``'s integration."""
    saved = await client.put(f"{path}/mappings/orders", json={"constants": {"note": "B"}})
    assert saved.status_code == 201, saved.text
    put_map = await client.put(f"{path}/value-maps/payment_methods", json={"entries": {"b": "B"}})
    assert put_map.status_code == 200, put_map.text
    put_tests = await client.put(f"{path}/mappings/orders/tests", json={"cases": []})
    assert put_tests.status_code in (200, 204), put_tests.text


class TestIntegrationOwners:
    async def test_the_owner_of_record_takes_the_integration_from_a_tenant_that_claimed_it(
        self, client_for: ClientFor, send: publisher.Publisher, postgres_url: str
    ) -> None:
        integration, alice_id, bob_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        path = f"/v1/integrations/{integration}"
        async with client_for(bob_id) as bob, client_for(alice_id) as alice:
            await squat(bob, path)  # Bob learnt Alice's integration id before she saved
            assert (await alice.get(f"{path}/mappings/orders", params=PAIR)).status_code == 404
            squatted = await rows_of(postgres_url, integration)
            assert squatted == {table: {bob_id} for table in squatted}

            await send.publish(owned(integration, alice_id))

            async def bob_is_refused() -> bool:
                answer = await bob.get(f"{path}/mappings/orders", params=PAIR)
                return answer.status_code == 404

            await eventually(bob_is_refused, timeout=15, interval=0.1)
            mine = await alice.get(f"{path}/mappings/orders", params=PAIR)
            assert mine.status_code == 200, mine.text
            assert "B" not in str(mine.json().get("document", {}).get("constants", {}))
            assert await rows_of(postgres_url, integration) == {table: set() for table in squatted}
            assert (await alice.get(f"{path}/mappings/orders/versions")).json() == []
            assert (await alice.get(f"{path}/value-maps")).json() == []
            saved = await alice.put(f"{path}/mappings/orders", json={"constants": {"note": "A"}})
            assert saved.status_code == 201, saved.text
            assert saved.json()["version"] == 1  # Bob's versions are gone, not hidden
            answers = {
                "save": await bob.put(
                    f"{path}/mappings/orders", json={"constants": {"note": "B2"}}
                ),
                "value map": await bob.put(
                    f"{path}/value-maps/payment_methods", json={"entries": {}}
                ),
                "tests": await bob.put(f"{path}/mappings/orders/tests", json={"cases": []}),
            }
        assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 404)

    async def test_the_owners_own_claim_and_rows_stay(
        self, client_for: ClientFor, send: publisher.Publisher, postgres_url: str
    ) -> None:
        integration, alice_id = uuid.uuid4(), uuid.uuid4()
        path = f"/v1/integrations/{integration}"
        async with client_for(alice_id) as alice:
            await squat(alice, path)  # her first save raced ahead of the message: fine
            # Told at creation, and again at the orchestrator's start-up.
            told = [owned(integration, alice_id), owned(integration, alice_id)]
            for envelope in told:
                await send.publish(envelope)
            await eventually(
                lambda: handled(postgres_url, *(e.id for e in told)), timeout=15, interval=0.1
            )
            versions = await alice.get(f"{path}/mappings/orders/versions")
            maps = await alice.get(f"{path}/value-maps/payment_methods")
        assert [v["version"] for v in versions.json()] == [1]
        assert maps.json()["entries"] == {"b": "B"}
        kept = await rows_of(postgres_url, integration)
        assert kept == {table: {alice_id} for table in kept}
