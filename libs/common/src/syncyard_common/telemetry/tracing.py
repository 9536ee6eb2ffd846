"""OpenTelemetry tracing; the W3C trace context travels in AMQP headers between services."""

import os
from collections.abc import Mapping, MutableMapping
from typing import Any

from opentelemetry import context, propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

# Where the standard variables put a collector; without one, spans stay in the process.
_ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")


def configure_tracing(*, service_name: str) -> None:
    """Install a tracer provider once. Spans go to an OTLP/HTTP collector when
    ``OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT`` is set and ``OTEL_TRACES_EXPORTER`` is not
    ``none``; the sampler (``OTEL_TRACES_SAMPLER``), the batch (``OTEL_BSP_*``) and the
    exporter's headers and timeout come from their standard ``OTEL_*`` variables too."""
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    name = os.environ.get("OTEL_SERVICE_NAME") or service_name
    provider = TracerProvider(resource=Resource.create({"service.name": name}))
    if exports_spans(os.environ):
        # Imported only when used: the exporter pulls in protobuf and requests.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)


def exports_spans(environ: Mapping[str, str]) -> bool:
    """Whether the variables name a collector and do not switch the OTLP exporter off."""
    exporters = {e.strip() for e in environ.get("OTEL_TRACES_EXPORTER", "otlp").split(",")}
    return "otlp" in exporters and any(environ.get(v) for v in _ENDPOINT_VARIABLES)


def get_tracer(name: str) -> trace.Tracer:
    return trace.get_tracer(name)


def annotate_span(**ids: object) -> None:
    """Name what the current span works for as ``syncyard.<name>`` attributes (tenant,
    integration, run, connection: ids only, never a customer's data); empty ones are left out."""
    trace.get_current_span().set_attributes({f"syncyard.{k}": str(v) for k, v in ids.items() if v})


def inject_context(headers: MutableMapping[str, Any]) -> None:
    """Write ``traceparent`` (and ``tracestate``) of the current span into message headers."""
    propagate.inject(headers)


def extract_context(headers: Mapping[str, Any]) -> context.Context:
    carrier = {k: v.decode() if isinstance(v, bytes) else str(v) for k, v in headers.items()}
    return propagate.extract(carrier)
