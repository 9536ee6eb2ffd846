"""Middleware for `/stores/{hash}/v2|v3/…`: token check, quota, injected faults, request log."""

import asyncio
import random
import re
from collections.abc import Awaitable, Callable

from fastapi import Request, Response

from syncyard_sim_bigcommerce import bodies
from syncyard_sim_bigcommerce.deps import Simulator
from syncyard_sim_bigcommerce.errors import (
    BAD_CREDENTIALS,
    NO_CREDENTIALS,
    TOO_MANY,
    error_response,
)
from syncyard_sim_bigcommerce.store import Faults

API_PATH = re.compile(r"^/stores/(?P<hash>[^/]+)/v[23]/")
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Fault injection only; not security relevant.
_chaos = random.Random(20250101)  # noqa: S311

Next = Callable[[Request], Awaitable[Response]]


async def guard_api(request: Request, call_next: Next) -> Response:
    """Apply BigCommerce's gatekeeping to API calls; control paths pass straight through."""
    match = API_PATH.match(request.url.path)
    if match is None:
        return await call_next(request)
    simulator: Simulator = request.app.state.simulator
    body = await request.body() if request.method in WRITES else b""
    response = await _answer(simulator, request, match["hash"], call_next)
    simulator.store.requests.append(
        {
            "method": request.method,
            "path": request.url.path,
            "query": str(request.url.query),
            "status": response.status_code,
            "body": _json_or_text(body),
            "at": simulator.store.clock.now().isoformat(),
        }
    )
    return response


async def _answer(
    simulator: Simulator, request: Request, store_hash: str, call_next: Next
) -> Response:
    store, path = simulator.store, request.url.path
    token = request.headers.get("X-Auth-Token")
    if not token:
        return error_response(path, 401, NO_CREDENTIALS)
    if token != store.settings.access_token or store_hash != store.settings.store_hash:
        return error_response(path, 401, BAD_CREDENTIALS)
    config = store.config
    verdict = simulator.quota.take(quota=config.rate_quota, window_ms=config.rate_window_ms)
    if not verdict.allowed:
        return error_response(path, 429, TOO_MANY, headers=verdict.headers)
    injected = await _injected_fault(store.faults, path)
    if injected is not None:
        if injected.status_code == 429:
            quota = simulator.quota.peek(quota=config.rate_quota, window_ms=config.rate_window_ms)
            injected.headers.update(quota.headers | {"X-Rate-Limit-Requests-Left": "0"})
        else:
            injected.headers.update(verdict.headers)
        return injected
    response = await call_next(request)
    response.headers.update(verdict.headers)
    return response


async def _injected_fault(faults: Faults, path: str) -> Response | None:
    """The answer an injected fault gives instead of the real one, or None."""
    if faults.latency_ms:
        await asyncio.sleep(faults.latency_ms / 1000)
    if faults.timeout_next > 0:
        faults.timeout_next -= 1
        await asyncio.sleep(faults.timeout_ms / 1000)
        return error_response(path, 504, "Gateway Timeout")
    if faults.fail_count > 0:
        faults.fail_count -= 1
        status = faults.fail_status
        title = TOO_MANY if status == 429 else "Service Unavailable"
        return error_response(path, status, title)
    if faults.error_rate_5xx and _chaos.random() < faults.error_rate_5xx:
        return error_response(path, 500, "Internal Server Error")
    return None


def _json_or_text(body: bytes) -> object:
    if not body:
        return None
    try:
        return bodies.loads(body)
    except ValueError:
        return body.decode(errors="replace")
