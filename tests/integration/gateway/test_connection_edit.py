"""PATCH /v1/connections/{id}: credentials edited in place, tested against the remote before
they are saved; the id, the webhook URL and the fields left out stay; a refusal changes
nothing; another tenant's id is a 404."""

import uuid

from tests.contract.connectors.conftest import (
    SHOPIFY_DOMAIN,
    SHOPIFY_SECRET,
    SHOPIFY_TOKEN,
    shopify_url,
)
from tests.integration.gateway import factories
from tests.integration.gateway.conftest import RunningGateway

__all__ = ["shopify_url"]


def _working(shopify_url: str) -> dict[str, str]:
    return {
        "shop_domain": SHOPIFY_DOMAIN,
        "access_token": SHOPIFY_TOKEN,
        "webhook_secret": SHOPIFY_SECRET,
        "base_url": shopify_url,
    }


async def test_a_changed_token_is_tested_then_saved_in_place(
    gateway: RunningGateway, tenant_id: uuid.UUID, shopify_url: str
) -> None:
    wrong = {**_working(shopify_url), "access_token": "shpat_revoked"}
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client, **wrong)
        path = f"/v1/connections/{created['id']}"
        refused = await client.post(f"{path}/test")  # the shop refuses it: failing
        failing = await client.get(path)
        edited = await client.patch(
            path, json={"name": "Shop", "credentials": {"access_token": SHOPIFY_TOKEN}}
        )
        tested = await client.post(f"{path}/test")
    assert refused.json()["ok"] is False
    assert failing.json()["status"] == "failing"
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert (body["id"], body["webhook_url"]) == (created["id"], created["webhook_url"])
    assert body["name"] == "Shop"
    assert body["status"] == "active"
    assert SHOPIFY_TOKEN not in edited.text
    # The webhook secret and the address were kept: the connection works as it is.
    assert tested.json() == {"ok": True, "error": None}


async def test_credentials_the_remote_refuses_change_nothing(
    gateway: RunningGateway, tenant_id: uuid.UUID, shopify_url: str
) -> None:
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client, **_working(shopify_url))
        path = f"/v1/connections/{created['id']}"
        refused = await client.patch(
            path, json={"name": "Renamed", "credentials": {"access_token": "shpat_wrong"}}
        )
        after = await client.get(path)
        still = await client.post(f"{path}/test")
    assert refused.status_code == 422
    problem = refused.json()
    assert (problem["code"], problem["field"]) == ("connection_test_failed", "credentials")
    assert "shpat_wrong" not in refused.text
    assert after.json()["name"] == created["name"]
    assert after.json()["updated_at"] == created["updated_at"]
    assert still.json()["ok"] is True


async def test_an_invalid_field_is_named_and_another_tenant_gets_404(
    gateway: RunningGateway, tenant_id: uuid.UUID
) -> None:
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client)
        path = f"/v1/connections/{created['id']}"
        invalid = await client.patch(path, json={"credentials": {"shop_domain": "not a shop"}})
        unknown = await client.patch(path, json={"colour": "red"})
    async with gateway.client(uuid.uuid4()) as stranger:
        foreign = await stranger.patch(path, json={"name": "mine now"})
    assert invalid.status_code == 422
    assert invalid.json()["field"] == "credentials.shop_domain"
    assert unknown.status_code == 422
    assert foreign.status_code == 404


async def test_a_rename_alone_calls_no_remote(
    gateway: RunningGateway, tenant_id: uuid.UUID
) -> None:
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client)  # its remote is unreachable
        renamed = await client.patch(f"/v1/connections/{created['id']}", json={"name": "New"})
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "New"
