"""API models of the retention and settings endpoints."""

from pydantic import BaseModel, ConfigDict, Field

from syncyard_logger.retention.policy import MAX_DAYS, MIN_DAYS


class RetentionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: int = Field(ge=MIN_DAYS, le=MAX_DAYS)


class RetentionOut(BaseModel):
    days: int
    is_default: bool


class SettingsIn(BaseModel):
    # Strict: 0 or "yes" is not a boolean (the document says boolean; schemathesis checks it).
    model_config = ConfigDict(extra="forbid", strict=True)

    retention_days: int | None = Field(default=None, ge=MIN_DAYS, le=MAX_DAYS)
    redact_personal_data: bool | None = None


class SettingsOut(BaseModel):
    retention_days: int
    redact_personal_data: bool
    is_default: bool = Field(description="True while the tenant has saved nothing.")
