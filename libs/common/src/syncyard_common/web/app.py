"""``service_app``: health, readiness, metrics, errors, body limit and tracing for every service."""

import asyncio
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from syncyard_common.auth.api_key_header import ApiKeyAsBearer
from syncyard_common.settings import BaseServiceSettings
from syncyard_common.telemetry import configure_logging, configure_tracing
from syncyard_common.web import db_unavailable, idempotency, openapi, problems
from syncyard_common.web.body_limit import BodySizeLimit
from syncyard_common.web.cors import add_cors
from syncyard_common.web.forwarded_prefix import ForwardedPrefix
from syncyard_common.web.security_headers import SecurityHeaders
from syncyard_common.web.text_check import TextCheck

REQUESTS = Counter(
    "syncyard_http_requests_total", "HTTP requests", ["service", "method", "route", "status"]
)
LATENCY = Histogram(
    "syncyard_http_request_seconds", "HTTP request latency", ["service", "method", "route"]
)
_UNTRACKED = {"/healthz", "/readyz", "/metrics"}


def service_app(
    *,
    name: str,
    settings: BaseServiceSettings,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[Any]],
    routers: Sequence[APIRouter],
    max_body_bytes: int = 1_048_576,
    streamed_paths: Sequence[str] = (),
    idempotency_schema: str | None = None,
    untraced: Callable[[Scope], bool] | None = None,
) -> FastAPI:
    """``streamed_paths``: path prefixes whose routes read, bound and clean their own bodies
    (webhook intake); the body limit and the text check pass them over.
    ``idempotency_schema``: the schema of the service's ``idempotency_key`` table; every POST
    then honours ``Idempotency-Key`` (web/idempotency.py).
    ``untraced``: requests FastAPI's telemetry leaves alone because a middleware of the service
    answers them and makes their span itself (the gateway's webhook fast path)."""
    configure_logging(service_name=name, level=settings.log_level)
    configure_tracing(service_name=name)
    app = FastAPI(
        title=f"Syncyard {name}",
        lifespan=lifespan,
        version="0.1.0",
        # FastAPI's own telemetry makes each request's server span (continuing a caller's
        # trace); its spans around dependencies, endpoint and serialisation are left out.
        telemetry={"operation_spans": False, "exclude": untraced},
        # Before the routers are included: app-wide dependencies reach only later routes.
        dependencies=[idempotency.dependency(idempotency_schema)] if idempotency_schema else None,
    )
    app.state.settings = settings
    app.state.readiness_checks = []
    problems.install(app)
    openapi.complete(app)  # every route's error answers, as problem+json
    db_unavailable.install(app)  # 503 + Retry-After, never 500, while PostgreSQL is away
    if idempotency_schema:
        idempotency.install(app)
    for router in routers:
        app.include_router(router)
    app.add_api_route("/healthz", _healthz, methods=["GET"], include_in_schema=False)
    app.add_api_route("/readyz", _readyz, methods=["GET"], include_in_schema=False)
    app.add_api_route("/metrics", _metrics, methods=["GET"], include_in_schema=False)
    app.add_middleware(ApiKeyAsBearer)  # X-API-Key is forwarded like a bearer
    app.add_middleware(ForwardedPrefix)  # /api/<service>/docs fetches its own openapi.json
    app.add_middleware(_Observe, service=name)
    app.add_middleware(TextCheck, skipped_paths=streamed_paths)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes, skipped_paths=streamed_paths)
    add_cors(app, settings.cors_allow_origins)  # outermost: preflights never reach the rest
    # Around everything, CORS answers included: every response carries nosniff and the CSP.
    app.add_middleware(SecurityHeaders)
    return app


async def _healthz() -> dict[str, str]:
    return {"status": "ok"}


async def _readyz(request: Request) -> JSONResponse:
    checks = list(request.app.state.readiness_checks)
    if not checks:
        return JSONResponse({"status": "starting"}, status_code=503)
    results: dict[str, str] = {}
    for check in checks:
        try:
            await asyncio.wait_for(check(), timeout=3)
            results[check.__name__] = "ok"
        except Exception as exc:
            results[check.__name__] = f"failing: {type(exc).__name__}"
    ready = all(v == "ok" for v in results.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": results},
        status_code=200 if ready else 503,
    )


async def _metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class _Observe:
    """Count and time each request (the span is FastAPI's). Plain ASGI on purpose: Starlette's
    BaseHTTPMiddleware runs every request in a task group of its own and streams the response
    through a queue: a tenth of the CPU of a webhook."""

    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in _UNTRACKED:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        method = scope["method"]
        await self.app(scope, receive, observed)
        route = getattr(scope.get("route"), "path", "unmatched")
        REQUESTS.labels(self.service, method, route, str(status)).inc()
        LATENCY.labels(self.service, method, route).observe(time.perf_counter() - started)
