"""A client span around every outgoing HTTP call, its trace context sent along (traceparent)."""

from typing import Any

import httpx
from opentelemetry.trace import SpanKind, Status, StatusCode

from syncyard_common.egress.trust import trust_store
from syncyard_common.telemetry.tracing import get_tracer, inject_context

_tracer = get_tracer(__name__)


class TracedTransport(httpx.AsyncBaseTransport):
    """Wraps a transport. The span names the method and host only: paths and queries may hold
    a customer's id or a vendor's credential, and spans leave the process."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        attributes: dict[str, Any] = {
            "http.request.method": request.method,
            "server.address": host,
            "server.port": request.url.port or (443 if request.url.scheme == "https" else 80),
        }
        with _tracer.start_as_current_span(
            f"{request.method} {host}", kind=SpanKind.CLIENT, attributes=attributes
        ) as span:
            inject_context(request.headers)
            response = await self._inner.handle_async_request(request)
            span.set_attribute("http.response.status_code", response.status_code)
            if response.status_code >= 500:
                span.set_status(Status(StatusCode.ERROR))
            return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def traced_transport(**options: Any) -> TracedTransport:
    """An ``httpx.AsyncHTTPTransport(**options)`` (limits, retries…) whose calls are traced,
    verifying against the process's one trust store unless ``verify`` is given."""
    options.setdefault("verify", trust_store())
    return TracedTransport(httpx.AsyncHTTPTransport(**options))
