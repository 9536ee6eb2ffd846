"""Retry backoff of alert delivery: doubling, jittered, capped."""

import pytest

from syncyard_notifier.alerts import delivery
from syncyard_notifier.settings import NotifierSettings

pytestmark = pytest.mark.unit


class TestBackoff:
    def test_doubles_per_attempt_within_jitter_and_stops_at_the_cap(self) -> None:
        settings = NotifierSettings(delivery_backoff_seconds=2, delivery_backoff_max_seconds=30)
        for attempts, ceiling in [(1, 2), (2, 4), (3, 8), (4, 16), (5, 30), (20, 30)]:
            delays = [delivery.backoff(attempts, settings=settings) for _ in range(200)]
            assert all(ceiling / 2 <= delay <= ceiling for delay in delays), attempts
            assert len(set(delays)) > 1
