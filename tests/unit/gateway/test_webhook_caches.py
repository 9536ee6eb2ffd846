"""What the webhook intake keeps in memory: verifiers per sealed credentials, records briefly."""

import base64
import dataclasses
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from syncyard_common import sealing
from syncyard_gateway.connections import credentials
from syncyard_gateway.connections.live import VERIFIERS_KEPT, ConnectorFactory
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connections.tables import ConnectionStatus
from syncyard_gateway.connectors import by_name, http
from syncyard_gateway.egress.clients import ClientPool
from syncyard_gateway.webhooks.known import KnownConnections

TENANT = uuid.UUID("00000000-0000-4000-8000-000000000001")
KEYS = sealing.KeyRing.parse(f"current:{sealing.generate_key()},previous:{sealing.generate_key()}")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def record(
    *,
    connection_id: uuid.UUID | None = None,
    webhook_secret: str = "whsec_first",
    keyring: sealing.KeyRing = KEYS,
) -> ConnectionRecord:
    connection_id = connection_id or uuid.uuid4()
    model = by_name.get("shopify").credentials_model
    secrets = model.model_validate(
        {
            "shop_domain": "demo-shop.myshopify.com",
            "access_token": "shpat_token",
            "webhook_secret": webhook_secret,
            "base_url": "http://127.0.0.1:9/",
        }
    )
    now = datetime.now(UTC)
    return ConnectionRecord(
        id=connection_id,
        tenant_id=TENANT,
        name="shop",
        connector="shopify",
        sealed=credentials.seal(keyring, secrets, tenant_id=TENANT, connection_id=connection_id),
        credential_fields=["shop_domain", "access_token", "webhook_secret", "base_url"],
        status=ConnectionStatus.ACTIVE,
        last_error=None,
        created_at=now,
        updated_at=now,
    )


def secret_of(connector: Any) -> str:
    value: str = connector.credentials.webhook_secret.get_secret_value()
    return value


@pytest.fixture
async def factory_and_clock() -> AsyncIterator[tuple[ConnectorFactory, Clock]]:
    clients = ClientPool(http.create_client)
    clock = Clock()
    yield (
        ConnectorFactory(
            keyring=KEYS,
            clients=clients,
            allow_private_targets=True,
            verifier_ttl_seconds=60.0,
            clock=clock,
        ),
        clock,
    )
    await clients.close()


class TestVerifierCache:
    def test_the_same_sealed_credentials_are_decrypted_once(
        self, factory_and_clock: tuple[ConnectorFactory, Clock]
    ) -> None:
        factory, _ = factory_and_clock
        shop = record()
        first = factory.verifier(shop)
        assert factory.verifier(shop) is first
        assert secret_of(first) == "whsec_first"

    def test_changed_credentials_are_used_at_once(
        self, factory_and_clock: tuple[ConnectorFactory, Clock]
    ) -> None:
        factory, _ = factory_and_clock
        shop = record()
        first = factory.verifier(shop)
        changed = record(connection_id=shop.id, webhook_secret="whsec_second")
        assert secret_of(factory.verifier(changed)) == "whsec_second"
        # Going back to the old row is a change too: nothing is served by id alone.
        assert secret_of(factory.verifier(shop)) == "whsec_first"
        assert factory.verifier(shop) is not first

    def test_a_key_rotation_reseals_and_so_replaces_the_verifier(
        self, factory_and_clock: tuple[ConnectorFactory, Clock]
    ) -> None:
        factory, _ = factory_and_clock
        older = sealing.KeyRing.parse(  # the same keys, the previous one still active
            ",".join(
                f"{k}:{base64.b64encode(KEYS.keys[k]).decode()}" for k in ("previous", "current")
            )
        )
        shop = record(keyring=older)
        first = factory.verifier(shop)
        resealed = credentials.reseal(KEYS, shop.sealed, tenant_id=TENANT, connection_id=shop.id)
        rotated = dataclasses.replace(shop, sealed=resealed)
        assert rotated.sealed.key_id == "current" != shop.sealed.key_id
        again = factory.verifier(rotated)
        assert again is not first
        assert secret_of(again) == secret_of(first)

    def test_a_verifier_lives_only_its_ttl(
        self, factory_and_clock: tuple[ConnectorFactory, Clock]
    ) -> None:
        factory, clock = factory_and_clock
        shop = record()
        first = factory.verifier(shop)
        clock.now += 59.0
        assert factory.verifier(shop) is first
        clock.now += 1.0
        assert factory.verifier(shop) is not first

    def test_tampered_credentials_are_refused_even_after_a_good_read(
        self, factory_and_clock: tuple[ConnectorFactory, Clock]
    ) -> None:
        factory, _ = factory_and_clock
        shop = record()
        factory.verifier(shop)
        flipped = bytes([shop.sealed.ciphertext[-1] ^ 1])
        sealed = sealing.Sealed(shop.sealed.key_id, shop.sealed.ciphertext[:-1] + flipped)
        tampered = dataclasses.replace(shop, sealed=sealed)
        with pytest.raises(credentials.CredentialsUndecryptable):
            factory.verifier(tampered)

    def test_expired_verifiers_are_dropped_and_the_count_is_bounded(
        self, factory_and_clock: tuple[ConnectorFactory, Clock]
    ) -> None:
        factory, clock = factory_and_clock
        old = [record() for _ in range(3)]
        for shop in old:
            factory.verifier(shop)
        clock.now += 61.0
        factory.verifier(record())  # a miss after the ttl sweeps the expired ones out
        assert not set(factory._verifiers) & {shop.id for shop in old}
        assert len(factory._verifiers) == 1
        assert VERIFIERS_KEPT >= 1000  # a busy replica keeps its connections' verifiers


class TestKnownConnections:
    def test_a_record_is_known_for_its_ttl_then_read_again(self) -> None:
        clock = Clock()
        known = KnownConnections(ttl_seconds=30.0, clock=clock)
        shop = record()
        assert known.get(shop.id) is None
        known.keep(shop)
        clock.now += 29.9
        assert known.get(shop.id) is shop
        clock.now += 0.1
        assert known.get(shop.id) is None

    def test_forgotten_records_and_the_oldest_beyond_capacity_are_gone(self) -> None:
        known = KnownConnections(capacity=2)
        first, second, third = record(), record(), record()
        for shop in (first, second, third):
            known.keep(shop)
        assert known.get(first.id) is None
        assert known.get(second.id) is second
        known.forget(second.id)
        assert known.get(second.id) is None
        assert known.get(third.id) is third
