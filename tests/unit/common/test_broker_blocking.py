"""A broker in a memory or disk alarm blocks publishes: readiness fails and the gauge shows it."""

import asyncio
from types import SimpleNamespace
from typing import Any, cast

import pytest

from syncyard_common.broker import blocking
from syncyard_common.web import readiness


class Underlay:
    """aiormq's connection as far as readiness reads it: ``ready()`` waits while blocked."""

    def __init__(self) -> None:
        self.connected = asyncio.Event()
        self.connected.set()
        self.unblocked = asyncio.Event()
        self.unblocked.set()

    @property
    def is_opened(self) -> bool:
        return self.connected.is_set()

    async def ready(self) -> None:
        await self.connected.wait()
        await self.unblocked.wait()


def robust_connection(underlay: Underlay | None) -> Any:
    transport = None if underlay is None else SimpleNamespace(connection=underlay)
    return SimpleNamespace(is_closed=False, transport=transport)


def gauge() -> float:
    return cast(float, blocking.BLOCKED._value.get())  # type: ignore[attr-defined]


async def test_a_blocked_connection_fails_readiness_until_unblocked() -> None:
    underlay = Underlay()
    check = readiness.broker_check(robust_connection(underlay))
    await check()
    assert gauge() == 0

    underlay.unblocked.clear()  # connection.blocked: the broker raised an alarm
    with pytest.raises(ConnectionError, match="blocks"):
        await check()
    assert gauge() == 1

    underlay.unblocked.set()  # connection.unblocked
    await check()
    assert gauge() == 0


async def test_a_reconnecting_connection_is_not_reported_as_blocked() -> None:
    blocking.BLOCKED.set(0)
    await readiness.broker_check(robust_connection(None))()
    underlay = Underlay()
    underlay.connected.clear()  # the socket is gone; aio-pika reconnects
    await readiness.broker_check(robust_connection(underlay))()
    assert gauge() == 0


async def test_a_closed_connection_still_fails_as_closed() -> None:
    closed = SimpleNamespace(is_closed=True, transport=None)
    with pytest.raises(ConnectionError, match="closed"):
        await readiness.broker_check(cast(Any, closed))()
