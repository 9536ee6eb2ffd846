"""A product and its variants. Attributes build variants; features are information fields."""

from datetime import datetime
from typing import Any

from pydantic import Field

from syncyard_common.canonical._base import CanonicalModel
from syncyard_common.canonical.money import Money


class Variant(CanonicalModel):
    sku: str
    source_id: str | None = None
    name: str | None = None
    price: Money | None = None
    barcode: str | None = Field(default=None, description="EAN/GTIN")
    attributes: dict[str, str] = Field(default_factory=dict, description="size, colour, ...")
    quantity: int | None = None


class Product(CanonicalModel):
    sku: str
    source_id: str | None = None
    name: str
    description: str | None = None
    short_description: str | None = None
    price: Money | None = None
    prices_include_tax: bool = True
    tax_rate: str | None = None
    barcode: str | None = None
    quantity: int | None = None
    is_active: bool = True
    category_ids: list[str] = Field(default_factory=list)
    features: dict[str, str] = Field(default_factory=dict)
    variants: list[Variant] = Field(default_factory=list)
    updated_at: datetime | None = None
    extras: dict[str, Any] = Field(
        default_factory=dict,
        description="Vendor fields outside this model, keyed by the vendor's field name: read "
        "from a source that has them, written to a target that has a field of that name (the "
        "connector's capabilities list them; a mapping addresses them as extras.<name>).",
    )

    @property
    def has_variants(self) -> bool:
        return bool(self.variants)
