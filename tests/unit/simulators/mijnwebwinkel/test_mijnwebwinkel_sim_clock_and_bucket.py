"""Pure parts of the MijnWebwinkel simulator: the token bucket, the clock, money strings."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from syncyard_sim_mijnwebwinkel.clock import Clock, parse_filter, split
from syncyard_sim_mijnwebwinkel.money import normalise_price, price_string
from syncyard_sim_mijnwebwinkel.ratelimit import TokenBucket

pytestmark = pytest.mark.unit
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
KEY = ("partner", "store")


class TestTokenBucket:
    def test_burst_then_refusal_with_whole_seconds_to_wait(self) -> None:
        bucket = TokenBucket()
        verdicts = [bucket.take(KEY, per_second=0.5, burst=3, now=10.0) for _ in range(4)]
        assert [v.allowed for v in verdicts] == [True, True, True, False]
        assert [v.remaining for v in verdicts] == [2, 1, 0, 0]
        assert verdicts[-1].headers()["Retry-After"] == "2"
        assert "Retry-After" not in verdicts[0].headers()

    def test_refills_at_the_configured_rate_per_token_pair(self) -> None:
        bucket = TokenBucket()
        for _ in range(2):
            bucket.take(KEY, per_second=1.0, burst=2, now=0.0)
        assert not bucket.take(KEY, per_second=1.0, burst=2, now=0.5).allowed
        assert bucket.take(KEY, per_second=1.0, burst=2, now=1.1).allowed
        assert bucket.take(("partner", "other store"), per_second=1.0, burst=2, now=0.5).allowed


class TestClock:
    def test_frozen_clock_moves_only_when_advanced_or_set(self) -> None:
        clock = Clock(time_zone=AMSTERDAM)
        clock.freeze(True)
        clock.set("2025-03-30 01:59:59")
        assert split(clock.now()) == ("2025-03-30", "01:59:59")
        clock.advance(1)  # the clocks go forward at 02:00 in the Netherlands
        assert split(clock.now()) == ("2025-03-30", "03:00:00")

    def test_filters_take_date_time_or_date_in_store_time(self) -> None:
        assert parse_filter("2025-03-04 09:15:00", AMSTERDAM) == datetime(
            2025, 3, 4, 9, 15, tzinfo=AMSTERDAM
        )
        assert parse_filter("2025-03-04", AMSTERDAM) == datetime(2025, 3, 4, tzinfo=AMSTERDAM)
        assert parse_filter("04-03-2025", AMSTERDAM) is None


class TestMoney:
    def test_prices_are_two_decimal_strings(self) -> None:
        assert normalise_price(12.5, "price") == "12.50"
        assert normalise_price("9.995", "price") == "10.00"
        assert price_string(Decimal("8.2231404"), 6) == "8.223140"
