"""SQL of entity links: remember a link, look links up, recognise our own writes coming back."""

import uuid
from collections.abc import Iterable

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.messages import records
from syncyard_orchestrator.links.tables import Link

# The hot statements are built once, their values bound per call (building one costs more CPU
# than SQLAlchemy's cached compilation of it).
_LINK = insert(Link).values(
    {
        key: bindparam(key, type_=Link.__table__.c[key].type)
        for key in (
            "tenant_id",
            "integration_id",
            "entity",
            "source_connection_id",
            "source_id",
            "target_connection_id",
            "target_id",
        )
    }
)
_REMEMBER = _LINK.on_conflict_do_update(
    index_elements=["integration_id", "entity", "source_connection_id", "source_id"],
    set_={"target_id": _LINK.excluded.target_id, "updated_at": func.now()},
)
_TARGETS = select(Link.source_id, Link.target_id).where(
    Link.integration_id == bindparam("integration_id"),
    Link.entity == bindparam("entity"),
    Link.source_connection_id == bindparam("source_connection_id"),
    Link.source_id.in_(bindparam("source_ids", expanding=True)),
)
_WRITTEN_BY_US = (
    select(Link)
    .where(
        Link.tenant_id == bindparam("tenant_id"),
        Link.target_connection_id == bindparam("connection_id"),
        Link.entity == bindparam("entity"),
        Link.target_id == bindparam("record_id"),
    )
    .limit(1)
)


async def remember(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    entity: str,
    source_connection_id: uuid.UUID,
    source_id: str,
    target_connection_id: uuid.UUID,
    target_id: str,
) -> None:
    await session.execute(
        _REMEMBER,
        {
            "tenant_id": tenant_id,
            "integration_id": integration_id,
            "entity": entity,
            "source_connection_id": source_connection_id,
            "source_id": source_id,
            "target_connection_id": target_connection_id,
            "target_id": target_id,
        },
    )


async def forget(
    session: AsyncSession,
    *,
    integration_id: uuid.UUID,
    entity: str,
    source_connection_id: uuid.UUID,
    source_id: str,
) -> None:
    """Drop a link whose target record is gone (deleted there by hand, found by a report)."""
    await session.execute(
        delete(Link).where(
            Link.integration_id == integration_id,
            Link.entity == entity,
            Link.source_connection_id == source_connection_id,
            Link.source_id == source_id,
        )
    )


async def targets(
    session: AsyncSession,
    *,
    integration_id: uuid.UUID,
    entity: str,
    source_connection_id: uuid.UUID,
    source_ids: Iterable[str],
) -> dict[str, str]:
    """Source id → target id for those of ``source_ids`` synced before."""
    wanted = sorted(set(source_ids))
    if not wanted:
        return {}
    rows = await session.execute(
        _TARGETS,
        {
            "integration_id": integration_id,
            "entity": entity,
            "source_connection_id": source_connection_id,
            "source_ids": wanted,
        },
    )
    return {row[0]: row[1] for row in rows.all()}


async def written_by_us(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    connection_id: uuid.UUID,
    entity: str,
    record_id: str,
) -> Link | None:
    """The link whose target is this record: we created it, so it must not travel back."""
    values = {
        "tenant_id": tenant_id,
        "connection_id": connection_id,
        "entity": entity,
        "record_id": record_id,
    }
    return (await session.execute(_WRITTEN_BY_US, values)).scalar_one_or_none()


async def known_for(
    session: AsyncSession, integration_id: uuid.UUID, message: records.RecordChangedV1
) -> tuple[dict[str, str], str | None]:
    """Target ids the run needs up front: its categories (products), its parent and itself
    (categories)."""
    record = message.record
    wanted = [str(item) for item in record.get("category_ids") or []]
    if message.entity == "categories":
        wanted = [str(record["parent_source_id"])] if record.get("parent_source_id") else []
    known = await targets(
        session,
        integration_id=integration_id,
        entity="categories",
        source_connection_id=message.connection_id,
        source_ids=[*wanted, message.source_id],
    )
    found_id = known.pop(message.source_id, None) if message.entity == "categories" else None
    return {key: value for key, value in known.items() if key in wanted}, found_id
