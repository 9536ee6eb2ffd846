"""Property, the source half for MijnWebwinkel and MplusKASSA: an order generated as the vendor
documents it (MijnWebwinkel's orderlines with line prices incl. VAT, a cost split over VAT rates;
MplusKASSA's getOrder answer in cents, VAT per VAT group) is read by the connector's own
translation; then the read refuses it with a reason (an amount finer than a cent, a weighed
quantity), or the canonical total is the vendor's to the cent and every target books it or
refuses it before writing (test_order_totals_property's targets). Pure: no I/O."""

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from syncyard_common.canonical import Money
from syncyard_common.canonical.order_totals import parts_total
from syncyard_gateway.connectors.mijnwebwinkel import payloads as mww_payloads
from syncyard_gateway.connectors.mijnwebwinkel import translate_orders as mijnwebwinkel
from syncyard_gateway.connectors.mplus import order_payloads as mplus_payloads
from syncyard_gateway.connectors.mplus import translate_orders as mplus
from syncyard_gateway.connectors.mplus.soap import build_envelope, read_body
from tests.unit.gateway.connectors.order_source_checks import (
    SOURCE_SETTINGS,
    books_in_every_target,
    half_even,
    now_and_then,
    read_or_refused,
    text,
)

# --- MijnWebwinkel: an order with its orderlines --------------------------------------------


def mww_price(minor: int, rate: int, currency: str) -> dict[str, str]:
    """A TaxPrice as the API gives it: amount (excl. VAT, six places) and including VAT."""
    ex = Decimal(minor).scaleb(-Money.exponent(currency)) / (1 + Decimal(rate) / 100)
    return {
        "amount": f"{ex:.6f}",
        "amount_including_tax": text(minor, currency),
        "rate": f"{rate}.00",
    }


@st.composite
def mijnwebwinkel_orders(draw: st.DrawFn) -> tuple[dict[str, Any], int, str | None, bool]:
    """An order as the API documents it: each line's price is the line's total incl. VAT (a
    payment or shipping cost may be a single price or a list of prices, one per VAT rate; now
    and then a cost below zero), unit_price per unit when given; price.total = Σ line prices.
    Returns whether every line's price divides by its quantity (else the per-unit reading
    differs and the order's total check refuses it)."""
    currency = "EUR"
    lines, total, divides = [], 0, True
    action = now_and_then(draw)  # the first line a cent off its units (an action price)
    for number in range(draw(st.integers(min_value=1, max_value=5))):
        unit = draw(st.integers(min_value=0, max_value=50_000))
        quantity = draw(st.integers(min_value=1, max_value=10))
        rate = draw(st.sampled_from([21, 9, 0]))
        line_total = unit * quantity - (1 if action and number == 0 else 0)
        line_total = max(line_total, 0)
        line: dict[str, Any] = {
            "id": f"line-{number}",
            "type": "article",
            "quantity": quantity,
            "description": "Koffie",
            "price": mww_price(line_total, rate, currency),
            "articles": [{"id": number, "sku": f"S{number}", "description": "Koffie"}],
        }
        if line_total == unit * quantity and draw(st.booleans()):
            line["unit_price"] = mww_price(unit, rate, currency)
        divides = divides and line_total % quantity == 0
        total += line_total
        lines.append(line)
    for kind in ("shipping", "payment"):
        if draw(st.booleans()):
            parts = draw(
                st.lists(st.integers(min_value=0, max_value=1_000), min_size=1, max_size=2)
            )
            prices = [mww_price(p, r, currency) for p, r in zip(parts, (9, 21), strict=False)]
            lines.append(
                {
                    "id": f"{kind}-1",
                    "type": kind,
                    "quantity": 1,
                    "description": kind,
                    "price": prices if len(prices) > 1 else prices[0],
                }
            )
            total += sum(parts)
    if now_and_then(draw):  # a cost that takes off the total: a discount charge
        off = draw(st.integers(min_value=1, max_value=min(total, 1_000))) if total else 0
        if off:
            price = mww_price(-off, 21, currency)
            lines.append({"id": "discount-1", "type": "discount", "quantity": 1, "price": price})
            total -= off
    refusal = None
    if now_and_then(draw):
        lines[0]["price"]["amount_including_tax"] += "5"
        lines[0].pop("unit_price", None)
        refusal = "amount_too_precise"
    order = {
        "number": 27,
        "date": "2026-12-07",
        "time": "13:37:12",
        "status": 1,
        "currency": currency,
        "taxed": "include",
        "debtor": {"email": "anna@example.nl"},
        "price": {"total": f"{Decimal(total).scaleb(-2):.6f}"},
        "orderlines": lines,
    }
    return order, total, refusal, divides


