"""Which runs an operator means: the runs list's filters, also the body of a bulk retry."""

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from syncyard_common.web.errors import Unprocessable
from syncyard_common.web.instant import Instant
from syncyard_orchestrator.flows import flow_rules, orders, records
from syncyard_orchestrator.runs.tables import QUEUED

# Every state a run of any flow can be in (the order flow's, the record flows', and an initial
# sync's queued records).
RUN_STATES: tuple[str, ...] = tuple(
    sorted({*orders.OrderFlowState, *records.RecordFlowState, QUEUED})
)
FLOWS: tuple[str, ...] = tuple(sorted(flow_rules.RUN_FLOWS))

Text = Annotated[str, Field(min_length=1, max_length=250)]


class RunFilter(BaseModel):
    """Runs of one tenant; every field given narrows the set (all of them: AND)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    integration_id: uuid.UUID | None = None
    flow: str | None = Field(default=None, json_schema_extra={"enum": [*FLOWS, None]})
    state: str | None = Field(default=None, json_schema_extra={"enum": [*RUN_STATES, None]})
    created_from: Instant | None = Field(
        default=None,
        description="Runs started at or after this instant (RFC 3339 with zone); from at or "
        "after created_to is an empty range, which holds no runs.",
    )
    created_to: Instant | None = Field(
        default=None, description="Runs started before this instant (RFC 3339 with zone)."
    )
    entity_ref: Text | None = Field(
        default=None, description="What the merchant sees (order number, SKU, e-mail) or the "
        "record's id in its source.",
    )  # fmt: skip
    external_reference: Text | None = Field(
        default=None,
        description="Our reference in the target: <source connector>:<source order id>.",
    )
    failure_code: Text | None = Field(default=None, description="e.g. products_missing.")

    @field_validator("flow")
    @classmethod
    def _known_flow(cls, value: str | None) -> str | None:
        if value is not None and value not in FLOWS:
            raise ValueError(f"unknown flow {value!r}; one of {', '.join(FLOWS)}")
        return value

    @field_validator("state")
    @classmethod
    def _known_state(cls, value: str | None) -> str | None:
        if value is not None and value not in RUN_STATES:
            raise ValueError(f"unknown state {value!r}; one of {', '.join(RUN_STATES)}")
        return value


def from_query(**values: object) -> RunFilter:
    """A filter from query parameters; 422 naming the first wrong field."""
    try:
        return RunFilter.model_validate(values)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "query"
        raise Unprocessable("validation_failed", f"{field}: {first['msg']}", field=field) from None
