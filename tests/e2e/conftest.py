"""End-to-end fixtures: the whole system once per session (root conftest), a tenant per test."""

from collections.abc import AsyncIterator

import pytest

from scripts.system import RunningSystem
from tests.e2e.journey import JourneyFactory, journeys


@pytest.fixture
async def new_journey(system: RunningSystem) -> AsyncIterator[JourneyFactory]:
    async with journeys(system) as make:
        yield make
