"""API models of runs: what a dashboard shows (ids and outcome, no customer data)."""

import base64
import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from syncyard_orchestrator.runs.tables import Run


class RunOut(BaseModel):
    id: uuid.UUID
    integration_id: uuid.UUID
    flow: str
    state: str
    source_connection_id: uuid.UUID
    source_entity_id: str
    entity_ref: str | None
    version: int
    external_reference: str | None = None
    customer_id: str | None = None
    target_id: str | None = None
    mapping_version: int | None = None
    pending_command_type: str | None = None
    failed_step: str | None = None
    failure_code: str | None = None
    failure_reason: str | None = None
    reissue_count: int = 0
    coalesced_count: int = 0
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None

    @classmethod
    def from_row(cls, row: Run) -> "RunOut":
        state: dict[str, Any] = row.state_json
        pending = state.get("pending_command") or {}
        return cls(
            id=row.id,
            integration_id=row.integration_id,
            flow=row.flow,
            state=row.state,
            source_connection_id=row.source_connection_id,
            source_entity_id=row.source_entity_id,
            entity_ref=row.entity_ref,
            version=row.version,
            external_reference=state.get("external_reference"),
            customer_id=state.get("customer_id"),
            target_id=state.get("target_order_id") or state.get("target_id"),
            mapping_version=state.get("mapping_version"),
            pending_command_type=pending.get("type"),
            failed_step=state.get("failed_step"),
            failure_code=state.get("failure_code"),
            failure_reason=state.get("failure_reason"),
            reissue_count=state.get("reissue_count", 0),
            coalesced_count=state.get("coalesced_count", 0),
            created_at=row.created_at,
            updated_at=row.updated_at,
            finished_at=row.finished_at,
        )


class RunPage(BaseModel):
    items: list[RunOut]
    next_cursor: str | None


def encode_cursor(row: Run) -> str:
    raw = f"{row.created_at.isoformat()}|{row.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    """Raises ValueError on anything that is not a cursor this API handed out."""
    created_at, run_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
    parsed = datetime.fromisoformat(created_at)
    if parsed.tzinfo is None:
        raise ValueError("cursor without time zone")
    return parsed, uuid.UUID(run_id)
