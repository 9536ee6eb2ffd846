"""Routes: list an integration's value maps, read one, replace one."""

import uuid

from fastapi import APIRouter

from syncyard_mapper.deps import PrincipalDep, SessionDep, ValueMapName, WriterDep
from syncyard_mapper.value_maps import repository, schemas, service

router = APIRouter(prefix="/v1/integrations/{integration_id}/value-maps", tags=["value maps"])


def _out(integration_id: uuid.UUID, stored: repository.StoredValueMap) -> schemas.ValueMapOut:
    return schemas.ValueMapOut(
        integration_id=integration_id,
        name=stored.name,
        entries=stored.entries,
        default=stored.default,
        on_unmapped=stored.on_unmapped,
        updated_at=stored.updated_at,
    )


@router.get("")
async def list_value_maps(
    integration_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> list[schemas.ValueMapOut]:
    """Every value map saved for the integration."""
    found = await service.list_all(
        session=session, tenant_id=principal.tenant_id, integration_id=integration_id
    )
    return [_out(integration_id, item) for item in found]


@router.get("/{name}")
async def get_value_map(
    integration_id: uuid.UUID, name: ValueMapName, principal: PrincipalDep, session: SessionDep
) -> schemas.ValueMapOut:
    """One value map; 404 when it was never saved."""
    stored = await service.get(
        session=session, tenant_id=principal.tenant_id, integration_id=integration_id, name=name
    )
    return _out(integration_id, stored)


@router.put("/{name}")
async def put_value_map(
    integration_id: uuid.UUID,
    name: ValueMapName,
    body: schemas.ValueMapIn,
    principal: WriterDep,
    session: SessionDep,
) -> schemas.ValueMapOut:
    """Replace a value map; the next record mapped uses it."""
    async with session.begin():
        stored = await service.save(
            session=session,
            tenant_id=principal.tenant_id,
            integration_id=integration_id,
            name=name,
            value_map=body,
            updated_by=principal.subject,
        )
    return _out(integration_id, stored)
