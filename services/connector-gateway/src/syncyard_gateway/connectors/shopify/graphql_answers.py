"""Reading a GraphQL Admin API answer: its cost figures, and its `errors[]` as ConnectorErrors.

GraphQL answers HTTP 200 even when it refuses: the verdict is in `errors[].extensions.code`."""

import math
from dataclasses import dataclass
from typing import Any

from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorTransientError,
)

# Without cost figures, wait one second (the bucket restores 100+ points per second).
DEFAULT_RETRY_AFTER = 1.0


@dataclass(frozen=True)
class QueryCost:
    """`extensions.cost` of one answer: what the query asked for and the bucket afterwards."""

    requested: int
    actual: int | None
    available: float
    maximum: float
    restore_rate: float


def query_cost(answer: Any) -> QueryCost | None:
    """The answer's cost figures, or None when it carries none (or unreadable ones)."""
    try:
        cost = answer["extensions"]["cost"]
        status = cost["throttleStatus"]
        actual = cost.get("actualQueryCost")
        return QueryCost(
            requested=int(cost["requestedQueryCost"]),
            actual=int(actual) if actual is not None else None,
            available=float(status["currentlyAvailable"]),
            maximum=float(status["maximumAvailable"]),
            restore_rate=float(status["restoreRate"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def retry_after(cost: QueryCost | None) -> float:
    """Seconds until the bucket holds the requested points again (tenths, at least 0.1)."""
    if cost is None or cost.restore_rate <= 0:
        return DEFAULT_RETRY_AFTER
    missing = max(cost.requested - cost.available, 0.0)
    return max(math.ceil(missing / cost.restore_rate * 10) / 10, 0.1)


def _first_error_code(answer: Any) -> str | None:
    errors = answer.get("errors") if isinstance(answer, dict) else None
    first = errors[0] if isinstance(errors, list) and errors else None
    extensions = first.get("extensions") if isinstance(first, dict) else None
    code = extensions.get("code") if isinstance(extensions, dict) else None
    return str(code) if code is not None else None


def is_throttled(answer: Any) -> bool:
    """True when Shopify refused the query for lack of points (it charged nothing)."""
    return _first_error_code(answer) == "THROTTLED"


def raise_for_errors(answer: Any, cost: QueryCost | None) -> None:
    """Raise the ConnectorError the answer's `errors[]` mean; an answer without them passes."""
    errors = answer.get("errors") if isinstance(answer, dict) else None
    if not errors:
        return
    first = errors[0] if isinstance(errors, list) and isinstance(errors[0], dict) else {}
    extensions = first.get("extensions")
    code = extensions.get("code") if isinstance(extensions, dict) else None
    message = str(first.get("message") or errors)[:300]
    if code == "THROTTLED":
        if cost is not None and cost.requested > cost.maximum:
            raise ConnectorDataError(
                f"A Shopify GraphQL query needs {cost.requested} points, more than the shop's "
                f"bucket of {cost.maximum:.0f} holds.",
                code="query_too_costly",
            )
        raise ConnectorTransientError(
            "Shopify throttled a GraphQL query (cost bucket empty).",
            retry_after=retry_after(cost),
            code="rate_limited",
        )
    if code == "MAX_COST_EXCEEDED":
        raise ConnectorDataError(
            f"Shopify refused a GraphQL query: {message}", code="query_too_costly"
        )
    if code == "ACCESS_DENIED":
        raise ConnectorAuthError(
            f"Shopify refused a GraphQL query: the app lacks a permission ({message}).",
            code="scope_missing",
        )
    if code in {"INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"}:
        raise ConnectorTransientError(f"Shopify GraphQL failed: {message}", code="server_error")
    raise ConnectorDataError(f"Shopify refused a GraphQL query: {message}", code="graphql_error")
