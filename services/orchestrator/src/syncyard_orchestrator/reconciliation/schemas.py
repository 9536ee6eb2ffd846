"""API models of reconciliations."""

import uuid
from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from syncyard_common.web.instant import Instant

ReconciledFlow = Literal["orders", "products", "stock"]
ItemKind = Literal["missing", "extra", "mismatched"]


_TIME: dict[str, Any] = {"type": "string", "format": "date-time"}
_NOT_ORDERS: dict[str, Any] = {"enum": [f for f in get_args(ReconciledFlow) if f != "orders"]}
_PERIOD: dict[str, Any] = {"required": ["from", "to"], "properties": {"from": _TIME, "to": _TIME}}


class ReconciliationIn(BaseModel):
    """Orders are reconciled per period (``from`` and ``to`` required); products and stock
    as they are now. A period whose ``to`` is not after ``from`` holds no orders."""

    # The rule above, said in the schema as well as checked by the service.
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        json_schema_extra={"anyOf": [{"properties": {"flow": _NOT_ORDERS}}, _PERIOD]},
    )

    flow: str = Field(
        description="orders, products or stock.",
        json_schema_extra={"enum": list(get_args(ReconciledFlow))},
    )
    period_from: Instant | None = Field(
        default=None, alias="from", description="Orders created from (inclusive); required."
    )
    period_to: Instant | None = Field(
        default=None, alias="to", description="Orders created before (exclusive); required."
    )


class Counts(BaseModel):
    source: int = Field(description="Records judged in the source.")
    target: int = Field(description="Records judged in the target.")
    matched: int = Field(description="In both and alike.")
    missing: int = Field(description="In the source, not in the target.")
    extra: int = Field(description="In the target, not in the source.")
    mismatched: int = Field(description="In both, differing in a field.")


class ItemRead(BaseModel):
    kind: ItemKind
    reference: str = Field(description="External reference (orders) or SKU.")
    source_id: str | None
    target_id: str | None
    field: str | None
    source_value: str | None
    target_value: str | None
    rerun_at: datetime | None = Field(description="When a re-run of this missing record began.")


class ReconciliationRead(BaseModel):
    id: uuid.UUID
    integration_id: uuid.UUID
    flow: str
    period_from: datetime | None = Field(serialization_alias="from")
    period_to: datetime | None = Field(serialization_alias="to")
    origin: Literal["on_demand", "daily"]
    state: Literal["queued", "reading", "done", "failed"]
    counts: Counts
    error: str | None
    pages_read: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    items: list[ItemRead] = Field(default_factory=list)
    next_cursor: str | None = Field(default=None, description="Pass as cursor for more items.")


class ReconciliationList(BaseModel):
    items: list[ReconciliationRead]


class RerunStarted(BaseModel):
    reconciliation_id: uuid.UUID
    started: int = Field(description="Missing records whose runs were started now.")
    already_started: int = Field(description="Missing records re-run by an earlier call.")
