"""Errors of the reconciliation API, each with its HTTP status, code and field."""

import uuid

from syncyard_common.web.errors import Conflict, NotFound, Unprocessable


class ReconciliationNotFound(NotFound):
    def __init__(self, reconciliation_id: uuid.UUID) -> None:
        super().__init__(
            "reconciliation_not_found", f"Reconciliation {reconciliation_id} does not exist."
        )


class InvalidRequest(Unprocessable):
    def __init__(self, code: str, message: str, *, field: str) -> None:
        super().__init__(code, message, field=field)


class NotFinished(Conflict):
    def __init__(self, state: str) -> None:
        super().__init__(
            "reconciliation_not_done",
            f"The reconciliation is {state}; missing records can be re-run once it is done.",
        )


class FlowNotActive(Conflict):
    def __init__(self, flow: str) -> None:
        super().__init__(
            "flow_not_active",
            f"The {flow} flow is switched off: a re-run would start nothing. Switch it on first.",
        )
