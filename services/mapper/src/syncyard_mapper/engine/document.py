"""The mapping document a tenant edits: target path → JSONata expression."""

from pydantic import BaseModel, ConfigDict, Field

from syncyard_common import canonical

MAX_FIELDS = 300
MAX_EXPRESSION_CHARS = 4000

FLOW_MODELS: dict[str, type[BaseModel]] = {
    "orders": canonical.Order,
    "customers": canonical.Customer,
    "products": canonical.Product,
    "stock": canonical.StockLevel,
    "categories": canonical.Category,
}
"""Flow → the canonical model a mapping's output must validate as."""


class MappingDocument(BaseModel):
    """``{"fields": {"<target path>": "<JSONata expression>"}}``, evaluated in order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format_version: int = Field(default=1, ge=1, le=1)
    description: str | None = Field(default=None, max_length=2000)
    fields: dict[str, str] = Field(min_length=1, max_length=MAX_FIELDS)
