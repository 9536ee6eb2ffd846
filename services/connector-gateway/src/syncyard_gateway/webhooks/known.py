"""Connections the intake met lately, so a webhook normally costs no read of its connection.

Safe to serve from memory: the write that takes a webhook in re-checks, in the same statement,
that the connection still exists with the very credentials the signature was checked with
(``repository.take_in``), and a refused signature is checked once more on a fresh read. The
short lifetime only bounds how long a deleted connection may still be answered as if it were
there where nothing is stored (a GET check, an ignored topic, a malformed body) instead of 404.
"""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from syncyard_gateway.connections.repository import ConnectionRecord

KNOWN_TTL_SECONDS = 30.0
KNOWN_KEPT = 10_000


@dataclass(frozen=True)
class _Known:
    record: ConnectionRecord
    expires_at: float


class KnownConnections:
    """Connection records by id, each for ``ttl_seconds``; the oldest go first when full."""

    def __init__(
        self,
        *,
        ttl_seconds: float = KNOWN_TTL_SECONDS,
        capacity: int = KNOWN_KEPT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._capacity = capacity
        self._clock = clock
        self._records: dict[uuid.UUID, _Known] = {}

    def get(self, connection_id: uuid.UUID) -> ConnectionRecord | None:
        known = self._records.get(connection_id)
        if known is None:
            return None
        if self._clock() >= known.expires_at:
            del self._records[connection_id]
            return None
        return known.record

    def keep(self, record: ConnectionRecord) -> None:
        self._records.pop(record.id, None)  # re-inserted last: the dict stays oldest first
        while len(self._records) >= self._capacity:
            del self._records[next(iter(self._records))]
        self._records[record.id] = _Known(record, self._clock() + self._ttl)

    def forget(self, connection_id: uuid.UUID) -> None:
        self._records.pop(connection_id, None)
