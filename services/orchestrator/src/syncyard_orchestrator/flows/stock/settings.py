"""The stock flow's settings: which number is sent, whether the target keeps stock, where."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class StockCalculation(StrEnum):
    AVAILABLE_MINUS_RESERVED = "available_minus_reserved"
    AVAILABLE = "available"
    AVAILABLE_PLUS_INCOMING = "available_plus_incoming"


class StockFlowSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="Stock flow settings")

    calculation: StockCalculation = Field(
        default=StockCalculation.AVAILABLE_MINUS_RESERVED,
        description="The number sent: available minus sales reservations (default), "
        "available only, or available plus incoming.",
    )
    target_manages_stock: bool = Field(
        default=True, description="Off: the target keeps no stock and nothing is sent."
    )
    source_location_id: str | None = Field(
        default=None,
        max_length=64,
        description="Only this branch/location of the source (empty: the source's default).",
    )
    target_location_id: str | None = Field(
        default=None,
        max_length=64,
        description="The target's location to set (empty: the target's default).",
    )
    never_negative: bool = Field(
        default=True, description="Send 0 instead of a negative number (over-reserved stock)."
    )
