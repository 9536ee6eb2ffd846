"""State, events and decisions of the record flows (products, stock, customers, categories)."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from syncyard_common.messages.audit import StepRecordedV1
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows.run_base import FlowRun

FLOW_VERSION = 1


class RecordFlowState(StrEnum):
    RECEIVED = "received"
    MAPPING = "mapping"
    FINDING = "finding"
    WRITING = "writing"
    DONE = "done"
    SKIPPED = "skipped"
    FAILED = "failed"

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL_STATES


TERMINAL_STATES = frozenset({RecordFlowState.DONE, RecordFlowState.SKIPPED, RecordFlowState.FAILED})

STEP_OF_STATE: dict[RecordFlowState, str] = {
    RecordFlowState.RECEIVED: "start",
    RecordFlowState.MAPPING: "map",
    RecordFlowState.FINDING: "find",
    RecordFlowState.WRITING: "write",
}


class RecordRun(FlowRun):
    """Everything one run of a record flow knows; stored as JSON beside the run row."""

    DATA_FIELDS: ClassVar[tuple[str, ...]] = ("record", "mapped")

    flow: str
    flow_version: int = FLOW_VERSION
    state: RecordFlowState = RecordFlowState.RECEIVED
    source_id: str
    entity_ref: str | None = Field(default=None, description="SKU, e-mail or name.")
    topic: str = "poll"
    job_id: uuid.UUID | None = Field(default=None, description="The initial sync it is part of.")
    record: dict[str, Any] | None = Field(default=None, description="Cleared when the run ends.")
    mapped: dict[str, Any] | None = Field(default=None, description="Cleared when the run ends.")
    links: dict[str, str] = Field(
        default_factory=dict,
        description="Target ids of related records known at start (category source id → id).",
    )
    categories_synced: bool = Field(
        default=False,
        description="The integration's categories flow reads this run's source: a product "
        "waits for its unlinked categories instead of going without them.",
    )
    target_product_fields: list[str] = Field(
        default_factory=list,
        description="The optional product fields the target keeps (its connector's "
        "capabilities.product_fields): an empty one read back there is really empty.",
    )
    found_id: str | None = None
    target_id: str | None = None
    written_fields: list[str] = Field(default_factory=list)
    newer_record: dict[str, Any] | None = Field(
        default=None, description="A newer version that arrived mid-run: synced right after."
    )

    @property
    def flow_name(self) -> str:
        return self.flow

    @property
    def source_ref(self) -> str:
        return self.source_id


@dataclass(frozen=True)
class EntityLink:
    """Source record ↔ target record, kept so related records and echoes can be recognised."""

    entity: str
    source_id: str
    target_id: str


@dataclass(frozen=True)
class Decision:
    """The new run and what to publish with it; ``links`` are stored in the same commit."""

    run: RecordRun
    command: Message | None = None
    events: list[Message] = field(default_factory=list)
    audit: list[StepRecordedV1] = field(default_factory=list)
    links: list[EntityLink] = field(default_factory=list)
    changed: bool = True


@dataclass(frozen=True)
class StepContext:
    settings: BaseModel
    command_id: uuid.UUID
    now: datetime
