"""Use cases of value maps: read, list, save (claims the integration), load for mapping."""

import re
import uuid
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_mapper.engine.value_maps import PER_COUNTRY, VALUE_MAP_NAMES, ValueMap
from syncyard_mapper.integrations import ownership
from syncyard_mapper.value_maps import repository, schemas
from syncyard_mapper.value_maps.errors import InvalidCountryKey, UnknownValueMap, ValueMapNotFound

_ISO2 = re.compile(schemas.ISO2)


def check_name(name: str) -> None:
    if name not in VALUE_MAP_NAMES:
        raise UnknownValueMap(name)


async def get(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID, name: str
) -> repository.StoredValueMap:
    check_name(name)
    await ownership.ensure_readable(session, tenant_id=tenant_id, integration_id=integration_id)
    found = await repository.list_maps(
        session, tenant_id=tenant_id, integration_id=integration_id, names=[name]
    )
    if not found:
        raise ValueMapNotFound(name)
    return found[0]


async def list_all(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> list[repository.StoredValueMap]:
    await ownership.ensure_readable(session, tenant_id=tenant_id, integration_id=integration_id)
    return await repository.list_maps(session, tenant_id=tenant_id, integration_id=integration_id)


async def save(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    name: str,
    value_map: schemas.ValueMapIn,
    updated_by: str | None,
) -> repository.StoredValueMap:
    """Replace a map; per-country maps get upper-case ISO2 keys or a 422 naming the key."""
    check_name(name)
    entries = dict(value_map.entries)
    if name in PER_COUNTRY:
        for key in entries:
            if not _ISO2.match(key):
                raise InvalidCountryKey(name, key)
        entries = {key.upper(): value for key, value in entries.items()}
    await ownership.claim(session, tenant_id=tenant_id, integration_id=integration_id)
    return await repository.upsert(
        session,
        tenant_id=tenant_id,
        integration_id=integration_id,
        name=name,
        entries=entries,
        default=value_map.default,
        on_unmapped=value_map.on_unmapped,
        updated_by=updated_by,
    )


async def for_engine(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    names: Iterable[str],
) -> dict[str, ValueMap]:
    """The maps a compiled mapping reads, ready for ``$lookup`` (none read → no query)."""
    wanted = list(names)
    if not wanted:
        return {}
    stored = await repository.list_maps(
        session, tenant_id=tenant_id, integration_id=integration_id, names=wanted
    )
    return {item.name: item.for_engine() for item in stored}
