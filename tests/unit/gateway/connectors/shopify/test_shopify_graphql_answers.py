"""How Shopify GraphQL answers map to cost figures and connector errors (no network)."""

from typing import Any

import pytest

from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.shopify.graphql_answers import (
    DEFAULT_RETRY_AFTER,
    query_cost,
    raise_for_errors,
)
from syncyard_gateway.connectors.shopify.sku_lookup import sku_search

pytestmark = pytest.mark.unit


def throttled(requested: int, available: int, restore: float = 100.0) -> dict[str, Any]:
    status = {"maximumAvailable": 2000.0, "currentlyAvailable": available, "restoreRate": restore}
    return {
        "errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
        "extensions": {
            "cost": {
                "requestedQueryCost": requested,
                "actualQueryCost": None,
                "throttleStatus": status,
            }
        },
    }


class TestThrottled:
    def test_retry_after_is_time_to_restore_the_missing_points(self) -> None:
        answer = throttled(requested=152, available=40)
        with pytest.raises(ConnectorTransientError) as caught:
            raise_for_errors(answer, query_cost(answer))
        assert (caught.value.code, caught.value.retry_after) == ("rate_limited", 1.2)

    def test_without_cost_figures_waits_the_default(self) -> None:
        answer = throttled(requested=10, available=0)
        del answer["extensions"]
        with pytest.raises(ConnectorTransientError) as caught:
            raise_for_errors(answer, query_cost(answer))
        assert caught.value.retry_after == DEFAULT_RETRY_AFTER

    def test_a_query_bigger_than_the_bucket_is_a_data_error(self) -> None:
        answer = throttled(requested=2500, available=2000)
        with pytest.raises(ConnectorDataError) as caught:
            raise_for_errors(answer, query_cost(answer))
        assert caught.value.code == "query_too_costly"


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("ACCESS_DENIED", ConnectorAuthError),
        ("INTERNAL_SERVER_ERROR", ConnectorTransientError),
        ("MAX_COST_EXCEEDED", ConnectorDataError),
        (None, ConnectorDataError),
    ],
)
def test_other_errors(code: str | None, error: type[Exception]) -> None:
    extensions = {"code": code} if code else {}
    with pytest.raises(error):
        raise_for_errors({"errors": [{"message": "no", "extensions": extensions}]}, None)


def test_answer_without_errors_passes() -> None:
    raise_for_errors({"data": {}}, None)


def test_sku_search_quotes_every_sku() -> None:
    assert sku_search(["A-1", 'B "2"', "C\\3"]) == ('sku:"A-1" OR sku:"B \\"2\\"" OR sku:"C\\\\3"')
