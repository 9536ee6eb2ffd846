"""The amounts of a MijnWebwinkel order, exactly: article and custom lines, and its costs.

Every orderline's ``price`` is the line's total (all units). Article and custom lines are the
goods; a line of another type is a cost of the order (``payment``, ``shipping``: the vendor's
example order has two payment costs), read as a charge. A cost spread over the VAT rates of
the goods comes as a list of prices, one per rate: each part becomes a charge of its own
with its rate. A part below zero takes off the total (a discount); a cost type we do not know
stays a line (the target names what it cannot book instead of guessing a kind). An amount
with more decimals than the currency has is refused, never rounded."""

from decimal import Decimal

from syncyard_common.canonical import (
    ChargeKind,
    Money,
    OrderCharge,
    OrderLine,
    TooManyDecimals,
)
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.mijnwebwinkel import payloads
from syncyard_gateway.connectors.mijnwebwinkel.payloads import TaxPrice

ITEM_TYPES = frozenset({"article", "custom"})
COST_KINDS = {"shipping": ChargeKind.SHIPPING, "payment": ChargeKind.PAYMENT_FEE}


def exact(value: Decimal, currency: str, field: str) -> Money:
    """An amount as the store sent it: more decimals than the currency has is refused."""
    try:
        return Money.from_decimal_exact(value, currency, field=field)
    except TooManyDecimals as exc:
        raise ConnectorDataError(f"MijnWebwinkel {exc}.", code="amount_too_precise") from exc


def order_parts(
    orderlines: list[payloads.OrderLine], currency: str
) -> tuple[list[OrderLine], list[OrderCharge]]:
    """The order's lines (goods, in order) and its charges (costs, one per VAT rate part)."""
    lines: list[OrderLine] = []
    charges: list[OrderCharge] = []
    for line in orderlines:
        found = None if line.type in ITEM_TYPES else _charges(line, currency)
        if found is None:
            lines.extend(_lines(line, currency))
        else:
            charges.extend(found)
    return lines, charges


def _prices(line: payloads.OrderLine) -> list[TaxPrice]:
    prices = line.price if isinstance(line.price, list) else [line.price]
    return [price for price in prices if price is not None]


def _rate(price: TaxPrice | None) -> Decimal | None:
    return Decimal(price.rate) / 100 if price is not None and price.rate else None


def _charges(line: payloads.OrderLine, currency: str) -> list[OrderCharge] | None:
    """A cost line as charges, one per priced part (parts of 0 are left out); None when the
    line's type is no cost we know, unless each of its parts takes off the total."""
    where = f"orderlines[{line.id}]"
    name = (line.description or "").strip() or None
    parts = [
        (exact(Decimal(price.amount_including_tax), currency, f"{where}.price"), _rate(price))
        for price in _prices(line)
        if price.amount_including_tax
    ]
    unit = line.unit_price
    if not parts and unit is not None and unit.amount_including_tax:  # no line total given
        each = exact(Decimal(unit.amount_including_tax), currency, f"{where}.unit_price")
        parts = [(Money(amount=each.amount * line.quantity, currency=currency), _rate(unit))]
    parts = [(amount, rate) for amount, rate in parts if amount.amount != 0]
    kind = COST_KINDS.get(line.type)
    if kind is None and (not parts or any(amount.amount > 0 for amount, _ in parts)):
        return None
    return [
        OrderCharge(
            kind=kind if amount.amount > 0 and kind is not None else ChargeKind.DISCOUNT,
            name=name or line.type,
            amount=Money(amount=abs(amount.amount), currency=currency),
            tax_rate=rate,
        )
        for amount, rate in parts
    ]


def _unit_price(total: TaxPrice, quantity: int, currency: str, where: str) -> Money:
    """A line price (all units) per unit: the total is held exact first, then the unit half-even
    (a total the quantity does not divide fails the order's total check, never in silence)."""
    if not total.amount_including_tax:
        return Money(amount=0, currency=currency)
    whole = exact(Decimal(total.amount_including_tax), currency, f"{where}.price")
    return Money.from_decimal(whole.to_decimal() / max(quantity, 1), currency)


def _lines(line: payloads.OrderLine, currency: str) -> list[OrderLine]:
    """One canonical line per VAT rate of the line (a line priced as a list of prices)."""
    where = f"orderlines[{line.id}]"
    article = line.articles[0] if line.articles else None
    name = (line.description or "").strip() or (article.description if article else None)
    parts: list[tuple[Money, TaxPrice | None]]
    unit = line.unit_price
    if unit is not None and unit.amount_including_tax:
        parts = [(exact(Decimal(unit.amount_including_tax), currency, f"{where}.unit_price"), unit)]
    else:
        parts = [
            (_unit_price(price, line.quantity, currency, where), price) for price in _prices(line)
        ] or [(Money(amount=0, currency=currency), None)]
    sku = (article.sku or "").strip() or None if article else None
    return [
        OrderLine(
            sku=sku,
            name=name or line.type,
            quantity=line.quantity,
            unit_price=unit_price,
            tax_rate=_rate(priced),
            source_line_id=line.id if number == 1 or line.id is None else f"{line.id}/{number}",
        )
        for number, (unit_price, priced) in enumerate(parts, start=1)
    ]
