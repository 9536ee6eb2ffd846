"""SharedPacer: a token bucket in PostgreSQL, so replicas together stay inside the vendor's limit.

One atomic statement per request refills the bucket for the time passed, takes a token and
returns what is left. A negative balance is a reservation: the caller sleeps until its token
would have arrived, so waiting callers queue in arrival order without polling. Concurrency
caps (one vendor allows 10 connections per key) are split evenly over the replicas.
"""

import asyncio
import math
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_gateway.connectors.pacing import RatePolicy
from syncyard_gateway.schema import SCHEMA

_TAKE = text(f"""
INSERT INTO {SCHEMA}.request_budget AS b (connection_id, tokens, updated_at)
VALUES (:connection_id, :burst - 1, clock_timestamp())
ON CONFLICT (connection_id) DO UPDATE SET
    tokens = least(
        CAST(:burst AS double precision),
        b.tokens + extract(epoch FROM clock_timestamp() - b.updated_at) * :rate
    ) - 1,
    updated_at = clock_timestamp()
RETURNING tokens
""")


class SharedPacer:
    def __init__(
        self,
        *,
        engine: AsyncEngine,
        connection_id: uuid.UUID,
        policy: RatePolicy,
        slots: asyncio.Semaphore | None,
    ) -> None:
        self.engine = engine
        self.connection_id = connection_id
        self.policy = policy
        self._slots = slots

    async def wait_for_token(self) -> float:
        """Take one token; sleep while it is reserved for the future. Returns the wait."""
        rate = self.policy.per_second
        if rate is None:
            return 0.0
        async with self.engine.begin() as connection:
            left = (
                await connection.execute(
                    _TAKE,
                    {"connection_id": self.connection_id, "burst": self.policy.burst, "rate": rate},
                )
            ).scalar_one()
        wait = -left / rate if left < 0 else 0.0
        if wait:
            await asyncio.sleep(wait)
        return wait

    @asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        await self.wait_for_token()
        if self._slots is None:
            yield
            return
        async with self._slots:
            yield


class RequestBudgets:
    """Builds the pacer of each connection; keeps one concurrency semaphore per connection."""

    def __init__(self, *, engine: AsyncEngine, replicas: int) -> None:
        self.engine = engine
        self.replicas = max(1, replicas)
        self._slots: dict[uuid.UUID, asyncio.Semaphore] = {}

    def pacer(self, connection_id: uuid.UUID, policy: RatePolicy) -> SharedPacer:
        slots = None
        if policy.max_concurrent is not None:
            slots = self._slots.get(connection_id)
            if slots is None:
                # Each replica gets its share of the cap, at least one slot.
                share = max(1, math.floor(policy.max_concurrent / self.replicas))
                slots = self._slots[connection_id] = asyncio.Semaphore(share)
        return SharedPacer(
            engine=self.engine, connection_id=connection_id, policy=policy, slots=slots
        )
