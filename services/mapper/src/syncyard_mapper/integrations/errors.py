"""Errors about integrations, each with its HTTP status."""

from syncyard_common.web.errors import NotFound


class IntegrationNotFound(NotFound):
    """Another tenant's integration: indistinguishable from one that does not exist."""

    def __init__(self) -> None:
        super().__init__("integration_not_found", "There is no such integration.")
