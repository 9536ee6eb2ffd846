"""Access log lines never carry a secret from a query string (webhook URLs with ?secret=)."""

import logging

from syncyard_common.telemetry.logs import ScrubAccessLog, configure_logging


def access_record(path: str) -> logging.LogRecord:
    return logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "POST", path, "1.1", 200),
        None,
    )


def test_a_secret_in_the_query_is_scrubbed_and_the_rest_kept() -> None:
    record = access_record("/v1/webhooks/abc?secret=mc-url-secret-42&eventtype=x")
    assert ScrubAccessLog().filter(record) is True
    line = record.getMessage()
    assert "mc-url-secret-42" not in line
    assert "secret=***" in line
    assert "eventtype=x" in line


def test_configure_logging_installs_it_once_on_the_access_logger() -> None:
    configure_logging(service_name="test")
    configure_logging(service_name="test")
    access = logging.getLogger("uvicorn.access")
    assert sum(isinstance(f, ScrubAccessLog) for f in access.filters) == 1
