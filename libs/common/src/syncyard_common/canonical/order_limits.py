"""What a target can hold of an order (declared by its connector) and how a tenant books the rest.

Vendor-free: each connector fills ``OrderLimits`` from its vendor's spec; the order flow's
settings become ``BookingRules``. ``order_checks.check_order`` applies both before any write."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from syncyard_common.canonical.order import ChargeKind


class TextField(StrEnum):
    """The texts of an order (and its debtor) a target may limit in length."""

    ORDER_NUMBER = "order_number"
    NOTE = "note"
    LINE_NAME = "line_name"
    CHARGE_NAME = "charge_name"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    COMPANY = "company"
    EMAIL = "email"
    PHONE = "phone"
    STREET = "street"  # line1 / line2, or street + house number as one line
    POSTCODE = "postcode"
    CITY = "city"
    REGION = "region"
    SHIPPING_METHOD = "shipping_method"
    PAYMENT_METHOD = "payment_method"


@dataclass(frozen=True)
class Problem:
    """Why an order cannot be booked: a machine code, the field, a merchant-readable reason."""

    code: str
    field: str
    reason: str


# line: booked as a line on the tenant's article for it; field: the target's own field;
# none: the target cannot carry it (booked without it, the run records the difference).
ChargeBooking = Literal["line", "field", "none"]


class OrderLimits(BaseModel):
    """What one target can hold of an order, from its vendor's spec."""

    model_config = ConfigDict(frozen=True)

    texts: dict[TextField, int] = Field(
        default_factory=dict, description="Longest text per field, in characters."
    )
    min_quantity: int = Field(default=1, description="Smallest line quantity it takes.")
    max_quantity: int | None = Field(default=None, description="Largest line quantity it takes.")
    currency_exponents: frozenset[int] | None = Field(
        default=None, description="Decimals a currency may have (the till: cents only)."
    )
    line_discounts: bool = Field(
        default=False,
        description="It has a discount field per line; without one, a discounted line is "
        "booked at its discounted unit price (split in two lines of the same SKU where the "
        "cents do not divide by the quantity).",
    )
    charges: dict[ChargeKind, ChargeBooking] = Field(
        default_factory=dict, description="How each kind of charge is booked (absent: none)."
    )


DEFAULT_CHARGE_ARTICLES: dict[ChargeKind, str] = {
    ChargeKind.SHIPPING: "SHIPPING",
    ChargeKind.PAYMENT_FEE: "PAYMENT-FEE",
    ChargeKind.DISCOUNT: "DISCOUNT",
    ChargeKind.GIFT_CARD: "GIFT-CARD",
}


class BookingRules(BaseModel):
    """A tenant's choices for what a target cannot take as it is (order flow settings)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    charge_articles: dict[ChargeKind, str] = Field(
        default_factory=lambda: dict(DEFAULT_CHARGE_ARTICLES),
        description="SKU of the article a charge is booked on, where the target books charges "
        "as lines (discounts and gift cards with a negative price).",
    )
    foreign_currency: Literal["refuse", "convert"] = Field(
        default="refuse",
        description="An order in a currency the target does not keep: refuse it, or book it "
        "converted at the rate the order itself carries (refused when it carries none).",
    )
    long_texts: Literal["refuse", "truncate"] = Field(
        default="refuse",
        description="A text longer than the target's field: refuse the order, or cut it to "
        "the limit (each cut is logged in the run).",
    )
