"""Fault drills use the same running system and fresh tenants as the end-to-end tests."""

from collections.abc import AsyncIterator

import pytest

from scripts.system import RunningSystem
from tests.e2e.journey import JourneyFactory, journeys


@pytest.fixture(scope="package", autouse=True)
def _crash_drills_run_durable(durable_postgres: None) -> None:
    """Every drill runs on a durable PostgreSQL (fsync and synchronous_commit on): a crash must
    never lose what was acknowledged. Drills with a cluster of their own start it durable."""


@pytest.fixture
async def new_journey(system: RunningSystem) -> AsyncIterator[JourneyFactory]:
    async with journeys(system) as make:
        yield make
