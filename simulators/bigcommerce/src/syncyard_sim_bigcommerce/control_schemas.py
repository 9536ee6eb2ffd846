"""Bodies of the control API (`/_sim/…`)."""

from pydantic import BaseModel, ConfigDict, Field

from syncyard_sim_bigcommerce.plans import PlanName


class ConfigPatch(BaseModel):
    """Partial update of the runtime knobs; omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid")

    # A plan sets the quota and window at once; figures given beside it win.
    plan: PlanName | None = None
    rate_quota: int | None = Field(default=None, ge=1)
    rate_window_ms: int | None = Field(default=None, ge=1)
    webhook_retry_scale: float | None = Field(default=None, gt=0)
    allow_http_destinations: bool | None = None
    duplicate_deliveries: int | None = Field(default=None, ge=1)
    out_of_order: bool | None = None


class RateLimit(BaseModel):
    """`POST /_sim/ratelimit`: the quota per window."""

    model_config = ConfigDict(extra="forbid")

    quota: int = Field(ge=1)
    window_ms: int = Field(default=30_000, ge=1)


class FailNext(BaseModel):
    """Answer the next `count` API requests with `status`."""

    model_config = ConfigDict(extra="forbid")

    status: int = Field(ge=400, le=599)
    count: int = Field(default=1, ge=0)


class FaultPatch(BaseModel):
    """`POST /_sim/faults`; omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid")

    fail_next: FailNext | None = None
    latency_ms: int | None = Field(default=None, ge=0)
    error_rate_5xx: float | None = Field(default=None, ge=0, le=1)
    timeout_next: int | None = Field(default=None, ge=0)
    timeout_ms: int | None = Field(default=None, ge=0)


class ClockAdvance(BaseModel):
    """Move the simulated clock forward."""

    model_config = ConfigDict(extra="forbid")

    seconds: float = Field(ge=0)


class StockLevel(BaseModel):
    """Set one SKU's stock at a location, as a merchant would in the admin."""

    model_config = ConfigDict(extra="forbid")

    sku: str
    quantity: int = Field(ge=0)
    location_id: int = 1


class ResetOptions(BaseModel):
    """`POST /_sim/reset`: `demo` loads the small demo catalogue after the reset."""

    model_config = ConfigDict(extra="forbid")

    demo: bool = False
