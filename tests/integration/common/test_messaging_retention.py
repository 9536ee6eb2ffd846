"""Published outbox rows and handled inbox ids are purged after their windows; pending rows,
newer rows and the dedupe of everything within the redelivery horizon stay."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.broker import inbox, outbox, retention
from syncyard_common.db import engine as db_engine
from syncyard_common.messages import Envelope
from syncyard_common.settings import BaseServiceSettings
from tests.integration.common.test_messaging import schema  # noqa: F401  (fixture)

pytestmark = pytest.mark.integration
NOW = datetime.now(UTC)
OUTBOX_WINDOW = timedelta(hours=1)
INBOX_WINDOW = timedelta(days=1)


async def _stage(
    engine: AsyncEngine, name: str, *, created: datetime, published: bool
) -> uuid.UUID:
    envelope = Envelope(
        type="audit.step.recorded.v1", source="test", tenant_id=uuid.uuid4(),
        payload={"email": "canary@example.nl"},
    )  # fmt: skip
    async with db_engine.create_sessionmaker(engine)() as session, session.begin():
        await outbox.add(session, schema=name, envelope=envelope)
        await session.execute(
            text(f'UPDATE "{name}".outbox SET created_at = :at, published_at = :published '
                 "WHERE id = :id"),
            {"at": created, "published": created if published else None, "id": envelope.id},
        )  # fmt: skip
    return envelope.id


async def _claim(engine: AsyncEngine, name: str, message_id: uuid.UUID, at: datetime) -> bool:
    async with db_engine.create_sessionmaker(engine)() as session, session.begin():
        claimed = await inbox.claim(session, schema=name, consumer="c", message_id=message_id)
        await session.execute(
            text(f'UPDATE "{name}".inbox SET handled_at = :at WHERE message_id = :id'),
            {"at": at, "id": message_id},
        )
    return claimed


async def _ids(engine: AsyncEngine, sql: str) -> set[uuid.UUID]:
    async with engine.connect() as conn:
        return {row[0] for row in (await conn.execute(text(sql))).all()}


async def test_old_published_rows_and_old_inbox_ids_go_newer_ones_and_dedupe_stay(
    schema: tuple[AsyncEngine, str],  # noqa: F811
) -> None:
    engine, name = schema
    old_published = await _stage(engine, name, created=NOW - timedelta(hours=2), published=True)
    old_pending = await _stage(engine, name, created=NOW - timedelta(days=3), published=False)
    new_published = await _stage(engine, name, created=NOW - timedelta(minutes=5), published=True)
    old_handled, recent_handled = uuid.uuid4(), uuid.uuid4()
    # Handled just inside the redelivery horizon (56 minutes with jitter) and long ago.
    assert await _claim(engine, name, old_handled, NOW - timedelta(days=2))
    assert await _claim(engine, name, recent_handled, NOW - retention.REDELIVERY_HORIZON)

    purged = await retention.purge_once(
        engine, schema=name, now=NOW, outbox_retention=OUTBOX_WINDOW, inbox_retention=INBOX_WINDOW
    )

    assert purged == (1, 1)
    outbox_ids = await _ids(engine, f'SELECT id FROM "{name}".outbox')
    assert outbox_ids == {old_pending, new_published}
    assert old_published not in outbox_ids
    inbox_ids = await _ids(engine, f'SELECT message_id FROM "{name}".inbox')
    assert inbox_ids == {recent_handled}
    # A redelivered copy within the horizon is still recognised and dropped.
    assert not await _claim(engine, name, recent_handled, NOW)


async def test_a_large_backlog_is_purged_in_batches(
    schema: tuple[AsyncEngine, str],  # noqa: F811
) -> None:
    engine, name = schema
    count = outbox.PURGE_BATCH + 7
    async with engine.begin() as conn:
        await conn.execute(
            text(
                f'INSERT INTO "{name}".inbox (consumer, message_id, handled_at) '
                "SELECT 'c', gen_random_uuid(), :at FROM generate_series(1, :n)"
            ),
            {"at": NOW - timedelta(days=2), "n": count},
        )
    purged = await retention.purge_once(
        engine, schema=name, now=NOW, outbox_retention=OUTBOX_WINDOW, inbox_retention=INBOX_WINDOW
    )
    assert purged == (0, count)


async def test_an_inbox_window_inside_the_redelivery_horizon_is_refused(
    schema: tuple[AsyncEngine, str],  # noqa: F811
) -> None:
    engine, name = schema
    with pytest.raises(ValueError, match="shorter than"):
        await retention.purge_once(
            engine, schema=name, now=NOW, outbox_retention=OUTBOX_WINDOW,
            inbox_retention=timedelta(minutes=51),
        )  # fmt: skip
    with pytest.raises(ValueError, match="inbox_retention_seconds"):
        BaseServiceSettings(inbox_retention_seconds=3600)
    assert BaseServiceSettings().inbox_retention_seconds >= retention.INBOX_MINIMUM.total_seconds()
