"""API models of the dry run (input forbids unknown fields)."""

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Action = Literal["create", "update", "skip", "fail", "wait"]


class DryRunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=5, ge=1, le=20, description="Sample records read from the source.")
    direction: Literal["source_to_target", "target_to_source"] | None = Field(
        default=None, description="Try the other direction than the configured one."
    )


class FieldProblem(BaseModel):
    field: str | None = None
    reason: str


class RecordDecision(BaseModel):
    """What a real run would do with the record, in the words its activity log would use."""

    action: Action
    fields: list[str] = Field(
        default_factory=list, description="What would be written (update: the changed fields)."
    )
    reason: str | None = None
    code: str | None = Field(default=None, description="The failure code a real run would end on.")
    target_id: str | None = Field(default=None, description="The record found in the target.")


class RecordTrialOut(BaseModel):
    direction: str
    source: dict[str, Any] = Field(description="The canonical record read from the source.")
    mapped: dict[str, Any] | None = Field(description="What would be sent; None when unmapped.")
    mapping_version: int | None
    decision: RecordDecision
    errors: list[FieldProblem] = Field(default_factory=list)


class MappingUsed(BaseModel):
    mapping_id: str
    version: int
    is_default: bool


class DryRunOut(BaseModel):
    integration_id: uuid.UUID
    flow: str
    mappings: list[MappingUsed] = Field(description="The mapping of each direction tried.")
    records: list[RecordTrialOut]
    written: Literal[False] = Field(default=False, description="A dry run never writes.")
