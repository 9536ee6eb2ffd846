"""Property, the source half for Ecwid's own orders (placed in the shop, not written by us): an
order as Ecwid's REST v3 documents it (JSON numbers; ``discount`` is every discount but the
coupon, with the volume and customer group discounts inside it) is read by the connector; then
the read refuses it (an amount finer than the currency) or the canonical total is Ecwid's to
the cent, its parts explain it, and every target books it or refuses it before writing."""

import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from syncyard_common.canonical import Money
from syncyard_common.canonical.order_totals import parts_total
from syncyard_gateway.connectors.ecwid import translate as ecwid
from syncyard_gateway.connectors.ecwid.payloads import EcwidOrder
from tests.unit.gateway.connectors.order_source_checks import (
    RATES,
    SOURCE_SETTINGS,
    books_in_every_target,
    now_and_then,
    read_or_refused,
    text,
)
from tests.unit.gateway.connectors.test_order_totals_property import CURRENCIES


def item_tax(amount: int, rate: Decimal, *, included: bool) -> int:
    """An item's tax in minor units, half up (as Ecwid shows it to the cent)."""
    tax = amount * rate / (1 + rate) if included else amount * rate
    return int(tax.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def number(minor: int, currency: str, *, finer: bool = False) -> str:
    """A JSON number in the currency's unit as Ecwid writes it (24.95; 2495 for JPY), marked
    for `as_json`; ``finer`` adds a digit the currency does not have (24.955, 2495.5)."""
    digits = text(minor, currency)
    if finer:
        digits = f"{digits}5" if "." in digits else f"{digits}.5"
    return f"@{digits}@"


def as_json(order: dict[str, Any]) -> str:
    return json.dumps(order).replace('"@', "").replace('@"', "")


@st.composite
def ecwid_orders(draw: st.DrawFn) -> tuple[str, str, int, str | None]:
    """The order's JSON text: total = subtotal - couponDiscount - discount + shippingRate
    (+ tax when prices exclude it); returns it with the store's currency and the total."""
    currency = draw(st.sampled_from(CURRENCIES))
    included = draw(st.booleans())
    refusal = "amount_too_precise" if now_and_then(draw) else None
    items, subtotal, tax = [], 0, 0
    for number_ in range(draw(st.integers(min_value=1, max_value=5))):
        price = draw(st.integers(min_value=0, max_value=100_000))
        quantity = draw(st.integers(min_value=1, max_value=25))
        rate = draw(st.sampled_from(RATES))
        line_tax = 0 if rate is None else item_tax(price * quantity, rate, included=included)
        subtotal, tax = subtotal + price * quantity, tax + line_tax
        taxes = [] if rate is None else [
            {"name": "BTW", "value": int(rate * 100), "total": number(line_tax, currency)}
        ]  # fmt: skip
        items.append(
            {"id": 700 + number_, "sku": f"S{number_}", "name": "Koffie", "quantity": quantity,
             "price": number(price, currency, finer=bool(refusal) and not number_),
             "tax": number(line_tax, currency), "taxes": taxes}
        )  # fmt: skip
    coupon = draw(st.integers(min_value=0, max_value=subtotal // 4))
    volume = draw(st.integers(min_value=0, max_value=subtotal // 8))
    membership = draw(st.integers(min_value=0, max_value=subtotal // 8))
    discount = volume + membership + draw(st.integers(min_value=0, max_value=subtotal // 8))
    shipping = draw(st.integers(min_value=0, max_value=2_000))
    total = subtotal - coupon - discount + shipping + (0 if included else tax)
    amounts = {
        "subtotal": subtotal, "total": total, "tax": tax, "couponDiscount": coupon,
        "volumeDiscount": volume, "membershipBasedDiscount": membership,
        "totalAndMembershipBasedDiscount": volume + membership, "discount": discount,
    }  # fmt: skip
    order: dict[str, Any] = {
        "orderNumber": 34, "id": "XJ12H", "pricesIncludeTax": included, "items": items,
        "shippingOption": {"shippingMethodName": "PostNL",
                           "shippingRate": number(shipping, currency)},
        "paymentStatus": "PAID",
        **{name: number(value, currency) for name, value in amounts.items()},
    }  # fmt: skip
    return as_json(order), currency, total, refusal


@SOURCE_SETTINGS
@given(drawn=ecwid_orders())
def test_an_order_placed_in_ecwid_books_its_total_in_every_target_or_is_refused(
    drawn: tuple[str, str, int, str | None],
) -> None:
    body, currency, total, refusal = drawn
    read = read_or_refused(
        lambda: ecwid.to_canonical_order(
            EcwidOrder.model_validate(json.loads(body)), currency=currency
        ),
        refusal,
    )
    if read is None:
        return
    assert parts_total(read) == Money(amount=total, currency=currency)  # each discount once
    books_in_every_target(read, total)
