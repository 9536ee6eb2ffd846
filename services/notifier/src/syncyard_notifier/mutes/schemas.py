"""API models of ``/v1/integrations/{id}/mute``."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from syncyard_common.web.instant import Instant


class MuteIn(BaseModel):
    """``{"until": "2026-12-08T09:00:00Z"}``: alerts are recorded but not delivered until then."""

    model_config = ConfigDict(extra="forbid")

    until: Instant = Field(
        description="At most 30 days from now (a later time is shortened); a past one mutes "
        "nothing."
    )


class MuteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    integration_id: uuid.UUID
    until: datetime
    muted_by: str
    muted_at: datetime
