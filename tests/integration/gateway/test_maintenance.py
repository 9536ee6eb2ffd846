"""Key rotation re-encrypts stored credentials; old dedupe ids are purged after seven days."""

import uuid
from datetime import UTC, datetime, timedelta

from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker

from syncyard_common import sealing
from syncyard_gateway.connections import credentials, repository, rotation
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connections.tables import ConnectionStatus
from syncyard_gateway.connectors.shopify.connector import ShopifyCredentials
from syncyard_gateway.webhooks import purge
from tests.integration.gateway import factories
from tests.integration.gateway.conftest import CREDENTIAL_KEYS, RunningGateway


def previous_only() -> sealing.KeyRing:
    """The keyring as it was before rotation: 'previous' was the active key."""
    ring = sealing.KeyRing.parse(CREDENTIAL_KEYS)
    return sealing.KeyRing(active_key_id="previous", keys={"previous": ring.keys["previous"]})


class TestKeyRotation:
    async def test_rewrap_moves_old_rows_to_the_active_key(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        secrets = ShopifyCredentials.model_validate(factories.shopify_credentials())
        connection_id = uuid.uuid4()
        now = datetime.now(UTC)
        record = ConnectionRecord(
            id=connection_id,
            tenant_id=tenant_id,
            name="sealed before rotation",
            connector="shopify",
            sealed=credentials.seal(
                previous_only(), secrets, tenant_id=tenant_id, connection_id=connection_id
            ),
            credential_fields=credentials.fields_set(secrets),
            status=ConnectionStatus.ACTIVE,
            last_error=None,
            created_at=now,
            updated_at=now,
        )
        sessionmaker = async_sessionmaker(gateway.engine, expire_on_commit=False)
        async with sessionmaker() as session, session.begin():
            await repository.add(session, record=record)
        # Before the rewrap the service still reads it through the older key.
        async with gateway.client(tenant_id) as client:
            tested = await client.post(f"/v1/connections/{connection_id}/test")
        assert tested.json()["error"]["code"] == "unreachable"  # decrypted, then called

        keyring = gateway.settings.keyring()
        assert await rotation.rewrap(sessionmaker=sessionmaker, keyring=keyring) >= 1
        async with sessionmaker() as session, session.begin():
            stored = await repository.get(session, tenant_id=tenant_id, connection_id=connection_id)
        assert stored is not None
        assert stored.sealed.key_id == "current"
        only_current = sealing.KeyRing(
            active_key_id="current", keys={"current": keyring.keys["current"]}
        )
        opened = credentials.unseal(
            only_current,
            ShopifyCredentials,
            stored.sealed,
            tenant_id=tenant_id,
            connection_id=connection_id,
        )
        assert isinstance(opened, ShopifyCredentials)
        assert opened.access_token == SecretStr(factories.ACCESS_TOKEN)


class TestPurge:
    async def test_dedupe_ids_older_than_seven_days_are_deleted(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        async with gateway.client(tenant_id) as client:
            created = await factories.create_connection(client)
        connection_id = uuid.UUID(created["id"])
        now = datetime.now(UTC)
        async with gateway.engine.begin() as conn:
            for key, age in (("old", timedelta(days=8)), ("recent", timedelta(days=6))):
                await conn.execute(
                    text(
                        "INSERT INTO gateway.webhook_inbox "
                        "(connection_id, source_event_key, topic, outcome, received_at) "
                        "VALUES (:c, :k, 'orders/create', 'accepted', :at)"
                    ),
                    {"c": connection_id, "k": key, "at": now - age},
                )
        assert await purge.purge_once(gateway.engine, now=now) >= 1
        left = await gateway.scalar(
            "SELECT string_agg(source_event_key, ',') FROM gateway.webhook_inbox "
            "WHERE connection_id = :c",
            c=connection_id,
        )
        assert left == "recent"
