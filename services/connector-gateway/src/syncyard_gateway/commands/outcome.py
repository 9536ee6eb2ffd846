"""What a command's connector call gives back, and the capability check every call makes first."""

from dataclasses import dataclass, field
from typing import Literal

from syncyard_common.messages.audit import StepRecordedV1
from syncyard_common.messages.envelope import Message
from syncyard_gateway.connectors import base
from syncyard_gateway.connectors.errors import ConnectorError, UnsupportedOperation


@dataclass(frozen=True)
class Outcome:
    result: Message
    entity_ref: str | None
    # A command made of several remote calls reports each one; empty: one entry for the whole.
    steps: list[StepRecordedV1] = field(default_factory=list)


class FailedAtStep(Exception):
    """A sub-step of a multi-call command was refused: which one, and what was done before."""

    def __init__(self, step: str, error: ConnectorError, done: tuple[StepRecordedV1, ...]) -> None:
        super().__init__(error.reason)
        self.step = step
        self.error = error
        self.done = done


def unsupported(connector: base.Connector, what: str) -> UnsupportedOperation:
    return UnsupportedOperation(f"{connector.title} cannot {what}.")


def require(
    connector: base.Connector, entity: base.Entity, access: Literal["read", "write"]
) -> None:
    """Refuse what the connector does not declare, before any remote call is made."""
    declared = connector.capabilities.reads if access == "read" else connector.capabilities.writes
    if entity not in declared:
        raise UnsupportedOperation(
            f"{connector.title} cannot {access} {entity.value}: its capabilities do not include it."
        )
