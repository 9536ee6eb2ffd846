"""Stock of one SKU at one location."""

from datetime import datetime

from syncyard_common.canonical._base import CanonicalModel


class StockLevel(CanonicalModel):
    sku: str
    location_id: str | None = None
    available: int
    reserved: int = 0
    incoming: int = 0
    updated_at: datetime | None = None
