"""Audit entries: what each step received, sent and got back. Consumed by the logger only.

``audit.steps.recorded.v1`` carries several entries at once; ``audit.step.recorded.v1`` one.
The logger stores both, so a publisher may send either (old publishers keep working)."""

import uuid
from collections.abc import Sequence
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


# More than any command or decision notes; a bound on what one message may carry.
MAX_STEPS = 100


class StepsRecordedV1(Message):
    """Several steps of one run in one message: a command made of several remote calls, or a
    decision that notes more than one step. One publish and one consume instead of one per
    step; the logger stores each step as its own entry, in this order."""

    type: Literal["audit.steps.recorded.v1"] = "audit.steps.recorded.v1"
    steps: list[StepRecordedV1] = Field(min_length=1, max_length=MAX_STEPS)


def recorded(steps: Sequence[StepRecordedV1]) -> list[Message]:
    """The audit messages for ``steps``: one entry as it is, several together in one."""
    if len(steps) <= 1:
        return list(steps)
    return [
        StepsRecordedV1(steps=list(steps[start : start + MAX_STEPS]))
        for start in range(0, len(steps), MAX_STEPS)
    ]
