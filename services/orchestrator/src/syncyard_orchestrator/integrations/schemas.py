"""API models of integrations and their flows (input forbids unknown fields)."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from syncyard_orchestrator.integrations import connector_capabilities


def _supported_pairs() -> dict[str, Any]:
    """The (source, target) connector pairs a flow joins, as a schema (refused otherwise)."""
    targets: dict[str, list[str]] = {}
    for source, target in sorted(connector_capabilities.supported_pairs()):
        targets.setdefault(source, []).append(target)
    return {
        "anyOf": [
            {
                "properties": {
                    "source_connector": {"const": source},
                    "target_connector": {"enum": names},
                }
            }
            for source, names in targets.items()
        ]
    }


class IntegrationIn(BaseModel):
    """``source_connector`` and ``target_connector`` name a pair some flow joins (``anyOf``);
    the connections must be the tenant's own, two different ones, of those connectors."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=_supported_pairs()
    )

    name: str = Field(min_length=1, max_length=200)
    source_connection_id: uuid.UUID
    target_connection_id: uuid.UUID
    source_connector: str = Field(min_length=1, max_length=50)
    target_connector: str = Field(min_length=1, max_length=50)


class IntegrationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    source_connection_id: uuid.UUID
    target_connection_id: uuid.UUID
    source_connector: str
    target_connector: str
    created_at: datetime
    updated_at: datetime


class IntegrationList(BaseModel):
    items: list[IntegrationOut]


Direction = Literal["source_to_target", "target_to_source", "both"]


class FlowIn(BaseModel):
    """Direction, activation and settings of one flow; settings are checked against the
    flow's own schema (``GET /v1/flows``) when saved."""

    model_config = ConfigDict(extra="forbid")

    direction: Direction = Field(
        default="source_to_target",
        description="source_to_target, target_to_source, or both (orders only).",
    )
    is_active: bool = Field(strict=True)  # 0 or "yes" is no boolean (the document's type)
    settings: dict[str, Any] = Field(default_factory=dict)


class FlowOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    integration_id: uuid.UUID
    flow: str
    direction: str
    is_active: bool
    settings: dict[str, Any]
    updated_at: datetime


class FlowList(BaseModel):
    items: list[FlowOut]
