"""Pure parts of the Ecwid simulator: token bucket, retry schedule, signature, dates."""

import base64
import hashlib
import hmac

import pytest

from syncyard_sim_ecwid.dates import format_date, parse_filter
from syncyard_sim_ecwid.delivery import retry_delays, sign
from syncyard_sim_ecwid.guard import required_scope
from syncyard_sim_ecwid.ratelimit import TokenBucket

pytestmark = pytest.mark.unit


class TestTokenBucket:
    def test_burst_then_refusal_with_seconds_until_one_token(self) -> None:
        bucket = TokenBucket()
        verdicts = [bucket.take(1, per_minute=800, burst=100, now=0.0) for _ in range(101)]
        assert all(v.allowed for v in verdicts[:100])
        assert not verdicts[100].allowed
        assert verdicts[100].retry_after_s == 1  # 800/min refills a token in 0.075 s

    def test_refills_at_the_per_minute_rate(self) -> None:
        bucket = TokenBucket()
        for _ in range(2):
            bucket.take(1, per_minute=60, burst=2, now=0.0)
        assert not bucket.take(1, per_minute=60, burst=2, now=0.5).allowed
        assert bucket.take(1, per_minute=60, burst=2, now=1.0).allowed

    def test_stores_have_separate_buckets(self) -> None:
        bucket = TokenBucket()
        assert bucket.take(1, per_minute=60, burst=1, now=0.0).allowed
        assert bucket.take(2, per_minute=60, burst=1, now=0.0).allowed
        assert not bucket.take(1, per_minute=60, burst=1, now=0.0).allowed


class TestRetrySchedule:
    def test_four_quarter_hours_then_hourly_up_to_a_day(self) -> None:
        delays = retry_delays(24)
        assert delays[:4] == [900.0] * 4
        assert set(delays[4:]) == {3600.0}
        assert sum(delays) == 24 * 3600

    def test_a_short_limit_keeps_only_the_quick_retries(self) -> None:
        assert retry_delays(1) == [900.0] * 4


def test_signature_is_base64_hmac_of_created_dot_id() -> None:
    digest = hmac.new(b"s3cret", b"1469429915.80aece08", hashlib.sha256).digest()
    assert sign(1469429915, "80aece08", "s3cret") == base64.b64encode(digest).decode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1447804800", 1447804800),
        ("2015-04-22 18:48:38 -0500", 1429746518),
        ("2015-04-22 18:48:38", 1429728518),
        ("2015-04-22", 1429660800),
        ("yesterday", None),
    ],
)
def test_date_filters_accept_the_documented_formats(text: str, expected: int | None) -> None:
    assert parse_filter(text) == expected


def test_dates_are_printed_in_utc() -> None:
    assert format_date(1429728518) == "2015-04-22 18:48:38 +0000"


@pytest.mark.parametrize(
    ("method", "resource", "scope"),
    [
        ("GET", "products", "read_catalog"),
        ("POST", "categories", "create_catalog"),
        ("PUT", "orders", "update_orders"),
        ("DELETE", "customers", "update_customers"),
        ("GET", "profile", "read_store_profile"),
    ],
)
def test_scope_per_call(method: str, resource: str, scope: str) -> None:
    assert required_scope(method, resource) == scope
