"""Middleware for `/api/v3/{storeId}/…`: store, token, plan, rate limit, faults, scope, log."""

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl, urlencode

from fastapi import Request, Response

from syncyard_sim_ecwid import bodies, errors
from syncyard_sim_ecwid.deps import Simulator
from syncyard_sim_ecwid.errors import EcwidError

API_PREFIX = "/api/v3/"
WRITES = {"POST", "PUT", "DELETE"}
# The first path segment after the store id → the scope family it needs.
SCOPE_FAMILY = {
    "products": "catalog",
    "categories": "catalog",
    "orders": "orders",
    "customers": "customers",
}
# Fault injection only; not security relevant.
_chaos = random.Random(20200611)  # noqa: S311

Next = Callable[[Request], Awaitable[Response]]


def required_scope(method: str, resource: str) -> str | None:
    """Ecwid's scope for a call: read_* for GET, create_* for POST, update_* otherwise."""
    if resource == "profile":
        return "read_store_profile" if method == "GET" else "update_store_profile"
    family = SCOPE_FAMILY.get(resource)
    if family is None:
        return None
    verb = {"GET": "read", "POST": "create"}.get(method, "update")
    return f"{verb}_{family}"


def presented_token(request: Request) -> str | None:
    """The `token` query parameter or the `Authorization: Bearer` header."""
    token = request.query_params.get("token")
    if token:
        return token
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def scrubbed_query(request: Request) -> str:
    """The query string with the token hidden: tokens in URLs end up in logs (4.7)."""
    pairs = [(k, "***" if k == "token" else v) for k, v in parse_qsl(request.url.query)]
    return urlencode(pairs, safe="*")


async def guard_api(request: Request, call_next: Next) -> Response:
    """Apply Ecwid's gatekeeping to API calls; control and other paths pass straight through."""
    if not request.url.path.startswith(API_PREFIX):
        return await call_next(request)
    simulator: Simulator = request.app.state.simulator
    body = await request.body() if request.method in WRITES else b""
    try:
        response = await _answer(simulator, request, call_next)
    except EcwidError as error:
        response = error.response()
    simulator.store.requests.append(
        {
            "method": request.method,
            "path": request.url.path,
            "query": scrubbed_query(request),
            "status": response.status_code,
            "at": simulator.store.now(),
            "json": _json_or_none(body),
        }
    )
    return response


def _json_or_none(body: bytes) -> object:
    try:
        return bodies.loads(body) if body else None
    except ValueError:
        return None


async def _answer(simulator: Simulator, request: Request, call_next: Next) -> Response:
    store = simulator.store
    store_part, _, rest = request.url.path.removeprefix(API_PREFIX).partition("/")
    if store_part != str(store.settings.store_id):
        raise errors.store_not_found()
    if presented_token(request) != store.settings.access_token:
        raise errors.invalid_token()
    config = store.config
    if not config.paid_plan:
        raise errors.plan_required()
    verdict = simulator.bucket.take(
        store.settings.store_id,
        per_minute=config.requests_per_minute,
        burst=config.burst,
        now=time.monotonic(),
    )
    if not verdict.allowed:
        raise errors.rate_limited(verdict.retry_after_s)
    await _inject_faults(simulator)
    scope = required_scope(request.method, rest.split("/", 1)[0])
    if scope is not None and scope not in config.scopes:
        raise errors.missing_scope(scope)
    return await call_next(request)


async def _inject_faults(simulator: Simulator) -> None:
    faults = simulator.store.faults
    if faults.latency_ms:
        await asyncio.sleep(faults.latency_ms / 1000)
    if faults.timeout_count > 0:
        faults.timeout_count -= 1
        # Hang longer than the caller waits; the request is then answered 503 (too late).
        await asyncio.sleep(faults.hang_ms / 1000)
        raise EcwidError(503, "Service Unavailable")
    if faults.fail_count > 0:
        faults.fail_count -= 1
        status = faults.fail_status
        if status == 429:
            raise errors.rate_limited(1)
        raise EcwidError(status, "Injected failure", "INTERNAL_ERROR" if status == 500 else None)
    if faults.error_rate_5xx and _chaos.random() < faults.error_rate_5xx:
        raise EcwidError(500, "Internal server error", "INTERNAL_ERROR")
