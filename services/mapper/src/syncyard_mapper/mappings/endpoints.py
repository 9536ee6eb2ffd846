"""Routes: current mapping, save a version, list versions, preview a draft."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from syncyard_mapper.deps import PrincipalDep, SessionDep, WriterDep
from syncyard_mapper.engine.document import MappingDocument
from syncyard_mapper.mappings import schemas, service
from syncyard_mapper.mappings.errors import NoMapping

router = APIRouter(prefix="/v1/integrations/{integration_id}/mappings", tags=["mappings"])
ConnectorQuery = Annotated[str | None, Query(max_length=60, pattern=r"^[a-z0-9_]+$")]


def _out(
    integration_id: uuid.UUID, flow: str, mapping: service.ResolvedMapping
) -> schemas.MappingOut:
    return schemas.MappingOut(
        integration_id=integration_id,
        flow=flow,
        mapping_id=mapping.mapping_id,
        version=mapping.version,
        is_default=mapping.is_default,
        created_at=mapping.created_at,
        document=mapping.document,
    )


@router.get("/{flow}")
async def get_current(
    integration_id: uuid.UUID,
    flow: str,
    principal: PrincipalDep,
    session: SessionDep,
    source_connector: ConnectorQuery = None,
    target_connector: ConnectorQuery = None,
) -> schemas.MappingOut:
    """The latest saved version, or the shipped default (``is_default``) when none is saved."""
    service.model_for(flow)
    mapping = await service.resolve(
        session=session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        flow=flow,
        source_connector=source_connector,
        target_connector=target_connector,
    )
    if mapping is None:
        raise NoMapping(flow)
    return _out(integration_id, flow, mapping)


@router.put("/{flow}", status_code=status.HTTP_201_CREATED)
async def save(
    integration_id: uuid.UUID,
    flow: str,
    draft: MappingDocument,
    principal: WriterDep,
    session: SessionDep,
) -> schemas.MappingOut:
    """Validate and store a new version; a bad expression is a 422 naming the field."""
    async with session.begin():
        mapping = await service.save(
            session=session,
            tenant_id=principal.tenant_id,
            integration_id=integration_id,
            flow=flow,
            draft=draft,
            created_by=principal.subject,
        )
    return _out(integration_id, flow, mapping)


@router.get("/{flow}/versions")
async def list_versions(
    integration_id: uuid.UUID, flow: str, principal: PrincipalDep, session: SessionDep
) -> list[schemas.MappingVersionOut]:
    """Saved versions, newest first (the default, version 0, is never listed)."""
    found = await service.versions(
        session=session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        flow=flow,
    )
    return [
        schemas.MappingVersionOut(
            mapping_id=item.mapping_id, version=item.version, created_at=item.created_at
        )
        for item in found
    ]


@router.post("/{flow}/preview")
async def preview(
    integration_id: uuid.UUID,  # noqa: ARG001 - part of the path, scoped like the other routes
    flow: str,
    body: schemas.PreviewIn,
    principal: PrincipalDep,  # noqa: ARG001 - authentication only; nothing is read or saved
) -> schemas.PreviewOut:
    """Apply a draft to sample records; return each output and every field's problem."""
    results = service.preview_draft(flow=flow, draft=body.document, records=body.records)
    return schemas.PreviewOut(
        results=[
            schemas.PreviewRecordOut(
                output=result.output,
                errors=[
                    schemas.FieldProblem(field=e.field, reason=e.reason) for e in result.errors
                ],
            )
            for result in results
        ]
    )
