"""API models of ``/v1/deliveries``: each message of an alert to one channel."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    channel_id: uuid.UUID
    alert_id: uuid.UUID | None = None  # the alert (with a state) this delivers; None: a test
    event: str
    title: str
    text: str
    link: str | None
    fields: dict[str, Any]
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class DeliveryList(BaseModel):
    items: list[DeliveryOut]
