"""Run lifecycle events published by the orchestrator."""

import uuid
from typing import Literal

from pydantic import Field

from syncyard_common.messages.envelope import Message


class RunFailedV1(Message):
    """A run ended in failure. The notifier alerts on it; the run id is ``run_id``."""

    type: Literal["run.failed.v1"] = "run.failed.v1"
    run_id: uuid.UUID
    integration_id: uuid.UUID
    flow: str
    step: str
    entity_ref: str | None
    code: str = Field(description="Stable error class, used to group alerts.")
    reason: str = Field(description="The exact problem, in the merchant's words.")


class RunCompletedV1(Message):
    type: Literal["run.completed.v1"] = "run.completed.v1"
    run_id: uuid.UUID
    integration_id: uuid.UUID
    flow: str
    entity_ref: str | None
    outcome: Literal["done", "skipped"]
    target_id: str | None = None
