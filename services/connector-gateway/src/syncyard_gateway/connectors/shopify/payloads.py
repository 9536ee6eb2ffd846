"""Pydantic models of the Shopify REST and GraphQL JSON this connector reads (only it uses them)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ShopifyModel(BaseModel):
    """Shopify adds fields in every API version: ignore what we do not read."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class ShopifyAddress(ShopifyModel):
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    province: str | None = None
    province_code: str | None = None
    zip: str | None = None
    country: str | None = None
    country_code: str | None = None
    phone: str | None = None


class ShopifyCustomerAddress(ShopifyAddress):
    id: int | None = None
    default: bool = False


class ShopifyCustomer(ShopifyModel):
    """A customer: embedded in an order (no addresses) or read on its own."""

    id: int | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    note: str | None = None
    tags: str | None = None
    updated_at: datetime | None = None
    default_address: ShopifyCustomerAddress | None = None
    addresses: list[ShopifyCustomerAddress] = Field(default_factory=list)


class ShopifyTaxLine(ShopifyModel):
    title: str | None = None
    # Kept as the JSON number's text: 0.21 must not become 0.2099999...
    rate: str | None = Field(default=None, coerce_numbers_to_str=True)
    price: str | None = None


class ShopifyMoney(ShopifyModel):
    amount: str = Field(coerce_numbers_to_str=True)
    currency_code: str


class ShopifyMoneySet(ShopifyModel):
    """A `*_set` block: the amount in the shop's currency and in the customer's."""

    shop_money: ShopifyMoney
    presentment_money: ShopifyMoney


class ShopifyDiscountAllocation(ShopifyModel):
    amount: str = Field(coerce_numbers_to_str=True)


class ShopifyLineItem(ShopifyModel):
    id: int | None = None
    sku: str | None = None
    title: str | None = None
    name: str | None = None
    quantity: int
    price: str = Field(coerce_numbers_to_str=True)
    tax_lines: list[ShopifyTaxLine] = Field(default_factory=list)
    # Line and order discounts as Shopify allocated them to this line.
    discount_allocations: list[ShopifyDiscountAllocation] = Field(default_factory=list)


class ShopifyShippingLine(ShopifyModel):
    title: str | None = None
    code: str | None = None
    price: str | None = Field(default=None, coerce_numbers_to_str=True)
    discounted_price: str | None = Field(default=None, coerce_numbers_to_str=True)
    tax_lines: list[ShopifyTaxLine] = Field(default_factory=list)


class ShopifyOrder(ShopifyModel):
    id: int
    name: str | None = None
    order_number: int | None = None
    email: str | None = None
    contact_email: str | None = None
    phone: str | None = None
    currency: str
    presentment_currency: str | None = None
    total_price: str | None = Field(default=None, coerce_numbers_to_str=True)
    total_price_set: ShopifyMoneySet | None = None
    total_tax: str | None = Field(default=None, coerce_numbers_to_str=True)
    taxes_included: bool = False
    financial_status: str | None = None
    fulfillment_status: str | None = None
    total_outstanding: str | None = None
    cancelled_at: datetime | None = None
    closed_at: datetime | None = None
    source_name: str | None = None
    location_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    note: str | None = None
    tags: str | None = None
    customer: ShopifyCustomer | None = None
    billing_address: ShopifyAddress | None = None
    shipping_address: ShopifyAddress | None = None
    line_items: list[ShopifyLineItem] = Field(default_factory=list)
    shipping_lines: list[ShopifyShippingLine] = Field(default_factory=list)
    payment_gateway_names: list[str] = Field(default_factory=list)


class ShopifyOrderAnswer(ShopifyModel):
    """`GET /orders/{id}.json` wraps the order in an "order" key."""

    order: ShopifyOrder


class ShopifyVariant(ShopifyModel):
    id: int
    product_id: int | None = None
    title: str | None = None
    sku: str | None = None
    barcode: str | None = None
    price: str | None = None
    option1: str | None = None
    option2: str | None = None
    option3: str | None = None
    inventory_item_id: int | None = None
    inventory_quantity: int | None = None
    inventory_management: str | None = None
    updated_at: datetime | None = None


class ShopifyProductOption(ShopifyModel):
    name: str
    position: int = 1


class ShopifyProduct(ShopifyModel):
    # Kept whole: the connector's own fields (product_extras) are read from it.
    model_config = ConfigDict(extra="allow", frozen=True)

    id: int
    title: str | None = None
    body_html: str | None = None
    status: str | None = None
    updated_at: datetime | None = None
    options: list[ShopifyProductOption] = Field(default_factory=list)
    variants: list[ShopifyVariant] = Field(default_factory=list)


class ShopifyCollection(ShopifyModel):
    """A custom collection (the only kind this connector writes)."""

    id: int
    title: str
    body_html: str | None = None
    updated_at: datetime | None = None


class ShopifyCollect(ShopifyModel):
    id: int
    product_id: int
    collection_id: int


class ShopifyMetafield(ShopifyModel):
    id: int | None = None
    namespace: str
    key: str
    value: str = Field(coerce_numbers_to_str=True)


class ShopifyLocation(ShopifyModel):
    id: int
    name: str | None = None
    active: bool = True


class ShopifyInventoryLevel(ShopifyModel):
    inventory_item_id: int
    location_id: int
    available: int | None = None
    updated_at: datetime | None = None


class ShopifyInventoryItem(ShopifyModel):
    id: int
    sku: str | None = None
    tracked: bool = True


class ShopifyFulfillmentOrder(ShopifyModel):
    id: int
    status: str


class ShopifyShop(ShopifyModel):
    """The shop's settings this connector needs: its currency and tax inclusion."""

    currency: str
    taxes_included: bool | None = None
    primary_location_id: int | None = None


# --- GraphQL (field names as the schema spells them) ----------------------------------------
class ShopifyLegacyRef(ShopifyModel):
    """An object read only for its REST id (`legacyResourceId`, an UnsignedInt64 string)."""

    legacyResourceId: int


class ShopifyVariantNode(ShopifyModel):
    legacyResourceId: int
    sku: str | None = None
    product: ShopifyLegacyRef
    inventoryItem: ShopifyLegacyRef


class ShopifyPageInfo(ShopifyModel):
    hasNextPage: bool
    endCursor: str | None = None


class ShopifyVariantConnection(ShopifyModel):
    nodes: list[ShopifyVariantNode]
    pageInfo: ShopifyPageInfo
