"""What Shopify's answers say about the shop's two budgets (pure).

REST: `X-Shopify-Shop-Api-Call-Limit: used/size` on every answer. The bucket's size names the
plan and the plan its leak rate: size / 20 per second (Standard 40 → 2/s, Advanced 80 → 4/s,
Plus 400 → 20/s); no plan leaks slower than Standard's 2/s. A 429 carries `Retry-After`.

GraphQL: a separate bucket of query-cost points, in every answer's
`extensions.cost.throttleStatus {maximumAvailable, currentlyAvailable, restoreRate}`. A query
is charged its requested cost up front and gets back what it did not use; a THROTTLED query
is charged nothing."""

import re
from dataclasses import dataclass

import httpx

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.pacing import Allowance, RatePolicy
from syncyard_gateway.connectors.shopify.graphql_answers import QueryCost

CALL_LIMIT_HEADER = "X-Shopify-Shop-Api-Call-Limit"
STANDARD_LEAK_PER_SECOND = 2.0
LEAK_PER_BUCKET_CALL = 1 / 20
# Before the first answer: the Standard plan's REST bucket and GraphQL points.
REST_POLICY = RatePolicy(per_second=STANDARD_LEAK_PER_SECOND, burst=40)
GRAPHQL_BUCKET = "graphql_points"
GRAPHQL_POLICY = RatePolicy(per_second=100.0, burst=2000)
_CALL_LIMIT = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


@dataclass(frozen=True)
class CallLimit:
    """The leaky bucket's fill as Shopify last reported it ("32/40")."""

    used: int
    size: int


def call_limit(response: httpx.Response) -> CallLimit | None:
    match = _CALL_LIMIT.fullmatch(response.headers.get(CALL_LIMIT_HEADER, ""))
    if not match or int(match[2]) <= 0:
        return None
    return CallLimit(used=int(match[1]), size=int(match[2]))


def leak_per_second(size: int) -> float:
    """The plan's leak rate, known by its bucket size."""
    return max(STANDARD_LEAK_PER_SECOND, size * LEAK_PER_BUCKET_CALL)


def rest_allowance(response: httpx.Response) -> Allowance | None:
    """The REST budget as one answer states it; a 429 empties it for `Retry-After`."""
    limit = call_limit(response)
    refused = response.status_code == 429
    if limit is None:
        return Allowance(empty_for=connector_http.retry_after(response) or 1.0) if refused else None
    per_second = leak_per_second(limit.size)
    return Allowance(
        capacity=float(limit.size),
        per_second=per_second,
        available=float(limit.size - limit.used),
        empty_for=(connector_http.retry_after(response) or 1 / per_second) if refused else None,
    )


def graphql_allowance(cost: QueryCost | None, *, charged: float, throttled: bool) -> Allowance:
    """The points budget after one query we charged ``charged`` points for up front."""
    if cost is None:
        return Allowance(refund=charged if throttled else 0.0)
    spent = 0.0 if throttled else float(cost.actual if cost.actual is not None else cost.requested)
    return Allowance(
        capacity=cost.maximum,
        per_second=cost.restore_rate,
        available=cost.available,
        refund=charged - spent,
    )
