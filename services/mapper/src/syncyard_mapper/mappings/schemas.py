"""API models of the mappings endpoints."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from syncyard_mapper.engine.document import MappingDocument


class MappingOut(BaseModel):
    integration_id: uuid.UUID
    flow: str
    mapping_id: str = Field(description='Row id, or "default:<flow>/<source>_to_<target>".')
    version: int = Field(description="0 for a shipped default.")
    is_default: bool
    created_at: datetime | None = None
    document: MappingDocument = Field(description="The saved overlay, or the default itself.")
    effective: MappingDocument | None = Field(
        default=None,
        description="What is applied for the connector pair: the default with the overlay.",
    )


class MappingVersionOut(BaseModel):
    mapping_id: str
    version: int
    created_at: datetime | None


class RollbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)


class SampleSource(BaseModel):
    """Fetch the preview's records from a connection (through the gateway)."""

    model_config = ConfigDict(extra="forbid")

    connection_id: uuid.UUID
    limit: int = Field(default=5, ge=1, le=50)


_NULL: dict[str, Any] = {"type": "null"}
_NOT_NULL: dict[str, Any] = {"not": _NULL}


class PreviewIn(BaseModel):
    """``records`` or a ``source`` to read them from: exactly one of the two."""

    # The rule below, said in the schema too.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "oneOf": [
                {
                    "required": [given],
                    "properties": {given: {"not": {"type": "null"}}, other: _NULL},
                }
                for given, other in (("records", "source"), ("source", "records"))
            ]
        },
    )

    document: MappingDocument | None = Field(
        default=None, description="The draft overlay; without one, the current mapping."
    )
    records: list[dict[str, Any]] | None = Field(default=None, min_length=1, max_length=50)
    source: SampleSource | None = None

    @model_validator(mode="after")
    def _records_or_source(self) -> "PreviewIn":
        if (self.records is None) == (self.source is None):
            raise ValueError("give either records or a source connection, not both")
        return self


class FieldProblem(BaseModel):
    field: str | None
    reason: str


class PreviewRecordOut(BaseModel):
    input: dict[str, Any]
    output: dict[str, Any] | None = Field(description="None when any field has a problem.")
    errors: list[FieldProblem]


class PreviewOut(BaseModel):
    results: list[PreviewRecordOut]
