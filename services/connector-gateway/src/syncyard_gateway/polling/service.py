"""Poll one connection: read each feed page by page, hand each page on with its cursor.

Per page, one transaction stages a ``record.changed.v1`` per record in the outbox and moves
the cursor, fenced by the lease: the cursor advances only together with its events, and a
replica that lost the lease cannot commit (R14)."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker import outbox
from syncyard_common.messages import records
from syncyard_common.telemetry import get_logger
from syncyard_gateway import envelopes
from syncyard_gateway.commands.changes import record_id
from syncyard_gateway.connections import credentials, health, live
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base, by_name
from syncyard_gateway.connectors import errors as connector_errors
from syncyard_gateway.polling import lease, metrics, readers, repository, schedule
from syncyard_gateway.schema import SCHEMA

MAX_RATE_LIMIT_WAITS = 10  # then the poll ends quietly and the next one carries on
MAX_RATE_LIMIT_WAIT_SECONDS = 60.0
_log = get_logger(__name__)


@dataclass(frozen=True)
class PollResult:
    announced: int
    error_code: str | None = None  # None: the poll went through (rate-limit waits included)
    error_reason: str | None = None
    is_lease_lost: bool = False

    @property
    def failed(self) -> bool:
        return self.error_code is not None


class _RateLimitedTooLong(Exception):
    """The remote kept asking us to wait: stop this poll without counting it as an error."""


@dataclass
class ConnectionPoll:
    """Polls connections while holding their lease; one per replica (its holder id)."""

    sessionmaker: async_sessionmaker[AsyncSession]
    factory: live.ConnectorFactory
    holder: str
    page_size: int
    lease_seconds: float
    only_read_entities: bool = True

    async def poll(self, record: ConnectionRecord) -> PollResult:
        """Every feed of the connection that some active flow reads, up to now; the caller
        holds the lease."""
        entities = schedule.polled_entities(by_name.get(record.connector).capabilities)
        async with self.sessionmaker() as session, session.begin():
            if self.only_read_entities:
                read = await readers.entities_read(session, connection_id=record.id)
                entities = schedule.read_feeds(entities, read)
                await readers.forget_feeds(
                    session, connection_id=record.id, keep=[e.value for e in entities]
                )
            stored = await repository.cursors(session, connection_id=record.id)
        if not entities:
            return PollResult(0)  # nobody reads this connection: not one remote call
        announced = 0
        entity = entities[0]
        try:
            async with self._renewing(record.id) as lost, self.factory.use(record) as connector:
                if not isinstance(connector, base.ChangeReader):
                    raise connector_errors.UnsupportedOperation(
                        f"{record.connector} cannot read changes."
                    )
                for entity in entities:
                    announced += await self._poll_feed(
                        connector, record, entity, stored.get(entity.value), lost
                    )
        except lease.LeaseLost:
            return PollResult(announced, is_lease_lost=True)
        except _RateLimitedTooLong:
            return PollResult(announced)
        except (live.KeysUnavailable, credentials.CredentialsUndecryptable) as exc:
            return await self._failed(record, entity, announced, "credentials_unreadable", str(exc))
        except connector_errors.ConnectorAuthError as exc:
            async with self.sessionmaker() as session, session.begin():
                await health.record_failure(
                    session, record=record, code=exc.code, reason=exc.reason, now=_now()
                )
            return await self._failed(record, entity, announced, exc.code, exc.reason)
        except connector_errors.ConnectorError as exc:
            return await self._failed(record, entity, announced, exc.code, exc.reason)
        return PollResult(announced)

    async def _poll_feed(
        self,
        connector: base.ChangeReader,
        record: ConnectionRecord,
        entity: base.Entity,
        stored: repository.CursorRow | None,
        lost: asyncio.Event,
    ) -> int:
        if stored is None or not stored.is_started:
            await self._start_feed(connector, record, entity)
            return 0
        cursor, announced = stored.cursor, 0
        while True:
            if lost.is_set():
                raise lease.LeaseLost("lease lost while polling")
            page = await self._read(connector, entity, cursor)
            await self._hand_on(record, entity, cursor, page)
            announced += len(page.records)
            metrics.ANNOUNCED.labels(entity.value).inc(len(page.records))
            if not page.has_more or page.cursor == cursor:  # no progress: stop, never spin
                return announced
            cursor = page.cursor

    async def _start_feed(
        self, connector: base.ChangeReader, record: ConnectionRecord, entity: base.Entity
    ) -> None:
        """Store "now" as the feed's position: from the connector, or by reading to the end."""
        if isinstance(connector, base.ChangeFeedHead):
            head = await connector.head_cursor(entity)
        else:
            head, has_more = None, True
            while has_more:  # nothing is announced: these changes predate the connection
                page = await self._read(connector, entity, head)
                has_more = page.has_more and page.cursor != head
                head = page.cursor
        async with self.sessionmaker() as session, session.begin():
            await lease.hold(
                session, connection_id=record.id, holder=self.holder, ttl=self.lease_seconds
            )
            await repository.start_cursor(
                session, connection_id=record.id, entity=entity.value, cursor=head, now=_now()
            )

    async def _read(
        self, connector: base.ChangeReader, entity: base.Entity, cursor: str | None
    ) -> base.ChangePage:
        """One page; a rate limit is a wait, not an error."""
        for _ in range(MAX_RATE_LIMIT_WAITS):
            try:
                return await connector.read_changes(entity, cursor, limit=self.page_size)
            except connector_errors.ConnectorTransientError as exc:
                if exc.code != "rate_limited":
                    raise
                metrics.RATE_LIMIT_WAITS.inc()
                await asyncio.sleep(min(exc.retry_after or 1.0, MAX_RATE_LIMIT_WAIT_SECONDS))
        raise _RateLimitedTooLong()

    async def _hand_on(
        self,
        record: ConnectionRecord,
        entity: base.Entity,
        expected: str | None,
        page: base.ChangePage,
    ) -> None:
        """One transaction: lease fence, one event per record, the new cursor."""
        async with self.sessionmaker() as session, session.begin():
            await lease.hold(
                session, connection_id=record.id, holder=self.holder, ttl=self.lease_seconds
            )
            for changed in page.records:
                source_id = record_id(changed)
                message = records.RecordChangedV1(
                    connection_id=record.id,
                    entity=entity.value,
                    source_id=source_id,
                    record=changed.model_dump(mode="json"),
                    topic="poll",
                    source_event_key=schedule.source_event_key(entity, source_id, page.cursor),
                )
                await outbox.add(
                    session,
                    schema=SCHEMA,
                    envelope=envelopes.wrap(
                        message,
                        tenant_id=record.tenant_id,
                        correlation_id=uuid.uuid4(),  # one run per change, as for webhooks
                        subject=source_id,
                    ),
                )
            moved = await repository.advance_cursor(
                session,
                connection_id=record.id,
                entity=entity.value,
                expected=expected,
                cursor=page.cursor,
                now=_now(),
            )
            if not moved:  # someone else moved it: roll back rather than announce twice
                raise lease.LeaseLost("the cursor moved under this poll")

    async def _failed(
        self,
        record: ConnectionRecord,
        entity: base.Entity,
        announced: int,
        code: str,
        reason: str,
    ) -> PollResult:
        metrics.ERRORS.labels(code).inc()
        _log.warning("poll failed", connection_id=str(record.id), entity=entity.value, code=code)
        async with self.sessionmaker() as session, session.begin():
            await repository.record_error(
                session, connection_id=record.id, entity=entity.value, error=f"{code}: {reason}"
            )
        return PollResult(announced, error_code=code, error_reason=reason)

    @contextlib.asynccontextmanager
    async def _renewing(self, connection_id: uuid.UUID) -> AsyncIterator[asyncio.Event]:
        """Renew the lease every third of its life while the poll runs; flag it when lost."""
        lost = asyncio.Event()

        async def renew() -> None:
            while True:
                await asyncio.sleep(self.lease_seconds / 3)
                try:
                    async with self.sessionmaker() as session, session.begin():
                        await lease.hold(
                            session,
                            connection_id=connection_id,
                            holder=self.holder,
                            ttl=self.lease_seconds,
                        )
                except lease.LeaseLost:
                    lost.set()
                    return
                except Exception as exc:  # the database may blink; the commit fence still holds
                    _log.warning("poll lease renewal failed", error=repr(exc))

        task = asyncio.create_task(renew(), name=f"poll-lease-{connection_id}")
        try:
            yield lost
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def _now() -> datetime:
    return datetime.now(UTC)
