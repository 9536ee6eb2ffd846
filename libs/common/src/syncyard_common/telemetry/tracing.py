"""OpenTelemetry tracing; the W3C trace context travels in AMQP headers between services."""

from collections.abc import Mapping, MutableMapping
from typing import Any

from opentelemetry import context, propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider


def configure_tracing(*, service_name: str) -> None:
    """Install a tracer provider once; exporters come from the standard ``OTEL_*`` variables."""
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    trace.set_tracer_provider(provider)


def get_tracer(name: str) -> trace.Tracer:
    return trace.get_tracer(name)


def inject_context(headers: MutableMapping[str, Any]) -> None:
    """Write ``traceparent`` (and ``tracestate``) of the current span into message headers."""
    propagate.inject(headers)


def extract_context(headers: Mapping[str, Any]) -> context.Context:
    carrier = {k: v.decode() if isinstance(v, bytes) else str(v) for k, v in headers.items()}
    return propagate.extract(carrier)
