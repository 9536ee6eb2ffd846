"""The intake keeps connections and verifiers in memory; a change of credentials counts at once.

A webhook is accepted only if the connection, in the statement that stores it, still holds the
credentials its signature was checked with: a new webhook secret, a key rotation or a deleted
connection is seen by the very next delivery, whatever the gateway had cached.
"""

import uuid
from datetime import UTC, datetime

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker

from syncyard_common import sealing
from syncyard_gateway.connections import credentials, repository, rotation
from syncyard_gateway.connectors import by_name
from tests.integration.gateway import factories
from tests.integration.gateway.conftest import CREDENTIAL_KEYS, RunningGateway

CURRENT, PREVIOUS = (part.split(":", 1) for part in CREDENTIAL_KEYS.split(","))
KEYRING = sealing.KeyRing.parse(CREDENTIAL_KEYS)
# The gateway's own keys, the older one still active: what a store looked like before rotation.
OLDER_KEYRING = sealing.KeyRing.parse(f"{PREVIOUS[0]}:{PREVIOUS[1]},{CURRENT[0]}:{CURRENT[1]}")


async def deliver(
    gateway: RunningGateway, connection_id: str, *, secret: str = factories.WEBHOOK_SECRET
) -> httpx.Response:
    body = factories.encode(factories.order_payload(order_id=uuid.uuid4().int % 10**12))
    headers = factories.webhook_headers(body, signature=factories.sign(body, secret))
    async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as client:
        return await client.post(f"/v1/webhooks/{connection_id}", content=body, headers=headers)


async def reseal(
    gateway: RunningGateway,
    connection_id: str,
    tenant_id: uuid.UUID,
    *,
    webhook_secret: str,
    keyring: sealing.KeyRing = KEYRING,
) -> None:
    """Store new credentials for the connection, as another replica or an operator would."""
    model = by_name.get("shopify").credentials_model
    secrets = model.model_validate(factories.shopify_credentials(webhook_secret=webhook_secret))
    parsed = uuid.UUID(connection_id)
    sealed = credentials.seal(keyring, secrets, tenant_id=tenant_id, connection_id=parsed)
    sessionmaker = async_sessionmaker(gateway.engine)
    async with sessionmaker() as session, session.begin():
        await repository.replace_sealed(
            session, connection_id=parsed, sealed=sealed, now=datetime.now(UTC)
        )


async def inbox_rows(gateway: RunningGateway, connection_id: str) -> object:
    return await gateway.scalar(
        "SELECT count(*) FROM gateway.webhook_inbox WHERE connection_id = :id", id=connection_id
    )


async def new_connection(gateway: RunningGateway, tenant_id: uuid.UUID) -> str:
    async with gateway.client(tenant_id) as client:
        return str((await factories.create_connection(client))["id"])


async def test_a_new_webhook_secret_counts_from_the_next_delivery(
    gateway: RunningGateway, tenant_id: uuid.UUID
) -> None:
    connection_id = await new_connection(gateway, tenant_id)
    assert (await deliver(gateway, connection_id)).json() == {"status": "accepted"}

    await reseal(gateway, connection_id, tenant_id, webhook_secret="whsec_rotated_secret")
    old = await deliver(gateway, connection_id)
    assert old.status_code == 401, old.text
    new = await deliver(gateway, connection_id, secret="whsec_rotated_secret")
    assert new.json() == {"status": "accepted"}
    assert await inbox_rows(gateway, connection_id) == 2


async def test_a_key_rotation_keeps_webhooks_flowing(
    gateway: RunningGateway, tenant_id: uuid.UUID
) -> None:
    connection_id = await new_connection(gateway, tenant_id)
    await reseal(
        gateway,
        connection_id,
        tenant_id,
        webhook_secret=factories.WEBHOOK_SECRET,
        keyring=OLDER_KEYRING,
    )
    assert (await deliver(gateway, connection_id)).json() == {"status": "accepted"}

    sessionmaker = async_sessionmaker(gateway.engine)
    assert await rotation.rewrap(sessionmaker=sessionmaker, keyring=KEYRING) >= 1
    assert (await deliver(gateway, connection_id)).json() == {"status": "accepted"}
    assert await inbox_rows(gateway, connection_id) == 2


async def test_a_deleted_connection_refuses_the_next_webhook(
    gateway: RunningGateway, tenant_id: uuid.UUID
) -> None:
    connection_id = await new_connection(gateway, tenant_id)
    assert (await deliver(gateway, connection_id)).json() == {"status": "accepted"}
    async with gateway.client(tenant_id) as client:
        assert (await client.delete(f"/v1/connections/{connection_id}")).status_code == 204

    refused = await deliver(gateway, connection_id)
    assert refused.status_code == 404, refused.text
    assert await inbox_rows(gateway, connection_id) == 0  # deleted with its connection
