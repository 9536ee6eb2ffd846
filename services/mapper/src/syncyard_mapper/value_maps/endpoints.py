"""Routes: list an integration's value maps, read one, replace one."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path

from syncyard_mapper.deps import PrincipalDep, SessionDep, WriterDep
from syncyard_mapper.engine.value_maps import PER_COUNTRY, VALUE_MAP_NAMES
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


def _country_map_routes(name: str) -> None:
    """GET and PUT of a per-country map (tax_codes, revenue_accounts): routes of their own,
    before ``/{name}``, so that the document can say their keys are country codes."""

    async def get_country_map(
        integration_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
    ) -> schemas.ValueMapOut:
        return await get_value_map(integration_id, name, principal, session)

    async def put_country_map(
        integration_id: uuid.UUID,
        body: schemas.CountryValueMapIn,
        principal: WriterDep,
        session: SessionDep,
    ) -> schemas.ValueMapOut:
        return await put_value_map(integration_id, name, body, principal, session)

    get_country_map.__doc__ = f"{name}; 404 when it was never saved."
    put_country_map.__doc__ = f"Replace {name} (keys: country codes); the next record uses it."
    router.add_api_route(f"/{name}", get_country_map, methods=["GET"], name=f"get_{name}")
    router.add_api_route(f"/{name}", put_country_map, methods=["PUT"], name=f"put_{name}")


OtherValueMapName = Annotated[
    str,
    Path(
        description="The value map (the per-country ones have their own paths).",
        json_schema_extra={"enum": sorted(VALUE_MAP_NAMES - PER_COUNTRY)},
    ),
]


async def get_value_map(
    integration_id: uuid.UUID, name: OtherValueMapName, principal: PrincipalDep, session: SessionDep
) -> schemas.ValueMapOut:
    """One value map; 404 when it was never saved."""
    stored = await service.get(
        session=session, tenant_id=principal.tenant_id, integration_id=integration_id, name=name
    )
    return _out(integration_id, stored)


async def put_value_map(
    integration_id: uuid.UUID,
    name: OtherValueMapName,
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


for _name in sorted(PER_COUNTRY):
    _country_map_routes(_name)
router.add_api_route("/{name}", get_value_map, methods=["GET"])
router.add_api_route("/{name}", put_value_map, methods=["PUT"])
