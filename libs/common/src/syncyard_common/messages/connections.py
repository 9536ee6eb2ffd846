"""Connection health events published by the gateway."""

import uuid
from typing import Literal

from syncyard_common.messages.envelope import Message


class ConnectionFailedV1(Message):
    """A connection stopped working (e.g. credentials rejected); one event per change."""

    type: Literal["connection.failed.v1"] = "connection.failed.v1"
    connection_id: uuid.UUID
    connector: str
    name: str
    code: str
    reason: str


class ConnectionRecoveredV1(Message):
    type: Literal["connection.recovered.v1"] = "connection.recovered.v1"
    connection_id: uuid.UUID
    connector: str
    name: str
