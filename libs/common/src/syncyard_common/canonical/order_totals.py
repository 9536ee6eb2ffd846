"""What an order comes to, from its parts, in integer minor units; and its conversion.

The one rule every connector and check shares: total = Σ lines (unit price x quantity - line
discount) + shipping + payment fees - order discounts - gift cards, plus the tax on top when
the prices exclude tax (the source's own tax total, else each part's tax rounded half-even)."""

from decimal import ROUND_HALF_EVEN, Decimal

from syncyard_common.canonical.money import Money
from syncyard_common.canonical.order import ExchangeRate, Order, OrderCharge, OrderLine


def line_amount(line: OrderLine) -> int:
    """The line's amount after its discount, in minor units."""
    discount = line.discount.amount if line.discount else 0
    return line.unit_price.amount * line.quantity - discount


def charge_amount(charge: OrderCharge) -> int:
    """The charge's effect on the total (negative for discounts and gift cards)."""
    return charge.kind.sign * charge.amount.amount


def tax_of(amount: int, rate: Decimal | None) -> int:
    """The tax on ``amount`` (minor units) at ``rate``, rounded half-even."""
    if rate is None:
        return 0
    return int((Decimal(amount) * rate).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def tax_on_top(order: Order) -> int:
    """Tax added to the parts when the prices exclude it; 0 when they include it."""
    if order.prices_include_tax:
        return 0
    if order.tax_total is not None:
        return order.tax_total.amount
    lines = sum(tax_of(line_amount(line), line.tax_rate) for line in order.lines)
    return lines + sum(tax_of(charge_amount(c), c.tax_rate) for c in order.charges)


def parts_total(order: Order) -> Money:
    """What the order's lines, charges and tax add up to."""
    lines = sum(line_amount(line) for line in order.lines)
    charges = sum(charge_amount(charge) for charge in order.charges)
    return Money(amount=lines + charges + tax_on_top(order), currency=order.currency)


def convert_money(money: Money, rate: ExchangeRate) -> Money:
    """One amount at the order's own rate, rounded half-even to the new currency's unit."""
    scale = Decimal(10) ** Money.exponent(rate.currency)
    minor = (money.to_decimal() * rate.rate * scale).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    return Money(amount=int(minor), currency=rate.currency)


def convert(order: Order, rate: ExchangeRate) -> Order:
    """The order in ``rate.currency``: every amount converted on its own (half-even), the total
    too; the parts may then differ from the converted total by a few cents (the caller says)."""

    def money(value: Money | None) -> Money | None:
        return None if value is None else convert_money(value, rate)

    lines = [
        line.model_copy(
            update={"unit_price": money(line.unit_price), "discount": money(line.discount)}
        )
        for line in order.lines
    ]
    charges = [c.model_copy(update={"amount": money(c.amount)}) for c in order.charges]
    return order.model_copy(
        update={
            "currency": rate.currency,
            "lines": lines,
            "charges": charges,
            "tax_total": money(order.tax_total),
            "total": money(order.total),
            "exchange_rate": None,
        }
    )
