"""Against a real database: the orchestrator, which mints integration ids, tells who owns each
integration (``integration.owned.v1``, decision 0010) with its creation and at start-up."""

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from syncyard_orchestrator.integrations import owners
from tests.integration.orchestrator.conftest import TokenFactory
from tests.integration.orchestrator.test_integrations_api import (
    create_integration,
    integration_body,
)


async def owned_staged(app: FastAPI, integration_id: str) -> list[dict[str, Any]]:
    """The ``integration.owned.v1`` envelopes staged for the integration, oldest first."""
    async with app.state.sessionmaker() as session:
        rows = await session.execute(
            text(
                "SELECT envelope FROM orchestrator.outbox WHERE type = 'integration.owned.v1' "
                "AND envelope->'payload'->>'integration_id' = :id ORDER BY created_at"
            ),
            {"id": integration_id},
        )
        return [row[0] for row in rows]


async def test_creating_an_integration_tells_its_owner(
    app: FastAPI, client: httpx.AsyncClient, auth: TokenFactory
) -> None:
    tenant = uuid.uuid4()
    created = await create_integration(client, auth(tenant))
    (staged,) = await owned_staged(app, created["id"])
    assert staged["tenant_id"] == str(tenant)
    assert staged["payload"]["tenant_id"] == str(tenant)


async def test_a_client_cannot_choose_the_id_of_the_integration_it_creates(
    client: httpx.AsyncClient, auth: TokenFactory
) -> None:
    chosen = str(uuid.uuid4())
    body = {**integration_body(), "id": chosen}
    response = await client.post("/v1/integrations", json=body, headers=auth(uuid.uuid4()))
    assert response.status_code == 422, response.text


async def test_start_up_tells_every_integrations_owner_again(
    app: FastAPI, client: httpx.AsyncClient, auth: TokenFactory
) -> None:
    tenants = [uuid.uuid4(), uuid.uuid4()]
    created = [await create_integration(client, auth(tenant)) for tenant in tenants]
    told = await owners.announce_all(app.state.sessionmaker)
    assert told >= len(created)
    for tenant, integration in zip(tenants, created, strict=True):
        staged = await owned_staged(app, integration["id"])
        assert [item["payload"]["tenant_id"] for item in staged] == [str(tenant)] * 2
