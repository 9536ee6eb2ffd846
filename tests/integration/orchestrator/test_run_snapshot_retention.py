"""Run payload snapshots follow the tenant's retention (told by the logger), the default for
a tenant that set none; the runs themselves stay."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from syncyard_common.db import engine as db_engine
from syncyard_common.messages import Envelope
from syncyard_common.messages.retention import TenantRetentionSetV1
from syncyard_orchestrator.data_subjects import snapshots
from syncyard_orchestrator.runs.tables import Run
from syncyard_orchestrator.settings import OrchestratorSettings

NOW = datetime.now(UTC)
RECORD = {"id": "p-1", "email": "jan@example.nl"}


async def _failed_run(app: FastAPI, tenant_id: uuid.UUID, *, ended: timedelta) -> uuid.UUID:
    run_id = uuid.uuid4()
    state: dict[str, Any] = {"id": str(run_id), "state": "failed", "record": RECORD}
    state["pending_command"] = {"type": "gateway.write_product.v1", "record": RECORD}
    at = NOW - ended
    async with app.state.sessionmaker() as session, session.begin():
        session.add(
            Run(
                id=run_id, tenant_id=tenant_id, integration_id=uuid.uuid4(), flow="products",
                source_connection_id=uuid.uuid4(), source_entity_id="p-1", state="failed",
                state_json=state, settings_json={}, version=1, created_at=at, updated_at=at,
                finished_at=at, step_history=[],
            )
        )  # fmt: skip
    return run_id


async def _state(app: FastAPI, run_id: uuid.UUID) -> dict[str, Any]:
    async with app.state.sessionmaker() as session:
        return dict(
            (await session.execute(select(Run.state_json).where(Run.id == run_id))).scalar_one()
        )


async def test_snapshots_older_than_the_tenants_retention_are_cleared(
    app: FastAPI, settings: OrchestratorSettings
) -> None:
    short, unset = uuid.uuid4(), uuid.uuid4()
    told = TenantRetentionSetV1(retention_days=7)
    handler = snapshots.make_handler(app.state.sessionmaker)
    envelope = Envelope(type=told.type, source="logger", tenant_id=short, payload=told.model_dump())
    await handler(envelope)
    await handler(envelope)  # a redelivered copy changes nothing
    expired = await _failed_run(app, short, ended=timedelta(days=8))
    recent = await _failed_run(app, short, ended=timedelta(days=6))
    defaulted = await _failed_run(app, unset, ended=timedelta(days=8))  # 30 days by default

    engine = db_engine.create_engine(settings.database_url)
    try:
        assert await snapshots.expire_once(engine, now=NOW, default_days=30) >= 1
        assert await snapshots.expire_once(engine, now=NOW, default_days=30) == 0
    finally:
        await engine.dispose()

    cleared = await _state(app, expired)
    assert cleared["record"] is None
    assert cleared["pending_command"] is None
    assert cleared["state"] == "failed"  # the run itself stays
    assert (await _state(app, recent))["record"] == RECORD
    assert (await _state(app, defaulted))["record"] == RECORD
