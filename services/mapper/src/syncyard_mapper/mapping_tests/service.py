"""Use cases of mapping tests: read, replace (and run), and run them for a save."""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_mapper.integrations import ownership
from syncyard_mapper.mapping_tests import repository
from syncyard_mapper.mapping_tests.schemas import MappingTestCase


async def stored_cases(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID, flow: str
) -> list[MappingTestCase]:
    found = await repository.cases(
        session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    return [MappingTestCase.model_validate(case) for case in found]


async def replace(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    cases: list[MappingTestCase],
    updated_by: str | None,
) -> None:
    await ownership.claim(session, tenant_id=tenant_id, integration_id=integration_id)
    dumped: list[dict[str, Any]] = [case.model_dump(mode="json") for case in cases]
    await repository.replace(
        session,
        tenant_id=tenant_id,
        integration_id=integration_id,
        flow=flow,
        cases=dumped,
        updated_by=updated_by,
    )
