"""A connection's webhook URL is absolute under SYNCYARD_PUBLIC_BASE_URL, a path without it."""

import uuid
from datetime import UTC, datetime

from syncyard_common.sealing import Sealed
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connections.schemas import ConnectionRead
from syncyard_gateway.connections.tables import ConnectionStatus

NOW = datetime(2026, 12, 7, tzinfo=UTC)
RECORD = ConnectionRecord(
    id=uuid.UUID("00000000-0000-4000-8000-0000000000aa"),
    tenant_id=uuid.uuid4(),
    name="Shop",
    connector="shopify",
    sealed=Sealed(key_id="k1", ciphertext=b""),
    credential_fields=[],
    status=ConnectionStatus.ACTIVE,
    last_error=None,
    created_at=NOW,
    updated_at=NOW,
)


def test_without_a_public_base_url_the_webhook_url_is_a_path() -> None:
    assert ConnectionRead.of(RECORD).webhook_url == f"/v1/webhooks/{RECORD.id}"


def test_the_public_base_url_makes_it_absolute_with_its_prefix() -> None:
    read = ConnectionRead.of(RECORD, "https://syncyard.example/api/gateway/")
    assert read.webhook_url == f"https://syncyard.example/api/gateway/v1/webhooks/{RECORD.id}"
