"""An order (or invoice) with its lines, as read from a source or to be written to a target."""

import re
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

from syncyard_common.canonical._base import CanonicalModel
from syncyard_common.canonical.address import Address
from syncyard_common.canonical.customer import Customer
from syncyard_common.canonical.money import Money


def _fixed_point(value: Decimal) -> str:
    return format(value, "f")


# A rate in JSON as the document's pattern says, digits and a point: pydantic writes a small
# or large Decimal with an exponent (1E-7), which its own schema of the field does not allow.
Rate = Annotated[Decimal, PlainSerializer(_fixed_point, return_type=str, when_used="json")]

# An exchange rate lies between 1e-9 and 1e9 (a smaller JSON number reads as 0). JSON Schema
# bounds numbers only, so the text form's bounds are its pattern, and text is held to it.
MIN_RATE, MAX_RATE = Decimal("0.000000001"), Decimal("1000000000")
RATE_TEXT = r"^0*(?:[1-9][0-9]{0,8}(?:\.[0-9]*)?|1000000000(?:\.0*)?|\.0{0,8}[1-9][0-9]*)$"
_RATE_TEXT = re.compile(RATE_TEXT)


def _rate_text(value: object) -> object:
    """Text as the pattern says, and numbers, read as a Decimal here (so that a strict
    reading, which takes only a Decimal after this, takes them too)."""
    if isinstance(value, str):
        if not _RATE_TEXT.fullmatch(value):
            raise ValueError("give digits with an optional point, from 0.000000001 to 1000000000")
        return Decimal(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


ExchangeRateValue = Annotated[
    Rate,
    BeforeValidator(_rate_text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": float(MIN_RATE), "maximum": float(MAX_RATE)},
                {"type": "string", "pattern": RATE_TEXT},
            ]
        },
        mode="validation",
    ),
]


class OrderKind(StrEnum):
    ORDER = "order"
    INVOICE = "invoice"


class OrderStatus(StrEnum):
    """The statuses synced back to the source; a connector says which ones it can set."""

    PAID = "paid"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"

    @classmethod
    def furthest(cls, *, paid: bool, shipped: bool, cancelled: bool) -> "OrderStatus | None":
        """Cancelled wins over shipped, shipped over paid."""
        if cancelled:
            return cls.CANCELLED
        if shipped:
            return cls.SHIPPED
        return cls.PAID if paid else None


class OrderLine(CanonicalModel):
    sku: str | None = None
    name: str | None = None
    quantity: int = Field(ge=0)
    unit_price: Money = Field(description="Price per unit, including tax when the order says so.")
    discount: Money | None = Field(
        default=None,
        description="Discount over the whole line (all its units), on the same tax basis as "
        "unit_price: line discounts and order discounts the source allocated to this line.",
    )
    tax_rate: Rate | None = Field(default=None, description="e.g. 0.21 for 21 %")
    source_line_id: str | None = None


class ChargeKind(StrEnum):
    """An amount of the order that is not a product line."""

    SHIPPING = "shipping"
    PAYMENT_FEE = "payment_fee"
    DISCOUNT = "discount"  # an order discount the source did not allocate to lines
    GIFT_CARD = "gift_card"  # a gift card redeemed against the order's total

    @property
    def sign(self) -> int:
        """+1 when the charge adds to the total, -1 when it takes off it."""
        return -1 if self in (ChargeKind.DISCOUNT, ChargeKind.GIFT_CARD) else 1


class OrderCharge(CanonicalModel):
    kind: ChargeKind
    name: str | None = Field(default=None, description="As the shop shows it: 'PostNL', 'SAVE10'.")
    amount: Money = Field(
        description="Never negative: the kind says whether it adds or takes off. Including tax "
        "when the order's prices include tax."
    )
    tax_rate: Rate | None = None


class ExchangeRate(CanonicalModel):
    """The rate the order itself carries (a shop's own money vs the money the customer paid in)."""

    currency: str = Field(
        min_length=3, max_length=3, pattern=r"^[A-Z]{3}$", description="The shop's own currency."
    )
    rate: ExchangeRateValue = Field(
        ge=MIN_RATE,
        le=MAX_RATE,
        description="Units of `currency` one unit of the order's is worth.",
    )


class Order(CanonicalModel):
    source_id: str = Field(description="The order's id in the system it was read from.")
    number: str | None = Field(default=None, description="The number a merchant sees (#1001).")
    kind: OrderKind = OrderKind.ORDER
    channel: str | None = Field(default=None, description="web, pos, ... as the source says.")
    # ISO 4217, as every Money of the order (its totals are computed in it).
    currency: str = Field(min_length=3, max_length=3, pattern=r"^[A-Z]{3}$")
    prices_include_tax: bool = True
    email: str | None = None
    customer: Customer | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    lines: list[OrderLine] = Field(default_factory=list)
    charges: list[OrderCharge] = Field(
        default_factory=list, description="Shipping, payment fees, order discounts, gift cards."
    )
    tax_total: Money | None = Field(
        default=None,
        description="The tax the source added on top when its prices exclude tax (None: "
        "computed per line from the rates).",
    )
    total: Money | None = Field(
        default=None, description="What the source says the order comes to (the grand total)."
    )
    exchange_rate: ExchangeRate | None = None
    payment_method: str | None = None
    shipping_method: str | None = None
    financial_status: str | None = None
    status: OrderStatus | None = Field(
        default=None,
        description="The furthest of paid / shipped / cancelled the system reports "
        "(cancelled over shipped over paid); synced back to the order's source.",
    )
    created_at: datetime | None = None
    updated_at: datetime | None = None
    note: str | None = None
    extra: dict[str, Any] = Field(
        default_factory=dict, description="Fields a connector exposes beyond the canonical ones."
    )

    @property
    def skus(self) -> list[str]:
        """Distinct SKUs of the lines, in line order."""
        return list(dict.fromkeys(line.sku for line in self.lines if line.sku))
