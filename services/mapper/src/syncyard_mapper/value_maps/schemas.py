"""API models of the value-maps endpoints."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from syncyard_mapper.engine.value_maps import OnUnmapped

Value = str | int | float | bool


class ValueMapIn(BaseModel):
    """Source value → target value, the value for anything unmapped, and what to do then."""

    model_config = ConfigDict(extra="forbid")

    entries: dict[str, Value] = Field(max_length=2000)
    default: Value | None = Field(default=None, description="Used for unmapped values.")
    on_unmapped: OnUnmapped = Field(
        default=OnUnmapped.USE_DEFAULT,
        description="use_default: the default (left out when none); fail: the record fails.",
    )


ISO2 = "^[A-Za-z]{2}$"


class CountryValueMapIn(ValueMapIn):
    """A per-country map (tax_codes, revenue_accounts): keyed by ISO 3166-1 alpha-2 code."""

    entries: dict[str, Value] = Field(
        max_length=2000,
        json_schema_extra={"propertyNames": {"pattern": ISO2}},
        description="Country code (upper-cased when saved) → value.",
    )


class ValueMapOut(ValueMapIn):
    integration_id: uuid.UUID
    name: str
    updated_at: datetime | None = None
