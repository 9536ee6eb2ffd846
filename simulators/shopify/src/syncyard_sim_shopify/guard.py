"""Middleware for `/admin/api/…`: token check, REST leaky bucket, fault injection, request log."""

import asyncio
import random
from collections.abc import Awaitable, Callable

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from syncyard_sim_shopify.deps import Simulator
from syncyard_sim_shopify.errors import BAD_LOGIN
from syncyard_sim_shopify.ratelimit import throttled_message

API_PREFIX = "/admin/api/"
CALL_LIMIT_HEADER = "X-Shopify-Shop-Api-Call-Limit"
GRAPHQL_PATH = "/graphql.json"
# Fault injection only; not security relevant.
_chaos = random.Random(20250101)  # noqa: S311

Next = Callable[[Request], Awaitable[Response]]


async def guard_api(request: Request, call_next: Next) -> Response:
    """Apply Shopify's gatekeeping to API calls; control and other paths pass straight through."""
    if not request.url.path.startswith(API_PREFIX):
        return await call_next(request)
    simulator: Simulator = request.app.state.simulator
    response = await _answer(simulator, request, call_next)
    version = request.url.path.removeprefix(API_PREFIX).split("/", 1)[0]
    response.headers["X-Shopify-API-Version"] = version
    simulator.store.requests.append(
        {
            "method": request.method,
            "path": request.url.path,
            "query": str(request.url.query),
            "status": response.status_code,
            "at": simulator.store.timestamp(),
        }
    )
    return response


async def _answer(simulator: Simulator, request: Request, call_next: Next) -> Response:
    store = simulator.store
    token = request.headers.get("X-Shopify-Access-Token")
    if token != store.settings.access_token:
        return JSONResponse({"errors": BAD_LOGIN}, status_code=401)
    config = store.config
    limit_header: dict[str, str] = {}
    # GraphQL has its own cost bucket, charged by the endpoint; REST calls leak this one.
    if not request.url.path.endswith(GRAPHQL_PATH):
        verdict = simulator.bucket.take(token, size=config.bucket_size, leak_rate=config.leak_rate)
        limit_header = {CALL_LIMIT_HEADER: verdict.call_limit_header}
        if not verdict.allowed:
            return JSONResponse(
                {"errors": throttled_message(config.leak_rate)},
                status_code=429,
                headers=limit_header | {"Retry-After": f"{verdict.retry_after_s:.1f}"},
            )
    if config.fail_next_count > 0:
        config.fail_next_count -= 1
        return _injected(config.fail_next_status, config.leak_rate, config.bucket_size)
    if config.latency_ms:
        await asyncio.sleep(config.latency_ms / 1000)
    if config.error_rate_5xx and _chaos.random() < config.error_rate_5xx:
        return JSONResponse(
            {"errors": "Internal Server Error"}, status_code=500, headers=limit_header
        )
    response = await call_next(request)
    response.headers.update(limit_header)
    return response


def _injected(status: int, leak_rate: float, size: int) -> Response:
    """A forced failure: a full-bucket 429 exactly as Shopify sends it, or a 5xx."""
    if status == 429:
        return JSONResponse(
            {"errors": throttled_message(leak_rate)},
            status_code=429,
            headers={CALL_LIMIT_HEADER: f"{size}/{size}", "Retry-After": "2.0"},
        )
    return JSONResponse({"errors": "Internal Server Error"}, status_code=status)
