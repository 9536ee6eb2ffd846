"""Per test: pairs of MplusKASSA and a shop, each with its own tenant (see pairs.py)."""

from collections.abc import AsyncIterator

import pytest

from scripts.system import RunningSystem
from tests.e2e.flows.pairs import PairFactory, pairs


@pytest.fixture
async def new_pair(system: RunningSystem) -> AsyncIterator[PairFactory]:
    async with pairs(system) as make:
        yield make
