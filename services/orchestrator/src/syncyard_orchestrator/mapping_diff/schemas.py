"""API models of the mapping diff: what was sent, what a mapping version would send, and
every field between them that differs."""

import uuid
from typing import Any

from pydantic import BaseModel, Field

from syncyard_orchestrator.dry_run.schemas import FieldProblem
from syncyard_orchestrator.mapping_diff.diff import Change


class SentRecord(BaseModel):
    mapping_version: int | None = Field(description="The version the run was mapped with.")
    mapped_at: str | None = None
    record: dict[str, Any] | None = Field(
        description="What the mapping gave and the run sent; None when that mapping failed."
    )


class WouldSendRecord(BaseModel):
    mapping_id: str
    mapping_version: int = Field(description="0 for the shipped default.")
    is_default: bool
    record: dict[str, Any] | None = Field(description="None when this version fails on it.")
    errors: list[FieldProblem] = Field(
        default_factory=list, description="Why this version cannot map the record (per field)."
    )


class FieldChangeOut(BaseModel):
    path: str = Field(description='JSON Pointer into the record, e.g. "/lines/0/sku".')
    change: Change
    before: Any = Field(default=None, description="What was sent (absent when added).")
    after: Any = Field(default=None, description="What would be sent (absent when removed).")


class MappingDiffOut(BaseModel):
    run_id: uuid.UUID
    integration_id: uuid.UUID
    flow: str
    run_state: str
    sent: SentRecord
    would_send: WouldSendRecord
    changes: list[FieldChangeOut] = Field(
        description="Every field that differs; empty when the version would fail (see errors)."
    )
    is_unchanged: bool = Field(description="The version would send exactly what was sent.")
    replay: str | None = Field(
        default=None,
        description="How to send this failed run again through the current mapping version. "
        "A replay is a retry: it maps the record again with the version that is current then "
        "(an order is fetched afresh; a record run maps the record it kept). Only failed runs "
        "are retried, so None for others, and None when a ``version`` other than the current "
        "one was asked for (a retry cannot pin a version).",
    )
