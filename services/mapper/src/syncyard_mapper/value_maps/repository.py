"""All SQL of value maps: read one, list, upsert, and load the ones a mapping reads."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_mapper.engine.value_maps import OnUnmapped, ValueMap
from syncyard_mapper.value_maps.tables import value_map


@dataclass(frozen=True)
class StoredValueMap:
    name: str
    entries: dict[str, Any]
    default: Any
    on_unmapped: OnUnmapped
    updated_at: datetime

    def for_engine(self) -> ValueMap:
        return ValueMap(self.name, self.entries, self.default, self.on_unmapped)


def _stored(row: sa.Row[Any]) -> StoredValueMap:
    return StoredValueMap(
        name=row.name,
        entries=row.entries,
        default=row.default,
        on_unmapped=OnUnmapped(row.on_unmapped),
        updated_at=row.updated_at,
    )


def _scope(tenant_id: uuid.UUID, integration_id: uuid.UUID) -> sa.ColumnElement[bool]:
    return sa.and_(value_map.c.tenant_id == tenant_id, value_map.c.integration_id == integration_id)


async def list_maps(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    names: Iterable[str] | None = None,
) -> list[StoredValueMap]:
    """The integration's saved maps (only ``names`` when given), by name."""
    query = sa.select(value_map).where(_scope(tenant_id, integration_id))
    if names is not None:
        query = query.where(value_map.c.name.in_(list(names)))
    rows = (await session.execute(query.order_by(value_map.c.name))).all()
    return [_stored(row) for row in rows]


async def upsert(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    name: str,
    entries: dict[str, Any],
    default: Any,
    on_unmapped: OnUnmapped,
    updated_by: str | None,
) -> StoredValueMap:
    """Replace the map (a PUT): the next record mapped reads the new entries."""
    values = {
        "entries": entries,
        # JSONB null and SQL NULL differ; "no default" is SQL NULL.
        "default": sa.null() if default is None else default,
        "on_unmapped": on_unmapped.value,
        "updated_by": updated_by,
        "updated_at": sa.func.now(),
    }
    statement = (
        postgresql.insert(value_map)
        .values(tenant_id=tenant_id, integration_id=integration_id, name=name, **values)
        .on_conflict_do_update(index_elements=["tenant_id", "integration_id", "name"], set_=values)
        .returning(value_map)
    )
    return _stored((await session.execute(statement)).one())
