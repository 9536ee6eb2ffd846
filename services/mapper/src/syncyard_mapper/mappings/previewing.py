"""Preview a draft (or the current mapping) on given records or a connection's samples."""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_mapper.defaults import bases
from syncyard_mapper.engine import preview
from syncyard_mapper.engine.document import MappingDocument
from syncyard_mapper.integrations import ownership
from syncyard_mapper.mappings import schemas
from syncyard_mapper.mappings.errors import NoMapping
from syncyard_mapper.mappings.service import current_draft, model_for
from syncyard_mapper.samples import client as samples
from syncyard_mapper.sandbox import runs
from syncyard_mapper.value_maps import service as value_maps


async def _records(
    body: schemas.PreviewIn,
    *,
    flow: str,
    bearer_token: str,
    gateway_url: str | None,
    timeout: float,
) -> list[dict[str, Any]]:
    if body.records is not None or body.source is None:  # PreviewIn requires one of them
        return body.records or []
    return await samples.fetch(
        gateway_url=gateway_url,
        connection_id=body.source.connection_id,
        entity=samples.ENTITY_OF_FLOW[flow],
        bearer_token=bearer_token,
        limit=body.source.limit,
        timeout=timeout,
    )


async def preview_draft(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    body: schemas.PreviewIn,
    pair: bases.Pair | None,
    bearer_token: str,
    gateway_url: str | None,
    gateway_timeout_s: float,
) -> tuple[list[preview.PreviewResult], list[dict[str, Any]]]:
    """Apply the draft merged onto the pair's default, with the tenant's value maps; no save."""
    model = model_for(flow)
    await ownership.ensure_readable(session, tenant_id=tenant_id, integration_id=integration_id)
    draft: MappingDocument | None = body.document
    if draft is None:
        draft = await current_draft(
            session=session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
        )
    base = bases.base_for(flow, pair)
    if draft is None and base is None:
        raise NoMapping(flow)
    records = await _records(
        body,
        flow=flow,
        bearer_token=bearer_token,
        gateway_url=gateway_url,
        timeout=gateway_timeout_s,
    )
    maps = await value_maps.list_all(
        session=session, tenant_id=tenant_id, integration_id=integration_id
    )
    results = await runs.preview_records(
        bases.effective(draft, base),
        model,
        records,
        {item.name: item.for_engine() for item in maps},
    )
    return results, records
