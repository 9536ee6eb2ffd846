"""BigCommerce's quota headers become the store's budget: never more than the window allows."""

import httpx
import pytest

from syncyard_gateway.connectors.bigcommerce.allowance import quota_allowance

pytestmark = pytest.mark.unit


def answer(status: int = 200, *, quota: int, left: int, reset_ms: int) -> httpx.Response:
    headers = {
        "X-Rate-Limit-Requests-Quota": str(quota),
        "X-Rate-Limit-Requests-Left": str(left),
        "X-Rate-Limit-Time-Window-Ms": "30000",
        "X-Rate-Limit-Time-Reset-Ms": str(reset_ms),
    }
    request = httpx.Request("GET", "https://api.bigcommerce.com/stores/abc/v3/catalog/products")
    return httpx.Response(status, headers=headers, request=request)


@pytest.mark.parametrize(("quota", "burst", "rate"), [(150, 15.0, 4.5), (450, 45.0, 13.5)])
def test_the_quota_names_the_plan_a_tenth_at_once_the_rest_spread(
    quota: int, burst: float, rate: float
) -> None:
    said = quota_allowance(answer(quota=quota, left=quota - 1, reset_ms=30000))
    assert said is not None
    assert (said.capacity, said.per_second) == (burst, rate)
    # What the bucket hands out before the reset plus what is left never exceeds the quota.
    assert said.available is not None
    assert said.available + rate * 30 == pytest.approx(quota - 1)


def test_a_spent_quota_waits_exactly_until_the_reset() -> None:
    said = quota_allowance(answer(429, quota=150, left=0, reset_ms=12000))
    assert said is not None
    assert said.available is not None
    assert said.per_second is not None
    assert -said.available / said.per_second == pytest.approx(12.0)


def test_without_the_headers_an_answer_says_nothing() -> None:
    request = httpx.Request("GET", "https://api.bigcommerce.com/stores/abc/v3/catalog/products")
    assert quota_allowance(httpx.Response(429, request=request)) is None
