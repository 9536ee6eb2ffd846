"""Audit entries: what each step received, sent and got back. Consumed by the logger only."""

import uuid
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from syncyard_common.messages.envelope import Message


class StepOutcome(StrEnum):
    OK = "ok"
    SKIPPED = "skipped"
    FAILED = "failed"
    RETRYING = "retrying"


class StepRecordedV1(Message):
    """One step of one run. The run id is the envelope's ``correlation_id``."""

    type: Literal["audit.step.recorded.v1"] = "audit.step.recorded.v1"
    step: str = Field(description="webhook, fetch, map, find_order, upsert_customer, ...")
    outcome: StepOutcome
    entity_ref: str | None = Field(default=None, description="Order number, SKU or e-mail.")
    connection_id: uuid.UUID | None = None
    message: str | None = Field(default=None, description="Merchant-readable explanation.")
    source_payload: dict[str, Any] | None = None
    sent_payload: dict[str, Any] | None = None
    response_payload: dict[str, Any] | None = None
    duration_ms: float | None = None
    mapping_version: int | None = None
