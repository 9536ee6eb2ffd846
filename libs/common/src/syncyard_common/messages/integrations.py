"""What the orchestrator tells other services about integrations (it owns them; the gateway
and the mapper keep a copy of only what they need)."""

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


class IntegrationOwnedV1(Message):
    """The tenant that owns the integration, told by its owner of record (decision 0010).

    Staged in the transaction that creates the integration, and again for every integration
    at the orchestrator's start-up (systems upgraded with integrations made before this
    message existed). An integration's tenant never changes and its id, minted by the
    orchestrator, is never reused, so a redelivered or repeated message is harmless. The
    mapper, which keeps data per integration id, lets only this tenant read or write it."""

    type: Literal["integration.owned.v1"] = "integration.owned.v1"
    integration_id: uuid.UUID
    tenant_id: uuid.UUID
    as_of: datetime
