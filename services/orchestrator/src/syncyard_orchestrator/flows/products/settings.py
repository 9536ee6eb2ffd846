"""The product flow's settings: what is sent, which fields an update may overwrite, filters."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from syncyard_common.messages.products import ArticleNumberRule


class ProductField(StrEnum):
    """Canonical product fields a tenant can tick for "update on change"."""

    NAME = "name"
    DESCRIPTION = "description"
    SHORT_DESCRIPTION = "short_description"
    PRICE = "price"
    TAX_RATE = "tax_rate"
    BARCODE = "barcode"
    QUANTITY = "quantity"
    IS_ACTIVE = "is_active"
    CATEGORY_IDS = "category_ids"
    FEATURES = "features"
    VARIANTS = "variants"
    EXTRAS = "extras"  # the target's own fields, by name (Product.extras)


# "Content" is what describes a product, "offer" what sells it (the two switches).
CONTENT_FIELDS = frozenset(
    {
        ProductField.NAME,
        ProductField.DESCRIPTION,
        ProductField.SHORT_DESCRIPTION,
        ProductField.BARCODE,
        ProductField.IS_ACTIVE,
        ProductField.CATEGORY_IDS,
        ProductField.FEATURES,
        ProductField.VARIANTS,
        ProductField.EXTRAS,
    }
)
OFFER_FIELDS = frozenset({ProductField.PRICE, ProductField.TAX_RATE, ProductField.QUANTITY})


class FieldCondition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str = Field(
        min_length=1,
        max_length=100,
        pattern=r"^[a-z_]+(\.[A-Za-z0-9_ -]+)?$",
        description="A product field, or features.<name> for an information field.",
    )
    equals: str = Field(max_length=500, description="Sync only when the field has this value.")


class ProductFilter(BaseModel):
    """Only products matching every condition given are synced; the others are logged."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    only_active: bool = Field(default=True, description="Skip products switched off.")
    category_ids: list[str] = Field(
        default_factory=list,
        max_length=500,
        description="Only products in at least one of these source categories (empty: any).",
    )
    conditions: list[FieldCondition] = Field(default_factory=list, max_length=20)


class ProductFlowSettings(BaseModel):
    # Content, offer or both (checked below), said in the schema too.
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        title="Product flow settings",
        json_schema_extra={
            "not": {
                "required": ["sync_content", "sync_offer"],
                "properties": {"sync_content": {"const": False}, "sync_offer": {"const": False}},
            }
        },
    )

    article_number_rule: ArticleNumberRule = Field(
        default=ArticleNumberRule.SKU_OR_FAIL,
        description=(
            "A POS with numeric article numbers only: a numeric SKU becomes the article "
            "number; otherwise fail with the SKU in the reason, or put the SKU in the PLU field."
        ),
    )
    update_fields: list[ProductField] = Field(
        default_factory=lambda: list(ProductField),
        description="Fields an update may overwrite (creating a product always sends all).",
    )
    sync_content: bool = Field(
        default=True, description="Texts, attributes, features and categories."
    )
    sync_offer: bool = Field(default=True, description="Price and stock quantity.")
    sync_categories: bool = Field(
        default=True, description="Create or update the product's categories along."
    )
    target_prices_include_tax: bool | None = Field(
        default=None,
        description=(
            "Whether the target expects prices including tax; the product's tax rate converts "
            "them when source and target differ. Empty: send prices as the source has them."
        ),
    )
    filter: ProductFilter = Field(default_factory=ProductFilter)

    @model_validator(mode="after")
    def _something_to_sync(self) -> "ProductFlowSettings":
        if not (self.sync_content or self.sync_offer):
            raise ValueError("sync_content and sync_offer are both off: nothing would be synced")
        return self

    def updatable(self) -> frozenset[ProductField]:
        allowed = frozenset(self.update_fields)
        switched_on = (CONTENT_FIELDS if self.sync_content else frozenset()) | (
            OFFER_FIELDS if self.sync_offer else frozenset()
        )
        return allowed & switched_on
