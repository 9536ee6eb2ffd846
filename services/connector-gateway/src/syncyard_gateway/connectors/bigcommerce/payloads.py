"""Pydantic models of the BigCommerce JSON this connector reads (only this connector uses them)."""

from datetime import datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _rfc2822(value: Any) -> Any:
    """v2 dates are RFC 2822 (`Tue, 15 Nov 2011 12:45:26 +0000`); "" means none."""
    if isinstance(value, str):
        if not value.strip():
            return None
        if not value[:4].isdigit():
            return parsedate_to_datetime(value)
    return value


V2Date = Annotated[datetime | None, BeforeValidator(_rfc2822)]


class BcModel(BaseModel):
    """BigCommerce adds fields freely: ignore what we do not read."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class BcOptionValue(BcModel):
    label: str
    option_display_name: str


class BcVariant(BcModel):
    id: int
    product_id: int
    sku: str = ""
    price: Decimal | None = None
    gtin: str | None = None
    upc: str | None = None
    inventory_level: int | None = None
    option_values: list[BcOptionValue] = Field(default_factory=list)


class BcCustomField(BcModel):
    id: int
    name: str
    value: str


class BcProduct(BcModel):
    # Kept whole: the connector's own fields (capabilities.product_extras) are read from it.
    model_config = ConfigDict(extra="allow", frozen=True)

    id: int
    name: str
    sku: str = ""
    description: str = ""
    price: Decimal = Decimal(0)
    is_visible: bool = True
    categories: list[int] = Field(default_factory=list)
    inventory_level: int | None = None
    inventory_tracking: str = "none"
    gtin: str | None = None
    upc: str | None = None
    date_modified: datetime | None = None
    variants: list[BcVariant] = Field(default_factory=list)
    # Only with include=custom_fields: name/value pairs shown on the storefront (features).
    custom_fields: list[BcCustomField] = Field(default_factory=list)


class BcCategory(BcModel):
    id: int
    parent_id: int
    name: str
    description: str = ""


class BcAddress(BcModel):
    id: int | None = None
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    address1: str = ""
    address2: str = ""
    city: str = ""
    state_or_province: str = ""
    postal_code: str = ""
    country_code: str = ""
    phone: str = ""
    address_type: str = "residential"


class BcCustomer(BcModel):
    id: int
    email: str
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    phone: str = ""
    date_modified: datetime | None = None
    addresses: list[BcAddress] = Field(default_factory=list)


class BcStockAtLocation(BcModel):
    location_id: int
    available_to_sell: int = 0
    total_inventory_onhand: int = 0


class BcStockIdentity(BcModel):
    sku: str
    variant_id: int | None = None
    product_id: int | None = None


class BcInventoryItem(BcModel):
    identity: BcStockIdentity
    locations: list[BcStockAtLocation] = Field(default_factory=list)


class BcOrderAddress(BcModel):
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    street_1: str = ""
    street_2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    country: str = ""
    country_iso2: str = ""
    phone: str = ""
    email: str = ""
    shipping_method: str = ""


class BcOrder(BcModel):
    id: int
    customer_id: int = 0
    status_id: int
    status: str = ""
    date_created: V2Date = None
    date_modified: V2Date = None
    currency_code: str = "EUR"  # the display currency (the storefront's), not the one paid in
    default_currency_code: str | None = None  # the transactional one: the amounts are in it
    total_inc_tax: Decimal = Decimal(0)
    shipping_cost_inc_tax: Decimal = Decimal(0)
    handling_cost_inc_tax: Decimal = Decimal(0)
    wrapping_cost_inc_tax: Decimal = Decimal(0)
    discount_amount: Decimal = Decimal(0)
    coupon_discount: Decimal = Decimal(0)
    payment_method: str = ""
    payment_status: str = ""
    customer_message: str = ""
    staff_notes: str = ""
    external_order_id: str | None = None
    order_source: str = ""
    billing_address: BcOrderAddress = Field(default_factory=BcOrderAddress)


class BcOrderProduct(BcModel):
    id: int
    product_id: int = 0
    variant_id: int = 0
    name: str = ""
    sku: str = ""
    quantity: int
    price_inc_tax: Decimal
    price_ex_tax: Decimal
