"""Shopify's answers name the shop's plan and what is left of both budgets."""

import httpx
import pytest

from syncyard_gateway.connectors.pacing import Allowance
from syncyard_gateway.connectors.shopify import allowance
from syncyard_gateway.connectors.shopify.graphql_answers import QueryCost

pytestmark = pytest.mark.unit


def answer(status: int = 200, **headers: str) -> httpx.Response:
    request = httpx.Request("GET", "https://demo.myshopify.com/admin/api/2025-01/shop.json")
    return httpx.Response(status, headers=headers, request=request)


@pytest.mark.parametrize(
    ("header", "plan"),
    [
        ("32/40", Allowance(capacity=40, per_second=2, available=8)),  # Standard
        ("1/80", Allowance(capacity=80, per_second=4, available=79)),  # Advanced
        ("400/400", Allowance(capacity=400, per_second=20, available=0)),  # Plus
        (" 3 / 2 ", Allowance(capacity=2, per_second=2, available=-1)),  # no plan leaks slower
    ],
)
def test_the_call_limit_header_names_the_plan_and_what_is_left(
    header: str, plan: Allowance
) -> None:
    assert allowance.rest_allowance(answer(**{"X-Shopify-Shop-Api-Call-Limit": header})) == plan


def test_a_429_empties_the_bucket_for_retry_after() -> None:
    refused = answer(429, **{"X-Shopify-Shop-Api-Call-Limit": "40/40", "Retry-After": "2.0"})
    assert allowance.rest_allowance(refused) == Allowance(
        capacity=40, per_second=2, available=0, empty_for=2.0
    )
    bare = allowance.rest_allowance(answer(429))
    assert bare == Allowance(empty_for=1.0)


def test_an_answer_without_the_header_says_nothing() -> None:
    assert allowance.rest_allowance(answer()) is None
    assert allowance.rest_allowance(answer(**{"X-Shopify-Shop-Api-Call-Limit": "n/a"})) is None
    assert allowance.call_limit(answer(**{"X-Shopify-Shop-Api-Call-Limit": "0/0"})) is None


def cost(actual: int | None, *, available: float = 1850.0) -> QueryCost:
    return QueryCost(
        requested=152, actual=actual, available=available, maximum=20000.0, restore_rate=1000.0
    )


def test_a_query_gives_back_what_it_did_not_use_and_names_the_points_plan() -> None:
    said = allowance.graphql_allowance(cost(12), charged=50.0, throttled=False)
    assert said == Allowance(capacity=20000.0, per_second=1000.0, available=1850.0, refund=38.0)
    # Charged less than it cost: the difference is taken (a negative refund).
    assert allowance.graphql_allowance(cost(None), charged=50.0, throttled=False).refund == -102


def test_a_throttled_query_was_charged_nothing() -> None:
    said = allowance.graphql_allowance(cost(None, available=48.0), charged=152.0, throttled=True)
    assert (said.refund, said.available) == (152.0, 48.0)
    assert allowance.graphql_allowance(None, charged=50.0, throttled=True) == Allowance(refund=50)
