"""A tenant's retention, set in the logger, followed by every service keeping its payloads."""

from typing import Literal

from pydantic import Field

from syncyard_common.messages.envelope import Message


class TenantRetentionSetV1(Message):
    """The tenant changed how long its activity log is kept; run snapshots follow it."""

    type: Literal["tenant.retention.set.v1"] = "tenant.retention.set.v1"
    retention_days: int = Field(ge=1, le=3650)
