"""Connection health and outage events published by the gateway."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

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


class ConnectionOutageStartedV1(Message):
    """A remote has answered 5xx or not at all for a while: one event per outage.

    Names the connection only; no record of the merchant's customers is in it.
    """

    type: Literal["connection.outage.started.v1"] = "connection.outage.started.v1"
    connection_id: uuid.UUID
    connector: str
    name: str
    code: str = Field(description="The last failure's class: remote_unavailable, unreachable…")
    reason: str = Field(description="What failed, in the merchant's words, without any record.")
    failing_since: datetime
    failures: int = Field(description="Failed calls since the first one of the outage.")


class ConnectionOutageEndedV1(Message):
    """The first call after an outage succeeded; the outage's alert resolves on it."""

    type: Literal["connection.outage.ended.v1"] = "connection.outage.ended.v1"
    connection_id: uuid.UUID
    connector: str
    name: str
    failing_since: datetime
    ended_at: datetime
