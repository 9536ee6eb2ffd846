"""The envelope around every message on the bus (CloudEvents attribute names, JSON body)."""

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Envelope(BaseModel):
    """One message: ``id`` is the inbox dedupe key; ``correlation_id`` is the run id."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    type: str = Field(description="Versioned message type, also the routing key.")
    source: str = Field(description="Name of the publishing service.")
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    subject: str | None = Field(default=None, description="Entity reference: order number, SKU.")
    tenant_id: uuid.UUID
    integration_id: uuid.UUID | None = None
    flow: str | None = None
    correlation_id: uuid.UUID | None = Field(default=None, description="The run this belongs to.")
    causation_id: uuid.UUID | None = Field(default=None, description="The message that caused it.")
    payload: dict[str, Any] = Field(default_factory=dict)
    lane: Literal["live", "bulk", "start"] = Field(
        default="live",
        description="bulk: work of an initial sync, queued apart so it never delays live orders; "
        "start: news that starts a run (a webhook's order), queued apart so work that finishes "
        "runs is served first.",
    )

    @property
    def routing_key(self) -> str:
        return self.type if self.lane == "live" else f"{self.lane}.{self.type}"


class Message(BaseModel):
    """Base of every typed payload: frozen, and tolerant of fields added by newer publishers."""

    model_config = ConfigDict(frozen=True, extra="ignore")
