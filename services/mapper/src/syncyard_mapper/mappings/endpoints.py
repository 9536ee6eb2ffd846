"""Routes: current mapping, save a version, roll back, list versions, one version, preview."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from syncyard_common.web import etag
from syncyard_mapper.deps import FlowPath, PrincipalDep, SessionDep, WriterDep
from syncyard_mapper.engine.document import MappingDocument
from syncyard_mapper.mappings import previewing, schemas, service
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
        effective=mapping.effective,
    )


@router.get("/{flow}")
async def get_current(
    integration_id: uuid.UUID,
    flow: FlowPath,
    principal: PrincipalDep,
    session: SessionDep,
    response: Response,
    source_connector: ConnectorQuery = None,
    target_connector: ConnectorQuery = None,
) -> schemas.MappingOut:
    """The latest saved version, or the shipped default (``is_default``) when none is saved."""
    mapping = await service.current(
        session=session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        flow=flow,
        source_connector=source_connector,
        target_connector=target_connector,
    )
    if mapping is None:
        raise NoMapping(flow)
    response.headers["ETag"] = service.etag_of(mapping.version)
    return _out(integration_id, flow, mapping)


# Said in the document: a draft valid by its schema may still be refused (422 naming the
# field): the flow's model, the JSONata expressions and the stored tests are no JSON Schema.
CHECKED_ON_SAVE = {"x-checked-beyond-schema": True}


@router.put("/{flow}", status_code=status.HTTP_201_CREATED, openapi_extra=CHECKED_ON_SAVE)
async def save(
    integration_id: uuid.UUID,
    flow: FlowPath,
    draft: MappingDocument,
    principal: WriterDep,
    session: SessionDep,
    response: Response,
    source_connector: ConnectorQuery = None,
    target_connector: ConnectorQuery = None,
    if_match: etag.IfMatch = None,
) -> schemas.MappingOut:
    """Validate and store a new version; a bad draft or a broken test is a 422 naming the field.
    With ``If-Match`` (the ETag of GET, the version read): 412 ``etag_mismatch`` and nothing
    saved if another version was saved since (two saves at once: one wins, one 409)."""
    async with session.begin():
        mapping = await service.save(
            session=session,
            tenant_id=principal.tenant_id,
            integration_id=integration_id,
            flow=flow,
            draft=draft,
            created_by=principal.subject,
            source_connector=source_connector,
            target_connector=target_connector,
            if_match=if_match,
        )
    response.headers["ETag"] = service.etag_of(mapping.version)
    return _out(integration_id, flow, mapping)


@router.post("/{flow}/rollback", status_code=status.HTTP_201_CREATED)
async def rollback(
    integration_id: uuid.UUID,
    flow: FlowPath,
    body: schemas.RollbackIn,
    principal: WriterDep,
    session: SessionDep,
    source_connector: ConnectorQuery = None,
    target_connector: ConnectorQuery = None,
) -> schemas.MappingOut:
    """Save a new version equal to an earlier one; validated and tested like any save."""
    async with session.begin():
        mapping = await service.rollback(
            session=session,
            tenant_id=principal.tenant_id,
            integration_id=integration_id,
            flow=flow,
            version=body.version,
            created_by=principal.subject,
            source_connector=source_connector,
            target_connector=target_connector,
        )
    return _out(integration_id, flow, mapping)


@router.get("/{flow}/versions")
async def list_versions(
    integration_id: uuid.UUID, flow: FlowPath, principal: PrincipalDep, session: SessionDep
) -> list[schemas.MappingVersionOut]:
    """Saved versions, newest first (the default, version 0, is never listed)."""
    found = await service.versions(
        session=session, tenant_id=principal.tenant_id, integration_id=integration_id, flow=flow
    )
    return [
        schemas.MappingVersionOut(
            mapping_id=item.mapping_id, version=item.version, created_at=item.created_at
        )
        for item in found
    ]


@router.get("/{flow}/versions/{version}")
async def get_version(
    integration_id: uuid.UUID,
    flow: FlowPath,
    version: Annotated[int, Path(ge=0)],
    principal: PrincipalDep,
    session: SessionDep,
    source_connector: ConnectorQuery = None,
    target_connector: ConnectorQuery = None,
) -> schemas.MappingOut:
    """One saved version with its effective mapping for the pair (0: the shipped default)."""
    mapping = await service.one_version(
        session=session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        flow=flow,
        version=version,
        source_connector=source_connector,
        target_connector=target_connector,
    )
    return _out(integration_id, flow, mapping)


@router.post("/{flow}/preview")
async def preview(
    request: Request,
    integration_id: uuid.UUID,
    flow: FlowPath,
    body: schemas.PreviewIn,
    principal: PrincipalDep,
    session: SessionDep,
    source_connector: ConnectorQuery = None,
    target_connector: ConnectorQuery = None,
) -> schemas.PreviewOut:
    """Apply a draft to records (given, or a connection's samples); return outputs and errors."""
    settings = request.app.state.settings
    pair = (source_connector, target_connector) if source_connector and target_connector else None
    results, records = await previewing.preview_draft(
        session=session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        flow=flow,
        body=body,
        pair=pair,
        bearer_token=request.headers["authorization"].split(" ", 1)[1],
        gateway_url=settings.gateway_url,
        gateway_timeout_s=settings.gateway_timeout_s,
    )
    return schemas.PreviewOut(
        results=[
            schemas.PreviewRecordOut(
                input=record,
                output=result.output,
                errors=[
                    schemas.FieldProblem(field=e.field, reason=e.reason) for e in result.errors
                ],
            )
            for record, result in zip(records, results, strict=True)
        ]
    )
