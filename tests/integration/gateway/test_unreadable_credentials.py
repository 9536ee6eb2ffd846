"""Stored credentials that no longer decrypt (their key removed from
SYNCYARD_CREDENTIAL_KEYS, or the row changed) are a 409 ``credentials_unreadable`` telling the
merchant to enter them again, never a 500; an edit giving every field mends the connection."""

import uuid

import pytest
from sqlalchemy import text

from syncyard_gateway.main import create_app
from tests.contract.connectors.conftest import (
    SHOPIFY_DOMAIN,
    SHOPIFY_SECRET,
    SHOPIFY_TOKEN,
    shopify_url,
)
from tests.integration.gateway import factories
from tests.integration.gateway.conftest import RunningGateway

__all__ = ["shopify_url"]

# Each way a stored row stops decrypting: its key id names a key no longer configured, or its
# ciphertext (here: the last byte of the GCM tag) was changed.
SPOIL = {
    "key removed": "UPDATE gateway.connection SET key_id = 'retired' WHERE id = :id",
    "ciphertext changed": (
        "UPDATE gateway.connection SET credentials_ciphertext = "
        "overlay(credentials_ciphertext placing "
        "set_byte('\\x00'::bytea, 0, get_byte(credentials_ciphertext, "
        "length(credentials_ciphertext) - 1) # 1) "
        "from length(credentials_ciphertext)) WHERE id = :id"
    ),
}


async def _spoil(gateway: RunningGateway, connection_id: str, how: str) -> None:
    async with gateway.engine.begin() as connection:
        await connection.execute(text(SPOIL[how]), {"id": uuid.UUID(connection_id)})


@pytest.mark.parametrize("how", sorted(SPOIL))
async def test_unreadable_credentials_are_a_409_telling_to_enter_them_again(
    gateway: RunningGateway, tenant_id: uuid.UUID, how: str
) -> None:
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client)
        path = f"/v1/connections/{created['id']}"
        await _spoil(gateway, created["id"], how)
        answers = {
            "test": await client.post(f"{path}/test"),
            "samples": await client.get(f"{path}/samples/orders"),
            "partial edit": await client.patch(
                path, json={"credentials": {"access_token": "shpat_new"}}
            ),
        }
        shown = await client.get(path)
    for name, answer in answers.items():
        assert answer.status_code == 409, (name, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
        problem = answer.json()
        assert problem["code"] == "credentials_unreadable", name
        assert problem["field"] == "credentials"
        assert "Enter the connection's credentials again" in problem["detail"]
    assert shown.status_code == 200  # reading the connection itself still works


async def test_an_edit_giving_every_field_mends_unreadable_credentials(
    gateway: RunningGateway, tenant_id: uuid.UUID, shopify_url: str
) -> None:
    working = {
        "shop_domain": SHOPIFY_DOMAIN,
        "access_token": SHOPIFY_TOKEN,
        "webhook_secret": SHOPIFY_SECRET,
        "base_url": shopify_url,
    }
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client, **working)
        path = f"/v1/connections/{created['id']}"
        await _spoil(gateway, created["id"], "key removed")
        edited = await client.patch(path, json={"credentials": working})
        tested = await client.post(f"{path}/test")
    assert edited.status_code == 200, edited.text
    assert edited.json()["id"] == created["id"]
    assert tested.json() == {"ok": True, "error": None}
    key_id = await gateway.scalar(
        "SELECT key_id FROM gateway.connection WHERE id = :id", id=uuid.UUID(created["id"])
    )
    assert key_id == "current"


def test_the_document_declares_the_409_where_credentials_are_unsealed(
    gateway: RunningGateway,
) -> None:
    paths = create_app(gateway.settings).openapi()["paths"]
    operations = [
        paths["/v1/connections/{connection_id}"]["patch"],
        paths["/v1/connections/{connection_id}/test"]["post"],
        paths["/v1/connections/{connection_id}/samples/{entity}"]["get"],
        paths["/v1/connections/{connection_id}/records/{entity}"]["get"],
        paths["/v1/connections/{connection_id}/order-check"]["post"],
        paths["/v1/connections/{connection_id}/lookups/{entity}"]["post"],
    ]
    for operation in operations:
        assert "credentials_unreadable" in operation["responses"]["409"]["description"]
