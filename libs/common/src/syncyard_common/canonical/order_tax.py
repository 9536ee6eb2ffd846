"""An order whose prices exclude tax, restated with prices including it, to the cent.

Each part (line or charge) gets its own tax, rounded half-even from its rate; when the source
gave its tax total, that total is the truth and any cents between it and the parts' taxes go to
the largest part. A line's gross amount seldom divides by its quantity: the unit price is
rounded up and the cents over go into the line's discount (0 ≤ discount < quantity), or, for
a target without line discounts, the line is split in two of the same SKU: some units at the
rounded-down price and the rest one cent dearer."""

from syncyard_common.canonical.money import Money
from syncyard_common.canonical.order import Order, OrderLine
from syncyard_common.canonical.order_totals import charge_amount, line_amount, tax_of


def _restated(line: OrderLine, gross: int, split: bool) -> list[OrderLine]:
    currency, quantity = line.unit_price.currency, line.quantity
    if not quantity:
        return [line.model_copy(update={"unit_price": Money(amount=0, currency=currency)})]
    if split:
        unit, dearer = divmod(gross, quantity)
        parts = [(quantity - dearer, unit), (dearer, unit + 1)]
        return [
            line.model_copy(
                update={
                    "quantity": count,
                    "unit_price": Money(amount=price, currency=currency),
                    "discount": None,
                }
            )
            for count, price in parts
            if count
        ]
    unit = -(-gross // quantity)
    over = unit * quantity - gross
    update = {
        "unit_price": Money(amount=unit, currency=currency),
        "discount": Money(amount=over, currency=currency) if over else None,
    }
    return [line.model_copy(update=update)]


def with_tax_included(order: Order, *, split_lines: bool = False) -> Order:
    """The same order with prices including tax; its total does not change by a cent."""
    if order.prices_include_tax:
        return order
    amounts = [line_amount(line) for line in order.lines]
    amounts += [charge_amount(charge) for charge in order.charges]
    rates = [line.tax_rate for line in order.lines] + [c.tax_rate for c in order.charges]
    taxes = [tax_of(amount, rate) for amount, rate in zip(amounts, rates, strict=True)]
    if order.tax_total is not None and amounts:
        largest = max(range(len(amounts)), key=lambda i: abs(amounts[i]))
        taxes[largest] += order.tax_total.amount - sum(taxes)
    currency = order.currency
    lines = []
    for line, amount, tax in zip(order.lines, amounts, taxes, strict=False):
        lines += _restated(line, amount + tax, split_lines)
    charges = []
    offset = len(order.lines)
    for i, charge in enumerate(order.charges):
        gross = amounts[offset + i] + taxes[offset + i]
        restated = Money(amount=charge.kind.sign * gross, currency=currency)
        charges.append(charge.model_copy(update={"amount": restated}))
    return order.model_copy(
        update={"prices_include_tax": True, "lines": lines, "charges": charges, "tax_total": None}
    )


def without_line_discounts(order: Order) -> Order:
    """Each discounted line as the same SKU at discounted unit prices (split where the cents do
    not divide), for targets without a discount per line: the total stays to the cent."""
    lines: list[OrderLine] = []
    for line in order.lines:
        discounted = line.discount is not None and line.discount.amount > 0
        lines += _restated(line, line_amount(line), True) if discounted else [line]
    return order.model_copy(update={"lines": lines})
