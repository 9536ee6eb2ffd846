"""A tenant's retention change is told to the other services (tenant.retention.set.v1), staged
with the change itself."""

import uuid
from collections.abc import Callable

import httpx
from sqlalchemy import text

from syncyard_common.db import engine as db_engine
from syncyard_logger.settings import LoggerSettings


async def test_a_retention_change_stages_its_message(
    client_for: Callable[..., httpx.AsyncClient], logger_settings: LoggerSettings
) -> None:
    tenant_id = uuid.uuid4()
    async with client_for(tenant_id) as client:
        saved = await client.put("/v1/settings", json={"retention_days": 7})
    assert saved.status_code == 200, saved.text
    engine = db_engine.create_engine(logger_settings.database_url)
    try:
        async with engine.connect() as conn:
            told = (
                await conn.execute(
                    text(
                        "SELECT envelope FROM logger.outbox WHERE tenant_id = :tenant "
                        "AND type = 'tenant.retention.set.v1'"
                    ),
                    {"tenant": tenant_id},
                )
            ).scalar_one()
    finally:
        await engine.dispose()
    assert told["payload"]["retention_days"] == 7
