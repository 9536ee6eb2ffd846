"""The customer flow's settings (company vs person follows the company name, always)."""

from pydantic import BaseModel, ConfigDict, Field


class CustomerFlowSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="Customer flow settings")

    update_existing: bool = Field(
        default=True, description="Off: customers already in the target are left as they are."
    )
