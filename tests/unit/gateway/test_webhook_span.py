"""A webhook POST has exactly one server span, made by the fast path (webhooks/fast_path.py):
it continues the sender's trace and is named after the route, and FastAPI's own telemetry
stays out of it; every other request keeps FastAPI's span."""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from starlette.types import ASGIApp, Receive, Scope, Send

from syncyard_common.settings import BaseServiceSettings
from syncyard_common.telemetry import configure_tracing
from syncyard_common.web.app import service_app
from syncyard_gateway.webhooks import endpoints, fast_path

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER = {"traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01"}


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    configure_tracing(service_name="gateway-test")  # the process's provider, once
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    exporter = InMemorySpanExporter()
    processor = SimpleSpanProcessor(exporter)
    provider.add_span_processor(processor)
    yield exporter
    processor.shutdown()


@asynccontextmanager
async def _lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield


def _with_state(app: ASGIApp) -> ASGIApp:
    """The lifespan state uvicorn gives every request; the requests below are refused before
    the receiver is asked."""

    async def serve(scope: Scope, receive: Receive, send: Send) -> None:
        await app({**scope, "state": {"receiver": None}}, receive, send)

    return serve


def _gateway_shaped_app() -> FastAPI:
    """As the gateway's create_app puts them together (main.py)."""
    app = service_app(
        name="gateway-test",
        settings=BaseServiceSettings(),
        lifespan=_lifespan,
        routers=[endpoints.router],
        streamed_paths=(endpoints.router.prefix + "/",),
        untraced=fast_path.is_webhook,
    )
    app.add_middleware(fast_path.WebhookFastPath, service="gateway-test", max_body_bytes=1024)
    return app


def _server_spans(exporter: InMemorySpanExporter) -> list[ReadableSpan]:
    return [s for s in exporter.get_finished_spans() if s.kind is SpanKind.SERVER]


async def _send(method: str, path: str, **kwargs: object) -> httpx.Response:
    transport = httpx.ASGITransport(app=_with_state(_gateway_shaped_app()))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.request(method, path, headers=CALLER, **kwargs)  # type: ignore[arg-type]


async def test_a_webhook_has_one_span_that_continues_the_senders_trace(
    spans: InMemorySpanExporter,
) -> None:
    answer = await _send("POST", "/v1/webhooks/not-a-connection", content=b"{}")
    assert answer.status_code == 404

    (span,) = _server_spans(spans)
    assert span.name == "POST /v1/webhooks/{connection_id}"
    assert format(span.context.trace_id, "032x") == TRACE_ID
    assert span.attributes is not None
    assert span.attributes["http.route"] == "/v1/webhooks/{connection_id}"
    assert span.attributes["http.response.status_code"] == 404


async def test_other_requests_keep_fastapis_span(spans: InMemorySpanExporter) -> None:
    answer = await _send("GET", "/v1/webhooks/not-a-connection")  # a vendor's URL check
    assert answer.status_code == 200

    (span,) = _server_spans(spans)
    assert span.instrumentation_scope is not None
    assert span.instrumentation_scope.name == "fastapi"
    assert format(span.context.trace_id, "032x") == TRACE_ID
