"""API models of the mappings endpoints."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from syncyard_mapper.engine.document import MappingDocument


class MappingOut(BaseModel):
    integration_id: uuid.UUID
    flow: str
    mapping_id: str = Field(description='Row id, or "default:<flow>/<source>_to_<target>".')
    version: int = Field(description="0 for a shipped default.")
    is_default: bool
    created_at: datetime | None = None
    document: MappingDocument


class MappingVersionOut(BaseModel):
    mapping_id: str
    version: int
    created_at: datetime | None


class PreviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: MappingDocument
    records: list[dict[str, Any]] = Field(min_length=1, max_length=50)


class FieldProblem(BaseModel):
    field: str | None
    reason: str


class PreviewRecordOut(BaseModel):
    output: dict[str, Any] | None = Field(description="None when any field has a problem.")
    errors: list[FieldProblem]


class PreviewOut(BaseModel):
    results: list[PreviewRecordOut]
