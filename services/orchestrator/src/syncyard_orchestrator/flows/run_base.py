"""What every flow's run has in common: identity, the pending command, the failure, the version.

The order flow and the record flows keep their own states and data on top of this; one set of
building blocks (``flows/steps.py``) and one machine interface (``flows/machines.py``) serve
them all, so the runner never asks which flow a run belongs to."""

import uuid
from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


class FlowRun(BaseModel):
    """The shared part of a run, stored as JSON beside the run row."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    # The record's data held while the run works; dropped when it ends (the audit log keeps it).
    DATA_FIELDS: ClassVar[tuple[str, ...]] = ()

    id: uuid.UUID
    tenant_id: uuid.UUID
    integration_id: uuid.UUID
    version: int = Field(default=0, description="Bumped by every decision that changes the run.")
    state: Any
    source_connection_id: uuid.UUID
    target_connection_id: uuid.UUID
    source_connector: str
    target_connector: str
    entity_ref: str | None = Field(default=None, description="What a merchant searches for.")
    mapping_id: str | None = None
    mapping_version: int | None = None
    failed_step: str | None = None
    failure_code: str | None = None
    failure_reason: str | None = None
    pending_command_id: uuid.UUID | None = None
    pending_command: dict[str, Any] | None = Field(
        default=None, description="The command awaiting its result, as JSON (for re-issue)."
    )
    superseded_command_ids: list[uuid.UUID] = Field(
        default_factory=list, description="Earlier ids of the pending command (re-issued)."
    )
    command_sent_at: datetime | None = None
    reissue_count: int = 0
    coalesced_count: int = 0
    retry_count: int = Field(default=0, description="How often an operator retried the run.")

    @property
    def flow_name(self) -> str:
        raise NotImplementedError

    @property
    def source_ref(self) -> str:
        """The record's id in its source."""
        raise NotImplementedError

    @property
    def is_terminal(self) -> bool:
        return bool(self.state.is_terminal)

    def answers_pending_command(self, causation_id: uuid.UUID | None) -> bool:
        """Whether a result was caused by the command this run is waiting for."""
        if causation_id is None or self.pending_command_id is None:
            return False
        return causation_id == self.pending_command_id or causation_id in (
            self.superseded_command_ids
        )
