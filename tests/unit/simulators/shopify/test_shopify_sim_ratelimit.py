"""Leaky bucket arithmetic of the Shopify simulator (time injected)."""

import pytest

from syncyard_sim_shopify.ratelimit import LeakyBucket, throttled_message

pytestmark = pytest.mark.unit


class TestLeakyBucket:
    def test_fills_one_per_call_and_refuses_when_full(self) -> None:
        bucket = LeakyBucket()
        verdicts = [bucket.take("t", size=3, leak_rate=2.0, now=100.0) for _ in range(4)]
        assert [v.allowed for v in verdicts] == [True, True, True, False]
        assert [v.call_limit_header for v in verdicts] == ["1/3", "2/3", "3/3", "3/3"]

    def test_retry_after_is_time_for_one_call_to_leak(self) -> None:
        bucket = LeakyBucket()
        for _ in range(40):
            bucket.take("t", size=40, leak_rate=2.0, now=0.0)
        refused = bucket.take("t", size=40, leak_rate=2.0, now=0.0)
        assert refused.retry_after_s == 0.5
        assert bucket.take("t", size=40, leak_rate=2.0, now=0.5).allowed

    def test_leaks_at_configured_rate(self) -> None:
        bucket = LeakyBucket()
        for _ in range(10):
            bucket.take("t", size=40, leak_rate=2.0, now=0.0)
        assert bucket.take("t", size=40, leak_rate=2.0, now=2.0).used == 7

    def test_buckets_are_per_token(self) -> None:
        bucket = LeakyBucket()
        bucket.take("a", size=1, leak_rate=1.0, now=0.0)
        assert bucket.take("b", size=1, leak_rate=1.0, now=0.0).allowed


def test_throttle_message_names_the_rate() -> None:
    assert throttled_message(2.0).startswith("Exceeded 2 calls per second for api client.")
