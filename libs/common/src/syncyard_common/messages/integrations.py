"""What the orchestrator tells the gateway about integrations (it owns them; the gateway
keeps a copy of only what it needs)."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from syncyard_common.messages.envelope import Message


class ConnectionReads(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    connection_id: uuid.UUID
    entities: list[str]  # empty: this integration reads nothing from the connection


class IntegrationReadsChangedV1(Message):
    """Which entities the integration's active flows read from each of its connections now.

    A whole snapshot, not a delta: a redelivered or late message is harmless (the newest
    ``as_of`` wins). Sent when flows change, when the integration is deleted (every list
    empty) and at the orchestrator's start-up. The gateway polls only what some integration
    reads."""

    type: Literal["integration.reads.changed.v1"] = "integration.reads.changed.v1"
    integration_id: uuid.UUID
    reads: list[ConnectionReads]
    as_of: datetime
