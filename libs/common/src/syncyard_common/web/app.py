"""``service_app``: health, readiness, metrics, errors, body limit and tracing for every service."""

import asyncio
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from syncyard_common.settings import BaseServiceSettings
from syncyard_common.telemetry import configure_logging, configure_tracing, get_tracer
from syncyard_common.web import problems
from syncyard_common.web.body_limit import BodySizeLimit

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
) -> FastAPI:
    configure_logging(service_name=name, level=settings.log_level)
    configure_tracing(service_name=name)
    app = FastAPI(title=f"Syncyard {name}", lifespan=lifespan, version="0.1.0")
    app.state.settings = settings
    app.state.readiness_checks = []
    problems.install(app)
    for router in routers:
        app.include_router(router)
    app.add_api_route("/healthz", _healthz, methods=["GET"], include_in_schema=False)
    app.add_api_route("/readyz", _readyz, methods=["GET"], include_in_schema=False)
    app.add_api_route("/metrics", _metrics, methods=["GET"], include_in_schema=False)
    app.add_middleware(BaseHTTPMiddleware, dispatch=_observe(name))
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
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


def _observe(service: str) -> Callable[[Request, RequestResponseEndpoint], Any]:
    tracer = get_tracer(f"syncyard.{service}.http")

    async def dispatch(request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.url.path in _UNTRACKED:
            return await call_next(request)
        started = time.perf_counter()
        with tracer.start_as_current_span(f"{request.method} {request.url.path}"):
            response = await call_next(request)
        route = getattr(request.scope.get("route"), "path", "unmatched")
        REQUESTS.labels(service, request.method, route, str(response.status_code)).inc()
        LATENCY.labels(service, request.method, route).observe(time.perf_counter() - started)
        return response

    return dispatch
