"""Use cases: the current mapping (tenant's overlay or default), save, roll back, versions."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.web import etag
from syncyard_mapper import defaults
from syncyard_mapper.defaults import bases
from syncyard_mapper.engine import document
from syncyard_mapper.engine.document import MappingDocument
from syncyard_mapper.integrations import ownership
from syncyard_mapper.mappings import repository, validation
from syncyard_mapper.mappings.errors import MappingVersionNotFound, NoMapping, UnknownFlow


@dataclass(frozen=True)
class ResolvedMapping:
    """The mapping that applies: a tenant's saved version, or a shipped default (version 0)."""

    mapping_id: str
    version: int
    document: MappingDocument
    """What was saved (the overlay), or the default itself."""
    effective: MappingDocument | None
    """The document actually applied for the connector pair; None when it is not known."""
    base: str
    """The default the overlay is merged onto ("" for none): part of the compiled-cache key."""
    is_default: bool
    created_at: datetime | None = None


def model_for(flow: str) -> type[BaseModel]:
    """The canonical model a flow's mapping reads and produces."""
    try:
        return document.FLOW_MODELS[flow]
    except KeyError:
        raise UnknownFlow(flow) from None


async def current_draft(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID, flow: str
) -> MappingDocument | None:
    """The latest saved overlay, or None (the default applies)."""
    latest = await repository.latest(
        session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    return None if latest is None else MappingDocument.model_validate(latest.document)


def etag_of(version: int) -> str:
    """A mapping's version is its ETag (0: nothing saved yet, the shipped default applies)."""
    return f'"{version}"'


def _pair(source_connector: str | None, target_connector: str | None) -> bases.Pair | None:
    if source_connector and target_connector:
        return (source_connector, target_connector)
    return None


def _from_stored(
    stored: repository.StoredMapping, base: defaults.DefaultMapping | None
) -> ResolvedMapping:
    overlay = document.MappingDocument.model_validate(stored.document)
    return ResolvedMapping(
        mapping_id=str(stored.id),
        version=stored.version,
        document=overlay,
        effective=bases.effective(overlay, base),
        base="" if base is None else base.name,
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
    """The tenant's latest overlay on the pair's default, else the default, else None."""
    shipped = bases.base_for(flow, _pair(source_connector, target_connector))
    stored = await repository.latest(
        session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    if stored is not None:
        return _from_stored(stored, shipped)
    return None if shipped is None else _default(shipped)


def _default(shipped: defaults.DefaultMapping) -> ResolvedMapping:
    return ResolvedMapping(
        mapping_id=shipped.mapping_id,
        version=defaults.DEFAULT_VERSION,
        document=shipped.document,
        effective=shipped.document,
        base=shipped.name,
        is_default=True,
    )


async def current(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    source_connector: str | None,
    target_connector: str | None,
) -> ResolvedMapping | None:
    """``resolve`` for the API: another tenant's integration is a 404."""
    model_for(flow)
    await ownership.ensure_readable(session, tenant_id=tenant_id, integration_id=integration_id)
    return await resolve(
        session=session,
        tenant_id=tenant_id,
        integration_id=integration_id,
        flow=flow,
        source_connector=source_connector,
        target_connector=target_connector,
    )


async def save(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    draft: document.MappingDocument,
    created_by: str | None,
    source_connector: str | None = None,
    target_connector: str | None = None,
    if_match: str | None = None,
) -> ResolvedMapping:
    """Validate a draft (422 naming the field, or the failing test) and store the next version.
    ``if_match``: the ETag the caller read; 412 ``etag_mismatch`` when another version was
    saved since. Compared only once the flow and the integration are known to be the
    caller's (RFC 9110 section 13.2.1: a request that would fail without it fails as such)."""
    model_for(flow)
    await ownership.claim(session, tenant_id=tenant_id, integration_id=integration_id)
    if if_match is not None:
        stored = await repository.latest(
            session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
        )
        etag.check(if_match, etag_of(stored.version if stored else defaults.DEFAULT_VERSION))
    pair = _pair(source_connector, target_connector)
    await validation.check(
        session=session,
        tenant_id=tenant_id,
        integration_id=integration_id,
        flow=flow,
        draft=draft,
        pair=pair,
    )
    stored = await repository.append_version(
        session,
        tenant_id=tenant_id,
        integration_id=integration_id,
        flow=flow,
        document=draft.model_dump(mode="json", exclude_defaults=True),
        created_by=created_by,
    )
    return _from_stored(stored, bases.base_for(flow, pair))


async def rollback(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    version: int,
    created_by: str | None,
    source_connector: str | None = None,
    target_connector: str | None = None,
) -> ResolvedMapping:
    """Save a new version whose document equals ``version`` (history stays immutable)."""
    model_for(flow)
    await ownership.ensure_readable(session, tenant_id=tenant_id, integration_id=integration_id)
    found = await repository.list_versions(
        session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    earlier = next((item for item in found if item.version == version), None)
    if earlier is None:
        raise MappingVersionNotFound(version)
    return await save(
        session=session,
        tenant_id=tenant_id,
        integration_id=integration_id,
        flow=flow,
        draft=document.MappingDocument.model_validate(earlier.document),
        created_by=created_by,
        source_connector=source_connector,
        target_connector=target_connector,
    )


async def versions(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID, flow: str
) -> list[ResolvedMapping]:
    """Every saved version of the tenant's mapping, newest first."""
    model_for(flow)
    await ownership.ensure_readable(session, tenant_id=tenant_id, integration_id=integration_id)
    stored = await repository.list_versions(
        session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    return [_from_stored(item, None) for item in stored]


async def one_version(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    version: int,
    source_connector: str | None,
    target_connector: str | None,
) -> ResolvedMapping:
    """Saved version ``version`` on the pair's default; 0 is that default itself."""
    model_for(flow)
    await ownership.ensure_readable(session, tenant_id=tenant_id, integration_id=integration_id)
    shipped = bases.base_for(flow, _pair(source_connector, target_connector))
    if version == defaults.DEFAULT_VERSION:
        if shipped is None:
            raise NoMapping(flow)
        return _default(shipped)
    found = await repository.list_versions(
        session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    stored = next((item for item in found if item.version == version), None)
    if stored is None:
        raise MappingVersionNotFound(version)
    return _from_stored(stored, shipped)
