"""JSON log lines (one per event) carrying the service name, trace id and no secrets."""

import logging
import sys
from typing import Any

import structlog
from opentelemetry import trace

from syncyard_common.telemetry import scrub


def _add_trace_ids(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    span = trace.get_current_span().get_span_context()
    if span.is_valid:
        event["trace_id"] = format(span.trace_id, "032x")
        event["span_id"] = format(span.span_id, "016x")
    return event


def _scrub_secrets(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v if k == "event" and not isinstance(v, str) else scrub.scrub_mapping(v)
        for k, v in scrub.scrub_mapping(event).items()
    }


class ScrubAccessLog(logging.Filter):
    """Uvicorn's access lines carry the request path with its query string, where some
    vendors put a secret (a webhook URL's ``?secret=``): scrub it before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                scrub.scrub_text(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        if isinstance(record.msg, str):
            record.msg = scrub.scrub_text(record.msg)
        return True


def configure_logging(*, service_name: str, level: str = "INFO") -> None:
    """Route stdlib and structlog logging to JSON lines on stdout."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_trace_ids,
        _scrub_secrets,
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    structlog.contextvars.bind_contextvars(service=service_name)
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, ScrubAccessLog) for f in access.filters):
        access.addFilter(ScrubAccessLog())
    for noisy in ("aiormq", "aio_pika", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def get_logger(name: str) -> Any:
    return structlog.get_logger(name)
