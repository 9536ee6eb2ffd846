"""What differs between the record flows: one ``EntityRules`` per flow, the machine is shared."""

from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel

from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows.records._model import EntityLink, RecordRun


@dataclass(frozen=True)
class Plan:
    """After the look-up in the target: the write to send, or why nothing is sent."""

    command: Message | None = None
    skip_reason: str | None = None
    fields: list[str] = field(default_factory=list)
    failure: tuple[str, str] | None = None  # (code, reason): the record cannot be written


class EntityRules(Protocol):
    flow: str
    entity: str
    settings_model: type[BaseModel]
    found_type: type[Message] | None
    written_type: type[Message]
    maps: bool  # False: no mapping step (the flow moves no fields, e.g. a status)

    def entity_ref(self, record: dict[str, Any]) -> str:
        """What a merchant searches the log for: SKU, e-mail, category name."""
        ...

    def screen(self, record: dict[str, Any], settings: Any) -> str | None:
        """Why this source record is not synced at all (filters, settings), else None."""
        ...

    def find(self, run: RecordRun, mapped: dict[str, Any], settings: Any) -> Message | None:
        """The look-up in the target before writing; None when the write needs none."""
        ...

    def plan(
        self, run: RecordRun, mapped: dict[str, Any], found: Message | None, settings: Any
    ) -> Plan: ...

    def written(self, run: RecordRun, result: Message) -> tuple[str, list[EntityLink]]:
        """The target's id from the write's result, and the links to remember."""
        ...
