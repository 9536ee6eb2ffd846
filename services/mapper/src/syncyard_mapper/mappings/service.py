"""Use cases: the current mapping (tenant's or default), save a version, preview a draft."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_mapper import defaults
from syncyard_mapper.engine import compile, document, preview
from syncyard_mapper.mappings import repository
from syncyard_mapper.mappings.errors import InvalidMapping, UnknownFlow


@dataclass(frozen=True)
class ResolvedMapping:
    """The mapping that applies: a tenant's saved version, or a shipped default (version 0)."""

    mapping_id: str
    version: int
    document: document.MappingDocument
    is_default: bool
    created_at: datetime | None = None


def model_for(flow: str) -> type[BaseModel]:
    """The canonical model a flow's mapping produces."""
    try:
        return document.FLOW_MODELS[flow]
    except KeyError:
        raise UnknownFlow(flow) from None


def _from_stored(stored: repository.StoredMapping) -> ResolvedMapping:
    return ResolvedMapping(
        mapping_id=str(stored.id),
        version=stored.version,
        document=document.MappingDocument.model_validate(stored.document),
        is_default=False,
        created_at=stored.created_at,
    )


async def resolve(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    source_connector: str | None,
    target_connector: str | None,
) -> ResolvedMapping | None:
    """The tenant's latest version, else the default for the connector pair, else None."""
    stored = await repository.latest(
        session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    if stored is not None:
        return _from_stored(stored)
    shipped = defaults.find(flow, source_connector, target_connector)
    if shipped is None:
        return None
    return ResolvedMapping(
        mapping_id=shipped.mapping_id,
        version=defaults.DEFAULT_VERSION,
        document=shipped.document,
        is_default=True,
    )


async def save(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    draft: document.MappingDocument,
    created_by: str | None,
) -> ResolvedMapping:
    """Validate a draft (422 naming the field) and store it as the next version."""
    problems = compile.problems(draft, model=model_for(flow))
    if problems:
        raise InvalidMapping(problems)
    stored = await repository.append_version(
        session,
        tenant_id=tenant_id,
        integration_id=integration_id,
        flow=flow,
        document=draft.model_dump(mode="json", exclude_none=True),
        created_by=created_by,
    )
    return _from_stored(stored)


async def versions(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID, flow: str
) -> list[ResolvedMapping]:
    """Every saved version of the tenant's mapping, newest first."""
    model_for(flow)
    stored = await repository.list_versions(
        session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    return [_from_stored(item) for item in stored]


def preview_draft(
    *, flow: str, draft: document.MappingDocument, records: list[dict[str, Any]]
) -> list[preview.PreviewResult]:
    """Apply a draft to sample records without saving anything."""
    return preview.preview(draft, model=model_for(flow), records=records)
