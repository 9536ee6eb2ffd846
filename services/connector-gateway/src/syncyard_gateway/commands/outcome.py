"""What a command's connector call gives back, and the capability check every call makes first."""

from dataclasses import dataclass
from typing import Literal

from syncyard_common.messages.envelope import Message
from syncyard_gateway.connectors import base
from syncyard_gateway.connectors.errors import UnsupportedOperation


@dataclass(frozen=True)
class Outcome:
    result: Message
    entity_ref: str | None


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
