"""Spans leave the process only when the standard variables name a collector; every outgoing
call carries the caller's trace context."""

import httpx
import pytest
from opentelemetry.sdk.trace import TracerProvider

from syncyard_common.telemetry import TracedTransport
from syncyard_common.telemetry.tracing import exports_spans


@pytest.mark.parametrize(
    ("environ", "exports"),
    [
        ({}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, True),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, True),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_TRACES_EXPORTER": "none"}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_TRACES_EXPORTER": "otlp"}, True),
        ({"OTEL_TRACES_EXPORTER": "otlp"}, False),
    ],
)
def test_spans_are_exported_only_to_a_named_collector(
    environ: dict[str, str], exports: bool
) -> None:
    assert exports_spans(environ) is exports


async def test_an_outgoing_call_carries_the_callers_trace() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    tracer = TracerProvider().get_tracer(__name__)
    client = httpx.AsyncClient(transport=TracedTransport(httpx.MockTransport(answer)))
    async with client:
        with tracer.start_as_current_span("consume order.received.v1") as parent:
            response = await client.get("https://shop.example/admin/orders/1.json?token=x")
    assert response.status_code == 204
    trace_id = format(parent.get_span_context().trace_id, "032x")
    assert seen[0].headers["traceparent"].split("-")[1] == trace_id
