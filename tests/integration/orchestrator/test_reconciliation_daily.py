"""Against a real database: the daily reconciliation is queued once per active flow and day,
and every flow change tells the gateway what the integration now reads."""

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select, text

from syncyard_orchestrator.reconciliation import daily
from syncyard_orchestrator.reconciliation.tables import Reconciliation
from tests.integration.orchestrator.conftest import TokenFactory
from tests.integration.orchestrator.test_integrations_api import create_integration


async def put_flow(
    client: httpx.AsyncClient, headers: dict[str, str], integration: str, flow: str, **body: Any
) -> None:
    response = await client.put(
        f"/v1/integrations/{integration}/flows/{flow}",
        json={"direction": "source_to_target", "is_active": True, "settings": {}, **body},
        headers=headers,
    )
    assert response.status_code == 200, response.text


async def test_the_daily_report_is_queued_once_per_active_flow_and_day(
    app: FastAPI, client: httpx.AsyncClient, auth: TokenFactory
) -> None:
    headers = auth(uuid.uuid4())
    integration = (await create_integration(client, headers))["id"]
    await put_flow(client, headers, integration, "orders")
    await put_flow(client, headers, integration, "products", is_active=False)
    now = datetime.now(UTC)

    for _ in range(2):  # two replicas, or two passes of one
        async with app.state.sessionmaker() as session, session.begin():
            await daily.schedule(session, now=now)

    async with app.state.sessionmaker() as session:
        reports = (
            (
                await session.execute(
                    select(Reconciliation).where(
                        Reconciliation.integration_id == uuid.UUID(integration)
                    )
                )
            )
            .scalars()
            .all()
        )
    assert [(r.flow, r.origin) for r in reports] == [("orders", "daily")]
    assert (reports[0].period_from, reports[0].period_to) == daily.yesterday(now)


async def test_each_flow_change_stages_what_the_integration_reads(
    app: FastAPI, client: httpx.AsyncClient, auth: TokenFactory
) -> None:
    headers = auth(uuid.uuid4())
    created = await create_integration(client, headers)
    await put_flow(client, headers, created["id"], "orders")
    await put_flow(client, headers, created["id"], "stock", direction="target_to_source")
    deleted = await client.delete(f"/v1/integrations/{created['id']}", headers=headers)
    assert deleted.status_code == 204

    async with app.state.sessionmaker() as session:
        rows = await session.execute(
            text(
                "SELECT envelope FROM orchestrator.outbox WHERE type = :type "
                "AND envelope->'payload'->>'integration_id' = :id ORDER BY created_at"
            ),
            {"type": "integration.reads.changed.v1", "id": created["id"]},
        )
        snapshots = [
            {r["connection_id"]: r["entities"] for r in row[0]["payload"]["reads"]} for row in rows
        ]
    shop, till = created["source_connection_id"], created["target_connection_id"]
    assert snapshots == [
        {shop: ["orders"], till: []},
        {shop: ["orders"], till: ["stock"]},
        {shop: [], till: []},
    ]
