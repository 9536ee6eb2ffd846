"""Errors of the integrations API, each with its HTTP status, code and field."""

import uuid

from syncyard_common.web.errors import NotFound, Unprocessable


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
