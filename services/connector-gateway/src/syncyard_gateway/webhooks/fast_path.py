"""``POST /v1/webhooks/{connection_id}`` answered in front of FastAPI's routing.

The webhook is the gateway's busiest request and needs nothing of what FastAPI and the REST
API's middleware do per request (API keys, body limit, text check, idempotency keys, route
matching, dependency solving, the ``Request`` object, response validation): together they cost
more CPU than verifying and storing the webhook itself (bench/intake.py, py-spy). What of them
a webhook does need is done here, precomputed where it can be: the security headers, the request
metrics, problem+json answers, and 503 with ``Retry-After`` when the database is away. The server
span is made here (continuing a caller's trace, named after the route): FastAPI's own telemetry
runs before every middleware and skips these requests (``is_webhook``, given to ``service_app``),
as it cost a tenth of a webhook's CPU. Any other method or path goes on to FastAPI (the URL
check's GET, 404, 405) and keeps FastAPI's span.
"""

import time
from collections.abc import AsyncIterator
from typing import Any

from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, StatusCode
from starlette.datastructures import Headers, QueryParams
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send

from syncyard_common.telemetry import get_logger
from syncyard_common.web import db_unavailable, problems, security_headers
from syncyard_common.web.app import LATENCY, REQUESTS
from syncyard_common.web.errors import ServiceError
from syncyard_gateway.webhooks import endpoints, errors

PREFIX = "/v1/webhooks/"
ROUTE = PREFIX + "{connection_id}"
_SPAN_NAME = f"POST {ROUTE}"
# What the SecurityHeaders middleware adds to every answer, as raw header pairs made once.
_SAFE: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", security_headers.API_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
_JSON = (b"content-type", b"application/json")
_PROBLEM = (b"content-type", problems.PROBLEM_JSON.encode())
_RETRY_AFTER = (b"retry-after", str(db_unavailable.RETRY_AFTER_SECONDS).encode())
_log = get_logger(__name__)
_tracer = trace.get_tracer(__name__)


class WebhookFastPath:
    """Plain ASGI middleware, outermost of the app's own: takes the webhook POSTs."""

    def __init__(self, app: ASGIApp, *, service: str, max_body_bytes: int) -> None:
        self.app = app
        self.service = service
        self.max_body_bytes = max_body_bytes
        self._latency = LATENCY.labels(service, "POST", ROUTE)
        self._requests: dict[int, Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        connection_id = _connection_id(scope)
        if connection_id is None:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = Headers(scope=scope)
        with _tracer.start_as_current_span(
            _SPAN_NAME,
            context=propagate.extract(headers),
            kind=SpanKind.SERVER,
            attributes={
                "http.request.method": "POST",
                "http.route": ROUTE,
                "url.path": scope["path"],
                "url.scheme": scope.get("scheme", "http"),
            },
        ) as span:
            status = await self._answer(scope, receive, send, connection_id, headers)
            if status is None:
                return
            span.set_attribute("http.response.status_code", status)
            if status >= 500:
                span.set_status(StatusCode.ERROR)
        self._count(status)
        self._latency.observe(time.perf_counter() - started)

    async def _answer(
        self, scope: Scope, receive: Receive, send: Send, connection_id: str, headers: Headers
    ) -> int | None:
        """Take the webhook and answer; its status, or None when the sender hung up."""
        try:
            intake = await endpoints.receive(
                scope["state"]["receiver"],
                connection_id,
                headers=headers,
                query=QueryParams(scope["query_string"]),
                body=_body(receive),
                limit=self.max_body_bytes,
            )
        except ClientDisconnect:
            return None  # the sender hung up mid-body: nothing was stored, nobody to answer
        except ServiceError as exc:
            status, body, kind = exc.status_code, _problem(exc), _PROBLEM
        except Exception as exc:
            if not db_unavailable.is_database_unavailable(exc):
                raise  # a real fault: FastAPI's server error middleware logs it, answers 500
            _log.warning("database unavailable", path=scope["path"], error=type(exc).__name__)
            status, kind = 503, _PROBLEM
            body = _problem(
                errors.IntakeUnavailable("The database is unavailable; try again shortly.")
            )
        else:
            status, body, kind = 200, b'{"status":"' + intake.value.encode() + b'"}', _JSON
        answer = [kind, (b"content-length", str(len(body)).encode()), *_SAFE]
        if status == 503:  # the sender retries: say when
            answer.append(_RETRY_AFTER)
        await send({"type": "http.response.start", "status": status, "headers": answer})
        await send({"type": "http.response.body", "body": body})
        return status

    def _count(self, status: int) -> None:
        counter = self._requests.get(status)
        if counter is None:
            counter = self._requests[status] = REQUESTS.labels(
                self.service, "POST", ROUTE, str(status)
            )
        counter.inc()


def _connection_id(scope: Scope) -> str | None:
    """The path's connection id when this is a webhook POST, else None."""
    if scope["type"] != "http" or scope["method"] != "POST":
        return None
    path: str = scope["path"]
    if not path.startswith(PREFIX):
        return None
    rest = path[len(PREFIX) :]
    return rest if rest and "/" not in rest else None


def is_webhook(scope: Scope) -> bool:
    """The requests this middleware answers (and traces): FastAPI's telemetry leaves them out."""
    return _connection_id(scope) is not None


async def _body(receive: Receive) -> AsyncIterator[bytes]:
    """The body as it streams in (webhooks/streamed.py bounds it)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunk: bytes = message.get("body", b"")
        if chunk:
            yield chunk
        if not message.get("more_body", False):
            return


def _problem(exc: ServiceError) -> bytes:
    """The body the app's ServiceError handler would answer (web/problems.py)."""
    return bytes(
        problems.problem(exc.status_code, exc.code, exc.message, field=exc.field, **exc.extra).body
    )
