"""API models of the activity-log search."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from syncyard_common.messages.audit import StepOutcome


class EntryOut(BaseModel):
    id: uuid.UUID
    run_id: uuid.UUID | None
    integration_id: uuid.UUID | None
    flow: str | None
    step: str
    outcome: StepOutcome
    entity_ref: str | None
    connection_id: uuid.UUID | None
    message: str | None
    duration_ms: float | None
    mapping_version: int | None
    source_service: str
    occurred_at: datetime
    recorded_at: datetime
    source_payload: dict[str, Any] | None = None
    sent_payload: dict[str, Any] | None = None
    response_payload: dict[str, Any] | None = None


class RunLogOut(BaseModel):
    run_id: uuid.UUID
    entries: list[EntryOut]


class EntryPage(BaseModel):
    items: list[EntryOut]
    next_cursor: str | None
