"""The answer of the gateway when a command failed for good (retrying would not help)."""

from enum import StrEnum
from typing import Literal

from pydantic import Field

from syncyard_common.messages.envelope import Message


class ConnectorErrorKind(StrEnum):
    DATA = "data"  # the remote refused the record: park with the exact reason
    AUTH = "auth"  # credentials rejected: pause the connection, alert once
    NOT_FOUND = "not_found"  # the record asked for does not exist
    UNSUPPORTED = "unsupported"  # the connector cannot do this
    EXHAUSTED = "exhausted"  # transient failures outlasted the retry horizon


class CommandFailedV1(Message):
    type: Literal["connector.command.failed.v1"] = "connector.command.failed.v1"
    command_type: str
    kind: ConnectorErrorKind
    code: str
    reason: str
    step: str | None = Field(
        default=None,
        description="The sub-step that failed, for commands made of several (place an order).",
    )
