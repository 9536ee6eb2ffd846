"""Middleware for `/v{version}/…`: tokens, format, rate limit, fault injection, request log."""

import asyncio
import random
import re
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl, urlencode

from fastapi import Request, Response

from syncyard_sim_mijnwebwinkel.deps import Simulator
from syncyard_sim_mijnwebwinkel.errors import ApiError, bad_request
from syncyard_sim_mijnwebwinkel.ratelimit import LIMIT_HEADER, REMAINING_HEADER

API_PATH = re.compile(r"^/v(?P<version>[^/]+)/")
VERSIONS = ("1", "2-beta")
LANGUAGES = frozenset(
    [
        "nl_NL",
        "en_GB",
        "de_DE",
        "fr_FR",
        "es_ES",
        "en_US",
        "pt_PT",
        "it_IT",
        "da_DK",
        "sv_SE",
        "no_NO",
        "tr_TR",
        "pl_PL",
    ]
)
# Only the partner token is needed to read the status catalogue (the spec's security override).
PARTNER_ONLY = re.compile(r"^/v[^/]+/orderstatuses/?$")
_SECRET_PARAMS = frozenset({"token", "partner_token"})
_chaos = random.Random(20250101)  # noqa: S311 - fault injection, not security

Next = Callable[[Request], Awaitable[Response]]

MISSING_PARTNER = ApiError(401, "Unauthorized", "A valid partner_token is required.")
MISSING_TOKEN = ApiError(401, "Unauthorized", "A valid store token is required.")
BAD_TOKEN = ApiError(403, "Forbidden", "The token is invalid or has been deactivated.")


async def guard_api(request: Request, call_next: Next) -> Response:
    """Apply the API's gatekeeping to API calls; `/_sim/` and docs pass straight through."""
    match = API_PATH.match(request.url.path)
    if match is None:
        return await call_next(request)
    simulator: Simulator = request.app.state.simulator
    try:
        response = await _answer(simulator, request, call_next, match["version"])
    except ApiError as error:
        response = error.response()
    _record(simulator, request, response.status_code)
    return response


async def _answer(
    simulator: Simulator, request: Request, call_next: Next, version: str
) -> Response:
    store = simulator.store
    if version not in VERSIONS:
        raise ApiError(404, "Not Found", f"API version {version!r} does not exist.")
    _check_tokens(simulator, request)
    _check_format_and_language(request)
    headers: dict[str, str] = {}
    limit = store.rate_limit
    if limit.per_second is not None:
        key = (request.query_params["partner_token"], request.query_params.get("token", ""))
        verdict = simulator.bucket.take(key, per_second=limit.per_second, burst=limit.burst)
        headers = verdict.headers()
        if not verdict.allowed:
            description = f"Too many requests; retry after {verdict.retry_after_s} seconds."
            return ApiError(429, "Too Many Requests", description).response(headers)
    injected = await _injected_fault(simulator)
    if injected is not None:
        return injected.response(headers | _fault_headers(injected.status, limit.burst))
    response = await call_next(request)
    response.headers.update(headers)
    return response


def _check_tokens(simulator: Simulator, request: Request) -> None:
    settings = simulator.store.settings
    if request.query_params.get("partner_token") != settings.partner_token:
        raise MISSING_PARTNER
    if PARTNER_ONLY.match(request.url.path):
        return
    token = request.query_params.get("token")
    if not token:
        raise MISSING_TOKEN
    if token != settings.token:
        raise BAD_TOKEN


def _check_format_and_language(request: Request) -> None:
    answer_format = request.query_params.get("format", "json")
    if answer_format not in ("json", "xml"):
        raise bad_request("format: The value you selected is not a valid choice.")
    if answer_format == "xml":
        raise ApiError(406, "Not Acceptable", "This simulator answers in JSON only.")
    language = request.query_params.get("language", "nl_NL")
    if language not in LANGUAGES:
        raise bad_request("language: The value you selected is not a valid choice.")


async def _injected_fault(simulator: Simulator) -> ApiError | None:
    faults = simulator.store.faults
    if faults.timeout_next > 0:
        faults.timeout_next -= 1
        await asyncio.sleep(simulator.store.settings.hang_seconds)
        return ApiError(504, "Gateway Timeout", "The request took too long.")
    if faults.latency_ms:
        await asyncio.sleep(faults.latency_ms / 1000)
    if faults.fail_count > 0:
        faults.fail_count -= 1
        return _fault_error(faults.fail_status)
    if faults.error_rate_5xx and _chaos.random() < faults.error_rate_5xx:
        return _fault_error(500)
    return None


def _fault_error(status: int) -> ApiError:
    if status == 429:
        return ApiError(429, "Too Many Requests", "Too many requests; retry after 1 seconds.")
    messages = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
    return ApiError(status, messages.get(status, "Error"), "The service could not answer.")


def _fault_headers(status: int, burst: int) -> dict[str, str]:
    if status == 429:
        return {LIMIT_HEADER: str(burst), REMAINING_HEADER: "0", "Retry-After": "1"}
    return {"Retry-After": "1"} if status == 503 else {}


def _record(simulator: Simulator, request: Request, status: int) -> None:
    query = [(k, v) for k, v in parse_qsl(request.url.query, True) if k not in _SECRET_PARAMS]
    simulator.store.requests.append(
        {
            "method": request.method,
            "path": request.url.path,
            "query": urlencode(query),
            "status": status,
            "at": simulator.store.now().strftime("%Y-%m-%d %H:%M:%S"),
        }
    )
