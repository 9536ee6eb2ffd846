"""The category flow's settings."""

from pydantic import BaseModel, ConfigDict, Field


class CategoryFlowSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="Category flow settings")

    update_existing: bool = Field(
        default=True, description="Off: categories already synced once are not updated again."
    )
