"""The barrier of the outbox tests' "nothing else was published": the relay has published every
row the test's schema holds, and the test's consumer received each of them, so a row staged
that should not have been (rolled back, staged twice) is among what was received."""

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.messages import Envelope
from tests.fixtures.eventually import eventually


async def relayed(engine: AsyncEngine, schema: str, received: Sequence[Envelope]) -> None:
    """Wait until no row of ``schema``'s outbox is unpublished or missing from ``received``."""

    async def left() -> list[str]:
        async with engine.connect() as conn:
            rows = await conn.execute(text(f'SELECT id, published_at FROM "{schema}".outbox'))
            seen = {envelope.id for envelope in received}
            return [
                f"{row.id} {'not received' if row.published_at else 'unpublished'}"
                for row in rows
                if row.published_at is None or row.id not in seen
            ]

    async def through() -> bool:
        missing = await left()
        assert not missing, missing
        return True

    await eventually(through, timeout=15, interval=0.05, what=f"the {schema} outbox relayed")
