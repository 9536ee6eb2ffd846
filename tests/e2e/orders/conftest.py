"""Order-flow fixtures: a fresh tenant per shop ↔ till pair, wired through the public APIs."""

from collections.abc import AsyncIterator

import pytest

from scripts.system import RunningSystem
from tests.e2e.orders.wiring import PairFactory, order_pairs


@pytest.fixture
async def order_pair(system: RunningSystem) -> AsyncIterator[PairFactory]:
    async with order_pairs(system) as make:
        yield make
