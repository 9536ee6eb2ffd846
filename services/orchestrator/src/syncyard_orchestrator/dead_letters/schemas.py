"""API models of dead letters: what an operator needs to decide between replay and discard."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any, Self

import orjson
from pydantic import BaseModel, ConfigDict, Field, model_validator

from syncyard_common.broker import consumer, topology
from syncyard_common.web import page_cursor
from syncyard_orchestrator.dead_letters.tables import DeadLetter

# The work queues and their dead-letter queues: what a ``queue`` filter may name.
QUEUE_NAMES = sorted([*topology.QUEUES, *(f"{name}.dlq" for name in topology.QUEUES)])


class DeadLetterState(StrEnum):
    PARKED = "parked"
    REPLAYING = "replaying"
    REPLAYED = "replayed"
    DISCARDED = "discarded"


class DeadLetterOut(BaseModel):
    id: uuid.UUID
    tenant_id: uuid.UUID | None
    queue: str = Field(description="The work queue it was parked from (and is replayed to).")
    message_type: str | None
    message_id: str | None
    integration_id: uuid.UUID | None
    run_id: uuid.UUID | None
    subject: str | None
    code: str = Field(description="Why it was parked: attempts_exhausted, unparsable, …")
    reason: str = Field(description="The last failure, in words.")
    first_reason: str | None = Field(description="The first failure, when it was retried.")
    attempts: int = Field(description="How often it was tried.")
    first_failed_at: datetime
    last_failed_at: datetime
    parked_at: datetime
    state: DeadLetterState
    resolved_by: str | None = Field(description="Who asked for the replay or the discard.")
    resolved_at: datetime | None
    replayed_at: datetime | None
    run_told: bool = Field(
        description="The run was told this failed: retry the run, a replay would change nothing."
    )

    @classmethod
    def from_row(cls, row: DeadLetter) -> Self:
        return cls.model_validate(_values(row))


class DeadLetterDetail(DeadLetterOut):
    message: Any = Field(description="The parked message's body (JSON, or text when not JSON).")
    headers: dict[str, Any]

    @classmethod
    def from_row(cls, row: DeadLetter) -> Self:
        try:
            message: Any = orjson.loads(row.body)
        except orjson.JSONDecodeError:
            message = row.body[:10_000].decode("utf-8", "replace")
        return cls.model_validate({**_values(row), "message": message, "headers": row.headers})


def _values(row: DeadLetter) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in DeadLetterOut.model_fields if name != "run_told"}
    return {**values, "run_told": bool(row.headers.get(consumer.OWNER_TOLD_HEADER))}


class DeadLetterPage(BaseModel):
    items: list[DeadLetterOut]
    next_cursor: str | None


class DeadLetterFilterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    queue: str | None = Field(
        default=None,
        max_length=100,
        json_schema_extra={"enum": [*QUEUE_NAMES, None]},  # refused otherwise: 422
    )
    type: str | None = Field(default=None, max_length=200)
    code: str | None = Field(default=None, max_length=100)
    integration_id: uuid.UUID | None = None


_NULL: dict[str, Any] = {"type": "null"}
_OBJECT: dict[str, Any] = {"type": "object"}


class DeadLetterSelection(BaseModel):
    """Either ``ids`` (all of them, or nothing changes) or a ``filter`` over parked ones."""

    # Exactly one of the two, said in the schema as well as checked below.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "oneOf": [
                {"required": ["ids"], "properties": {"ids": {"type": "array"}, "filter": _NULL}},
                {"required": ["filter"], "properties": {"filter": _OBJECT, "ids": _NULL}},
            ]
        },
    )

    ids: list[uuid.UUID] | None = Field(default=None, min_length=1, max_length=500)
    filter: DeadLetterFilterIn | None = None
    limit: int = Field(default=500, ge=1, le=1000, description="At most this many by filter.")

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if (self.ids is None) == (self.filter is None):
            raise ValueError("give either ids or filter")
        return self


class DeadLetterActionOut(BaseModel):
    state: DeadLetterState
    count: int
    ids: list[uuid.UUID]


def encode_cursor(row: DeadLetter) -> str:
    return page_cursor.encode(row.parked_at, row.id)
