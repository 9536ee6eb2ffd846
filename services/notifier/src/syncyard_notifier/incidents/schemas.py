"""API models of ``/v1/alerts``: alerts with a state, and their deliveries."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from syncyard_notifier.alerts.schemas import DeliveryOut


class AlertOut(BaseModel):
    """One alert: what it is about, its state, who acknowledged it and how it was resolved."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    state: str
    title: str
    integration_id: uuid.UUID | None
    flow: str | None
    connection_id: uuid.UUID | None
    code: str | None
    occurrences: int
    is_muted: bool
    opened_at: datetime
    last_seen_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    resolved_at: datetime | None
    resolution: str | None


class AlertDetail(AlertOut):
    failing_runs: int  # failed runs of a run-failures alert that have not succeeded since
    deliveries: list[DeliveryOut]


class AlertList(BaseModel):
    items: list[AlertOut]
