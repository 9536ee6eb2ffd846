"""The request log in figures: REST calls per endpoint and status, GraphQL queries, per second.

Benchmarks read this instead of the whole log, which holds one entry per call (tens of
thousands in an initial sync of a big catalogue)."""

import re
from collections import Counter
from datetime import datetime

from syncyard_sim_shopify.guard import API_PREFIX, GRAPHQL_PATH
from syncyard_sim_shopify.store import Json

_NUMBER = re.compile(r"/[0-9]+(?=[/.])")


def endpoint(method: str, path: str) -> str:
    """`POST /products/{id}.json`: the path below the API version, ids folded."""
    below = path.removeprefix(API_PREFIX).split("/", 1)[-1]
    return f"{method} /{_NUMBER.sub('/{id}', '/' + below)[1:]}"


def summarize(requests: list[Json]) -> Json:
    """Counts of every logged `/admin/api/` call; `per_second` runs from the first REST call."""
    rest = [r for r in requests if not str(r["path"]).endswith(GRAPHQL_PATH)]
    statuses = Counter(str(r["status"]) for r in rest)
    endpoints = Counter(endpoint(str(r["method"]), str(r["path"])) for r in rest)
    per_second: list[int] = []
    throttled_per_second: list[int] = []
    if rest:
        # Log times have one-second resolution (as Shopify prints them).
        first = datetime.fromisoformat(str(rest[0]["at"]))
        last = datetime.fromisoformat(str(rest[-1]["at"]))
        per_second = [0] * (int((last - first).total_seconds()) + 1)
        throttled_per_second = [0] * len(per_second)
        for r in rest:
            second = int((datetime.fromisoformat(str(r["at"])) - first).total_seconds())
            per_second[second] += 1
            throttled_per_second[second] += r["status"] == 429
    return {
        "rest": len(rest),
        "graphql": len(requests) - len(rest),
        "rest_statuses": dict(statuses),
        "rest_endpoints": dict(endpoints.most_common()),
        "rest_first_at": rest[0]["at"] if rest else None,
        "rest_last_at": rest[-1]["at"] if rest else None,
        "rest_per_second": per_second,
        "rest_429_per_second": throttled_per_second,
    }
