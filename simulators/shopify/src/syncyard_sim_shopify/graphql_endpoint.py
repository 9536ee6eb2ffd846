"""`POST /admin/api/{version}/graphql.json`: real GraphQL execution with Shopify's cost limits.

The guard has checked the token; the REST bucket is not touched (GraphQL has its own).
Errors are HTTP 200 with `errors[]`, as Shopify answers them; a throttled query is not run."""

from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from graphql import GraphQLError, GraphQLSchema, execute_sync, parse, validate

from syncyard_sim_shopify import bodies, graphql_cost, graphql_schema
from syncyard_sim_shopify.deps import SimulatorDep
from syncyard_sim_shopify.errors import ShopifyError
from syncyard_sim_shopify.store import Json

router = APIRouter(prefix="/admin/api/{version}")
RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits"


@cache
def schema() -> GraphQLSchema:
    """The executable schema, built once per process (it holds no shop state)."""
    return graphql_schema.build()


async def _read(request: Request) -> tuple[str, dict[str, Any], str | None]:
    """Query, variables and operation name from a JSON body or an `application/graphql` one."""
    raw = await request.body()
    try:
        if request.headers.get("content-type", "").startswith("application/graphql"):
            return raw.decode(), {}, None
        body = bodies.loads(raw or b"{}")
    except ValueError:
        raise ShopifyError(400, {"query": "Required parameter missing or invalid"}) from None
    query = body.get("query") if isinstance(body, dict) else None
    if not isinstance(query, str) or not query.strip():
        raise ShopifyError(400, {"query": "Required parameter missing or invalid"})
    variables = body.get("variables") or {}
    operation = body.get("operationName")
    if not isinstance(variables, dict):
        raise ShopifyError(400, {"variables": "Invalid value."})
    return query, variables, operation if isinstance(operation, str) else None


def _cost(simulator: Any, token: str, requested: int, actual: int | None) -> Json:
    config = simulator.store.config
    available = simulator.cost_bucket.available(
        token, size=config.graphql_bucket_size, restore_rate=config.graphql_restore_rate
    )
    return {
        "requestedQueryCost": requested,
        "actualQueryCost": actual,
        "throttleStatus": {
            "maximumAvailable": float(config.graphql_bucket_size),
            "currentlyAvailable": int(available),
            "restoreRate": float(config.graphql_restore_rate),
        },
    }


@router.post("/graphql.json")
async def run_query(simulator: SimulatorDep, request: Request) -> Json:
    """Execute one GraphQL document against the shop; `extensions.cost` on every run."""
    query, variables, operation = await _read(request)
    token = request.headers.get("X-Shopify-Access-Token", "")
    try:
        document = parse(query)
    except GraphQLError as exc:
        return {"errors": [exc.formatted]}
    invalid = validate(schema(), document)
    if invalid:
        return {"errors": [error.formatted for error in invalid]}
    requested = graphql_cost.query_cost(
        schema(), document, operation_name=operation, variables=variables
    )
    if requested > graphql_cost.MAX_QUERY_COST:
        message = (
            f"Query cost is {requested}, which exceeds the single query max cost limit "
            f"({graphql_cost.MAX_QUERY_COST})."
        )
        extensions = {"code": "MAX_COST_EXCEEDED", "cost": requested}
        return {
            "errors": [{"message": message, "extensions": extensions}],
            "extensions": {"cost": _cost(simulator, token, requested, None)},
        }
    config = simulator.store.config
    if not simulator.cost_bucket.take(
        token,
        requested,
        size=config.graphql_bucket_size,
        restore_rate=config.graphql_restore_rate,
    ):
        throttled = {"code": "THROTTLED", "documentation": RATE_LIMIT_DOCS}
        return {
            "errors": [{"message": "Throttled", "extensions": throttled}],
            "extensions": {"cost": _cost(simulator, token, requested, None)},
        }
    result = execute_sync(
        schema(),
        document,
        context_value=simulator.store,
        variable_values=variables,
        operation_name=operation,
    )
    actual = graphql_cost.query_cost(
        schema(), document, operation_name=operation, variables=variables, data=result.data
    )
    simulator.cost_bucket.refund(token, max(0, requested - actual))
    answer: Json = {"data": result.data}
    if result.errors:
        answer["errors"] = [error.formatted for error in result.errors]
    answer["extensions"] = {"cost": _cost(simulator, token, requested, actual)}
    return answer
