"""Pydantic models of the Mailchimp JSON this connector reads (only this connector uses them)."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class MailchimpModel(BaseModel):
    """Mailchimp answers with many fields we do not read: ignore them."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class MailchimpAddress(MailchimpModel):
    name: str = ""
    company: str = ""
    phone: str = ""
    address1: str = ""
    address2: str = ""
    city: str = ""
    province: str = ""
    province_code: str = ""
    postal_code: str = ""
    country: str = ""
    country_code: str = ""


class MailchimpVariant(MailchimpModel):
    id: str
    title: str = ""
    sku: str = ""
    price: float | None = None
    inventory_quantity: int | None = None

    @property
    def sku_or_id(self) -> str:
        """We write the SKU as the id; variants made elsewhere may leave `sku` empty."""
        return self.sku or self.id


class MailchimpProduct(MailchimpModel):
    # Kept whole: the connector's own fields (product_extras) are read from it.
    model_config = ConfigDict(extra="allow", frozen=True)

    id: str
    title: str = ""
    description: str = ""
    currency_code: str = ""
    variants: list[MailchimpVariant] = Field(default_factory=list)


class MailchimpCustomer(MailchimpModel):
    id: str
    email_address: str = ""
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    address: MailchimpAddress | None = None


class MailchimpOrderLine(MailchimpModel):
    id: str
    product_id: str = ""
    product_variant_id: str = ""
    product_title: str = ""
    product_variant_title: str = ""
    quantity: int = 0
    price: float = 0
    discount: float = 0


class MailchimpOrder(MailchimpModel):
    id: str
    currency_code: str
    order_total: float = 0
    shipping_total: float = 0
    discount_total: float = 0
    tax_total: float = 0
    financial_status: str = ""
    fulfillment_status: str = ""
    processed_at_foreign: str = ""
    updated_at_foreign: str = ""
    landing_site: str = ""
    customer: MailchimpCustomer | None = None
    billing_address: MailchimpAddress | None = None
    shipping_address: MailchimpAddress | None = None
    lines: list[MailchimpOrderLine] = Field(default_factory=list)


class MailchimpMember(MailchimpModel):
    id: str
    email_address: str
    status: str = ""
    last_changed: str = ""
    merge_fields: dict[str, Any] = Field(default_factory=dict)
