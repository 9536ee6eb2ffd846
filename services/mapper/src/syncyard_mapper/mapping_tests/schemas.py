"""API models of the mapping-tests endpoints."""

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ConnectorName = str


class MappingTestCase(BaseModel):
    """Sample in → expected out; ``expected`` is compared on the fields it names only."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    input: dict[str, Any]
    expected: dict[str, Any]
    source_connector: ConnectorName | None = Field(
        default=None, max_length=60, description="Which default the case runs on; else the save's."
    )
    target_connector: ConnectorName | None = Field(default=None, max_length=60)


class MappingTestsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Names need not be unique (no schema can say "unique by name"): results come in the
    # cases' order, so two cases of one name are still told apart by their place.
    cases: list[MappingTestCase] = Field(max_length=100, description="Results keep this order.")


class DifferenceOut(BaseModel):
    field: str
    expected: Any
    actual: Any


class ProblemOut(BaseModel):
    field: str | None
    reason: str


class CaseResultOut(BaseModel):
    name: str
    passed: bool
    differences: list[DifferenceOut]
    errors: list[ProblemOut]


class MappingTestsOut(BaseModel):
    integration_id: uuid.UUID
    flow: str
    cases: list[MappingTestCase]
    results: list[CaseResultOut] = Field(
        description="Each case run against the current mapping (saved or default)."
    )
