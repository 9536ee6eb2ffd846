"""Structured JSON logs with trace ids, OpenTelemetry tracing, and credential scrubbing."""

from syncyard_common.telemetry.logs import configure_logging, get_logger
from syncyard_common.telemetry.remote_calls import TracedTransport, traced_transport
from syncyard_common.telemetry.tracing import (
    annotate_span,
    configure_tracing,
    extract_context,
    get_tracer,
    inject_context,
)

__all__ = [
    "TracedTransport",
    "annotate_span",
    "configure_logging",
    "configure_tracing",
    "extract_context",
    "get_logger",
    "get_tracer",
    "inject_context",
    "traced_transport",
]
