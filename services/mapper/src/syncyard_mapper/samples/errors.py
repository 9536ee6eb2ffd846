"""Errors of fetching samples from the gateway, each with its HTTP status."""

from syncyard_common.web.errors import NotFound, ServiceError


class SourceConnectionNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            "connection_not_found", "The gateway knows no such connection for this tenant."
        )


class SamplesUnavailable(ServiceError):
    """The gateway could not give samples; the preview cannot run, nothing is guessed."""

    status_code = 502

    def __init__(self, why: str) -> None:
        super().__init__("samples_unavailable", f"Could not fetch sample records: {why}.")
