"""Pydantic models of the Shopify REST JSON this connector reads (only this connector uses them)."""

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


class ShopifyCustomer(ShopifyModel):
    id: int | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None


class ShopifyTaxLine(ShopifyModel):
    title: str | None = None
    # Kept as the JSON number's text: 0.21 must not become 0.2099999...
    rate: str | None = Field(default=None, coerce_numbers_to_str=True)
    price: str | None = None


class ShopifyLineItem(ShopifyModel):
    id: int | None = None
    sku: str | None = None
    title: str | None = None
    name: str | None = None
    quantity: int
    price: str
    tax_lines: list[ShopifyTaxLine] = Field(default_factory=list)


class ShopifyShippingLine(ShopifyModel):
    title: str | None = None
    code: str | None = None
    price: str | None = None


class ShopifyOrder(ShopifyModel):
    id: int
    name: str | None = None
    order_number: int | None = None
    email: str | None = None
    contact_email: str | None = None
    phone: str | None = None
    currency: str
    total_price: str | None = None
    taxes_included: bool = False
    financial_status: str | None = None
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
