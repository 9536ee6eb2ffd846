"""Reconciliation events published by the orchestrator."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from syncyard_common.messages.envelope import Message


class ReconciliationDiscrepancyFoundV1(Message):
    """A reconciliation found source and target disagreeing; the notifier alerts on it.

    One event per report (not per record), so a thousand differences make one alert."""

    type: Literal["reconciliation.discrepancy_found.v1"] = "reconciliation.discrepancy_found.v1"
    reconciliation_id: uuid.UUID
    integration_id: uuid.UUID
    flow: str
    period_from: datetime
    period_to: datetime
    missing: int = Field(description="In the source, not in the target.")
    extra: int = Field(description="In the target, not in the source.")
    mismatched: int = Field(description="In both, with a field that differs.")
    examples: list[str] = Field(
        default_factory=list, description="A few references with what differs, for the text."
    )
