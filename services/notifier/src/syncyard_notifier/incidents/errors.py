"""Errors of alerts (incidents) that the API answers."""

import uuid

from syncyard_common.web import errors


class AlertNotFound(errors.NotFound):
    def __init__(self, incident_id: uuid.UUID) -> None:
        super().__init__("alert_not_found", f"No alert {incident_id}.")


class AlertAlreadyResolved(errors.Conflict):
    def __init__(self, incident_id: uuid.UUID) -> None:
        super().__init__(
            "alert_resolved", f"Alert {incident_id} is resolved; there is nothing to acknowledge."
        )
