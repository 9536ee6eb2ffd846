"""API models of runs: what a dashboard shows (ids and outcome, no customer data)."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator

from syncyard_common.web import page_cursor
from syncyard_orchestrator.runs.filters import RunFilter
from syncyard_orchestrator.runs.retry import MAX_BULK
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
    result: str | None = None  # what a done or skipped run did, or why it did nothing
    reissue_count: int = 0
    coalesced_count: int = 0
    retry_count: int = 0
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
            result=state.get("result"),
            reissue_count=state.get("reissue_count", 0),
            coalesced_count=state.get("coalesced_count", 0),
            retry_count=state.get("retry_count", 0),
            created_at=row.created_at,
            updated_at=row.updated_at,
            finished_at=row.finished_at,
        )


class StepOut(BaseModel):
    """One thing the runner did: a step's outcome, or a command it sent (``command_type``)."""

    at: datetime
    step: str
    outcome: str
    message: str
    command_type: str | None = None
    command_id: uuid.UUID | None = None


class RunDetail(RunOut):
    """One run with its steps, oldest first (payloads: the logger's ``/v1/runs/{id}/log``)."""

    steps: list[StepOut]
    pending_command_id: uuid.UUID | None = None

    @classmethod
    def from_row(cls, row: Run) -> "RunDetail":
        return cls(
            **RunOut.from_row(row).model_dump(),
            steps=[StepOut.model_validate(step) for step in row.step_history or []],
            pending_command_id=row.pending_command_id,
        )


class RunPage(BaseModel):
    items: list[RunOut]
    next_cursor: str | None


def encode_cursor(row: Run) -> str:
    return page_cursor.encode(row.created_at, row.id)


class CountOut(BaseModel):
    bucket_start: datetime
    flow: str
    state: str
    count: int


class RunCounts(BaseModel):
    """Runs started per time bucket, flow and state (buckets without runs are left out)."""

    bucket: str
    start: datetime
    end: datetime
    items: list[CountOut]
    totals: dict[str, int]  # per state over the whole range


class RetryRequest(RunFilter):
    """Which failed runs to retry: ``ids``, or the runs list's filters (or both: AND)."""

    ids: list[uuid.UUID] | None = Field(default=None, min_length=1, max_length=MAX_BULK)
    limit: int = Field(default=100, ge=1, le=MAX_BULK, description="Runs retried at most.")
    state: str | None = Field(default=None, json_schema_extra={"enum": ["failed", None]})

    @field_validator("state")
    @classmethod
    def _only_failed(cls, value: str | None) -> str | None:
        if value not in (None, "failed"):
            raise ValueError("only failed runs are retried; leave state out or say failed")
        return value

    def selection(self) -> RunFilter:
        return RunFilter.model_validate(self.model_dump(exclude={"ids", "limit"}))


class SkippedOut(BaseModel):
    run_id: uuid.UUID
    code: str
    reason: str
    other_run_id: uuid.UUID | None = None


class RetryAnswer(BaseModel):
    retried: int
    retried_ids: list[uuid.UUID]
    skipped: list[SkippedOut]
    capped: bool = Field(description="More failed runs matched than the limit: call again.")
