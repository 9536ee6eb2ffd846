"""Middleware for `/3.0/…`: API key check, concurrency limit, fault injection, request log."""

import asyncio
import base64
import binascii
import random
from collections.abc import Awaitable, Callable

from fastapi import Request, Response

from syncyard_sim_mailchimp.deps import Simulator
from syncyard_sim_mailchimp.problems import MailchimpError

API_PREFIX = "/3.0/"
# Fault injection only; not security relevant.
_chaos = random.Random(20250101)  # noqa: S311

Next = Callable[[Request], Awaitable[Response]]


def api_key(request: Request) -> str | None:
    """The key from HTTP Basic auth (any user name; the key is the password)."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        decoded = base64.b64decode(value, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.partition(":")[2] or None


async def guard_api(request: Request, call_next: Next) -> Response:
    """Apply Mailchimp's gatekeeping to API calls; control paths pass straight through."""
    if not request.url.path.startswith(API_PREFIX):
        return await call_next(request)
    simulator: Simulator = request.app.state.simulator
    response = await _answer(simulator, request, call_next)
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
    key = api_key(request)
    if key is None:
        return MailchimpError(
            401, "API Key Missing", "Your request did not include an API key."
        ).response()
    if key != store.settings.api_key:
        return MailchimpError(401).response()
    if not simulator.gate.enter(key, limit=store.config.max_concurrent):
        # Mailchimp sends no rate-limit headers and no Retry-After with this 429.
        return MailchimpError(429).response()
    try:
        return await _faulty_or_real(simulator, request, call_next)
    finally:
        simulator.gate.leave(key)


async def _faulty_or_real(simulator: Simulator, request: Request, call_next: Next) -> Response:
    faults = simulator.store.faults
    if faults.fail_count > 0:
        faults.fail_count -= 1
        return MailchimpError(faults.fail_status).response()
    if faults.timeout_next > 0:
        faults.timeout_next -= 1
        await asyncio.sleep(faults.hang_ms / 1000)
    if faults.latency_ms:
        await asyncio.sleep(faults.latency_ms / 1000)
    if faults.error_rate_5xx and _chaos.random() < faults.error_rate_5xx:
        return MailchimpError(500).response()
    return await call_next(request)