@SOURCE_SETTINGS
@given(drawn=mijnwebwinkel_orders())
def test_an_order_read_from_mijnwebwinkel_books_its_total_in_every_target_or_is_refused(
    drawn: tuple[dict[str, Any], int, str | None, bool],
) -> None:
    order, total, refusal, divides = drawn
    read = read_or_refused(
        lambda: mijnwebwinkel.to_canonical_order(mww_payloads.Order.model_validate(order)), refusal
    )
    if read is None:
        return
    if divides:
        assert parts_total(read).amount == total  # every part of a split cost counted
    assert all(line.sku for line in read.lines)  # costs are charges, never lines without SKU
    books_in_every_target(read, total)


# --- MplusKASSA: an order as getOrder answers it --------------------------------------------


@st.composite
def mplus_orders(draw: st.DrawFn) -> tuple[dict[str, Any], int, str | None]:
    """An order in cents: each line price x quantity less its discountAmount; with
    VAT-METHOD-EXCLUSIVE the till adds VAT per VAT group (each group's VAT rounded), so
    totalInclAmount = totalExclAmount + that VAT. A weighed quantity (decimalPlaces) is refused."""
    exclusive = draw(st.booleans())
    lines, goods, groups = [], 0, dict[int, int]()
    # Now and then the first line is a return (-0.50), a line of 0, or weighed (1.250 kg).
    odd = draw(st.sampled_from(["return", "none", "weighed"])) if now_and_then(draw) else None
    refusal = "fractional_quantity" if odd == "weighed" else None
    for number in range(draw(st.integers(min_value=1, max_value=6))):
        first = number == 0
        price = -50 if first and odd == "return" else draw(st.integers(0, 100_000))
        quantity = 0 if first and odd == "none" else draw(st.integers(1, 25))
        gross = max(price * quantity, 0)
        discount = draw(st.integers(min_value=0, max_value=gross)) if draw(st.booleans()) else 0
        vat = draw(st.sampled_from([21, 9, 0]))
        places = 3 if first and odd == "weighed" else 0
        data = {
            "quantity": quantity * 10**places + (250 if places else 0),
            "decimalPlaces": places,
            "price": price,
            "vatPercentage": vat,
            "discountAmount": discount,
        }
        lines.append(
            {
                "lineId": f"l{number}",
                "articleNumber": 1000 + number,
                "pluNumber": str(1000 + number),
                "text": "Kaas",
                "data": data,
            }
        )
        amount = price * quantity - discount
        goods += amount
        groups[vat] = groups.get(vat, 0) + amount
    if exclusive:
        excl = goods
        incl = goods + sum(half_even(Decimal(a) * v / 100) for v, a in groups.items())
    else:
        incl = goods
        excl = goods - sum(half_even(Decimal(a) * v / (100 + v)) for v, a in groups.items())
    order = {
        "orderId": "o-1",
        "orderNumber": {"year": 2026, "number": 7},
        "syncMarker": 1,
        "vatMethod": "VAT-METHOD-EXCLUSIVE" if exclusive else "VAT-METHOD-INCLUSIVE",
        "totalInclAmount": incl,
        "totalExclAmount": excl,
        "prepaidAmount": 0,
        "fullyPaid": False,
        "lineList": {"line": lines},
    }
    return order, incl, refusal


@SOURCE_SETTINGS
@given(drawn=mplus_orders())
def test_an_order_read_from_mplus_books_its_total_in_every_target_or_is_refused(
    drawn: tuple[dict[str, Any], int, str | None],
) -> None:
    body, total, refusal = drawn
    answer = read_body(
        build_envelope("getOrderResponse", {"result": "GET-ORDER-RESULT-OK", "order": body})
    )
    record = mplus_payloads.read_found_order(answer)
    assert record is not None
    read = read_or_refused(lambda: mplus.to_canonical_order(record, currency="EUR"), refusal)
    if read is None:
        return
    assert parts_total(read).amount == total  # the till's VAT, not each line's anew
    books_in_every_target(read, total)
