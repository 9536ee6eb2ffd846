"""Errors of the integrations API, each with its HTTP status, code and field."""

import uuid

from syncyard_common.web.errors import Conflict, NotFound, ServiceUnavailable, Unprocessable


class IntegrationNotFound(NotFound):
    def __init__(self, integration_id: uuid.UUID) -> None:
        super().__init__("integration_not_found", f"Integration {integration_id} does not exist.")


class UnsupportedConnector(Unprocessable):
    """A connector name, or pair of names, no flow supports."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__("unsupported_connector", message, field=field)


class SameConnection(Unprocessable):
    def __init__(self) -> None:
        super().__init__(
            "same_connection",
            "The source and target connections must differ.",
            field="target_connection_id",
        )


class UnknownFlow(NotFound):
    def __init__(self, flow: str, known: tuple[str, ...]) -> None:
        super().__init__(
            "flow_not_found", f"There is no flow {flow!r}; flows are: {', '.join(known)}."
        )


class InvalidFlowSettings(Unprocessable):
    def __init__(self, field: str, message: str) -> None:
        super().__init__("invalid_flow_settings", message, field=field)


class FlowNotSupported(Unprocessable):
    """A connector cannot carry the flow in the chosen direction (its capabilities say so)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__("flow_not_supported", message, field=field)


class DirectionConflict(Conflict):
    """Only one direction of the product flow may be active between two connections."""

    def __init__(self, message: str, *, integration_id: uuid.UUID) -> None:
        super().__init__(
            "flow_direction_conflict",
            message,
            field="direction",
            extra={"conflicting_integration_id": str(integration_id)},
        )


class FlowNotConfigured(NotFound):
    def __init__(self, flow: str) -> None:
        super().__init__(
            "flow_not_configured", f"The {flow} flow of this integration is not set up."
        )


class ConnectionNotFound(NotFound):
    """The id names no connection of the caller's tenant (another tenant's ids included)."""

    def __init__(self, connection_id: uuid.UUID, *, field: str) -> None:
        super().__init__(
            "connection_not_found", f"Connection {connection_id} does not exist.", field=field
        )


class ConnectorMismatch(Unprocessable):
    """The connection exists but belongs to another connector than the integration names."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__("connector_mismatch", message, field=field)


class GatewayUnavailable(ServiceUnavailable):
    """The connections could not be checked; nothing was created."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            "gateway_unavailable",
            f"The connector gateway could not confirm the connections ({reason}); try again.",
        )
