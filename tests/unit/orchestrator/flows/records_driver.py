"""A driver for record-flow unit tests: feeds results caused by the pending command."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel

from syncyard_common.messages import mapping, records
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows import flow_rules
from syncyard_orchestrator.flows.records import Decision, RecordRun, decide

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SOURCE = uuid.UUID("00000000-0000-4000-8000-0000000000c1")
TARGET = uuid.UUID("00000000-0000-4000-8000-0000000000c2")


def make_run(flow: str, source_id: str, **changes: Any) -> RecordRun:
    run = RecordRun(
        id=uuid.UUID("00000000-0000-4000-8000-000000000001"),
        tenant_id=uuid.UUID("00000000-0000-4000-8000-0000000000aa"),
        integration_id=uuid.UUID("00000000-0000-4000-8000-0000000000bb"),
        flow=flow,
        source_connection_id=SOURCE,
        target_connection_id=TARGET,
        source_connector="mplus",
        target_connector="shopify",
        source_id=source_id,
    )
    return run.model_copy(update=changes)


def changed(entity: str, source_id: str, record: dict[str, Any]) -> records.RecordChangedV1:
    return records.RecordChangedV1(
        connection_id=SOURCE,
        entity=entity,  # type: ignore[arg-type]
        source_id=source_id,
        record=record,
        topic="poll",
        source_event_key=f"poll:{entity}:{source_id}",
    )


class Driver:
    def __init__(self, flow: str, settings: BaseModel | None = None) -> None:
        self.rules = flow_rules.RECORD_RULES[flow]
        self.settings = settings or self.rules.settings_model()
        self.now = T0

    def step(
        self, run: RecordRun, message: Message, *, causation_id: uuid.UUID | None = None
    ) -> Decision:
        self.now += timedelta(milliseconds=5)
        cause = causation_id if causation_id is not None else run.pending_command_id
        return decide(
            self.rules,
            run,
            message,
            self.settings,
            causation_id=cause,
            command_id=uuid.uuid4(),
            now=self.now,
        )

    def start(self, run: RecordRun, record: dict[str, Any]) -> Decision:
        return self.step(run, changed(self.rules.entity, run.source_id, record))

    def mapped(self, run: RecordRun, record: dict[str, Any], version: int = 0) -> Decision:
        return self.step(
            run,
            mapping.RecordMappedV1(
                record=record, mapping_id=f"default:{run.flow}", mapping_version=version
            ),
        )
