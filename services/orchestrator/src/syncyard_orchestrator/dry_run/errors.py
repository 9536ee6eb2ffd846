"""Errors of the dry run: flow not configured, or another service failing (502, its reason)."""

from syncyard_common.web.errors import Conflict, ServiceError, Unprocessable


class FlowNotConfigured(Conflict):
    def __init__(self, flow: str) -> None:
        super().__init__(
            "flow_not_configured",
            f"The {flow} flow of this integration is not configured yet; save its direction "
            f"and settings first (PUT /v1/integrations/{{id}}/flows/{flow}).",
            field="flow",
        )


class DirectionNotSupported(Unprocessable):
    def __init__(self, message: str) -> None:
        super().__init__("flow_not_supported", message, field="direction")


class PeerFailed(ServiceError):
    """The gateway or the mapper did not answer as it should; ``message`` is its reason."""

    def __init__(self, peer: str, reason: str, *, remote_code: str | None = None) -> None:
        super().__init__(f"{peer}_failed", f"The {peer} failed: {reason}", status_code=502)
        self.reason = reason
        self.remote_code = remote_code  # the other service's own error code, if it gave one
