"""A PostgreSQL advisory lock by name: the one replica that holds it does the work.

A session lock on a connection of its own, tried and never waited for: a replica that finds it
held skips its turn instead of queueing behind the holder. The lock goes with the connection,
so a replica that dies mid-pass frees it.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

_TRY = text("SELECT pg_try_advisory_lock(hashtext(:key))")
_UNLOCK = text("SELECT pg_advisory_unlock(hashtext(:key))")


@dataclass(frozen=True)
class AdvisoryLock:
    engine: AsyncEngine
    key: str  # hashed by PostgreSQL's hashtext into the lock's number

    @asynccontextmanager
    async def held(self) -> AsyncIterator[bool]:
        """True inside while this process holds the lock; False when another one does."""
        async with self.engine.connect() as conn:
            if not (await conn.execute(_TRY, {"key": self.key})).scalar():
                await conn.rollback()
                yield False
                return
            await conn.commit()
            try:
                yield True
            finally:
                await conn.execute(_UNLOCK, {"key": self.key})
                await conn.commit()
