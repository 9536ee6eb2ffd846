"""Write audit entries in small batches; each caller returns only after its row is committed.

Audit events are cheap to batch and expensive one by one (design.md §8). The consumer runs a
handler per message concurrently (up to the prefetch); each handler submits its event here and
waits. A batch is written in one transaction; if it fails, every entry is retried alone so one
bad entry cannot fail its neighbours.
"""

import asyncio
import contextlib
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_logger.entries import partitions, service

_Pending = tuple[service.AuditEvent, asyncio.Future[None]]


class EntryBatcher:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        max_batch: int = 100,
        max_wait_seconds: float = 0.005,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._max_batch = max_batch
        self._max_wait = max_wait_seconds
        self._pending: list[_Pending] = []
        self._flusher: asyncio.Task[None] | None = None
        # Days known to have a partition; forgotten on any failure (the retention job may
        # have dropped one), so the next attempt checks the catalogue again.
        self._known_days: set[date] = set()
        self.batches_written = 0

    async def submit(self, event: service.AuditEvent) -> None:
        """Queue one event and wait until it is committed (or raise why it was not)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((event, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_soon())
        await future

    async def _flush_soon(self) -> None:
        while self._pending:
            if len(self._pending) < self._max_batch:
                await asyncio.sleep(self._max_wait)  # let concurrent handlers join the batch
            batch, self._pending = (
                self._pending[: self._max_batch],
                self._pending[self._max_batch :],
            )
            await self._write(batch)

    async def _write(self, batch: list[_Pending]) -> None:
        try:
            await self._commit([event for event, _ in batch])
        except asyncio.CancelledError:
            raise
        except Exception:
            for event, future in batch:
                try:
                    await self._commit([event])
                except Exception as error:
                    _settle(future, error)
                else:
                    _settle(future, None)
            return
        for _, future in batch:
            _settle(future, None)

    async def _commit(self, events: list[service.AuditEvent]) -> None:
        days = {event.envelope.time.astimezone(UTC).date() for event in events}
        try:
            async with self._sessionmaker() as session:
                if not days <= self._known_days:
                    async with session.begin():
                        await partitions.ensure(await session.connection(), days)
                async with session.begin():
                    await service.store(session, events, now=datetime.now(UTC))
        except Exception:
            self._known_days.clear()
            raise
        self._known_days |= days
        self.batches_written += 1

    async def close(self) -> None:
        """Finish the batch in progress (consumers are stopped first)."""
        if self._flusher is not None and not self._flusher.done():
            with contextlib.suppress(Exception):
                await self._flusher


def _settle(future: asyncio.Future[None], error: Exception | None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)
