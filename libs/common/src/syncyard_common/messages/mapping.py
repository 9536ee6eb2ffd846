"""Mapper commands and results: apply a tenant's (or the default) mapping to a record."""

import uuid
from typing import Any, Literal

from pydantic import Field

from syncyard_common.messages.envelope import Message


class MapRecordV1(Message):
    type: Literal["mapper.record.map.v1"] = "mapper.record.map.v1"
    integration_id: uuid.UUID
    flow: str = Field(description="orders, products, stock, customers, categories")
    source_connector: str
    target_connector: str
    record: dict[str, Any] = Field(description="The canonical source record as JSON.")


class RecordMappedV1(Message):
    type: Literal["mapping.record.mapped.v1"] = "mapping.record.mapped.v1"
    record: dict[str, Any] = Field(description="The canonical record for the target, as JSON.")
    mapping_id: str
    mapping_version: int


class RecordMappingFailedV1(Message):
    type: Literal["mapping.record.failed.v1"] = "mapping.record.failed.v1"
    mapping_id: str
    mapping_version: int
    field: str | None
    reason: str
    code: str = Field(
        default="mapping_failed",
        description="mapping_failed, or mapping_limit_exceeded when an evaluation limit hit.",
    )
