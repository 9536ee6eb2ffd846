"""API models of a connection's polling settings and feed positions."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class FeedRead(BaseModel):
    entity: str
    cursor: str | None = Field(description="Opaque position in the remote's change feed.")
    updated_at: datetime | None = Field(description="When the cursor last moved.")
    last_polled_at: datetime | None
    last_error: str | None
    is_read: bool = Field(
        default=True,
        description="Whether some active flow reads this entity; only those feeds are polled.",
    )


class PollingRead(BaseModel):
    enabled: bool
    interval_seconds: float
    entities: list[FeedRead]


class PollingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Strict: 0 or "yes" is not a boolean (the document says boolean; schemathesis checks it).
    enabled: bool = Field(strict=True)
    interval_seconds: int | None = Field(
        default=None,
        ge=5,
        le=86_400,
        description="Seconds between polls; null returns to the service default.",
    )
