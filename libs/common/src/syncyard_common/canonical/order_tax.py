"""An order whose prices exclude tax, restated with prices including it, to the cent.

Each part (line or charge) gets its own tax, rounded half-even from its rate; when the source
gave its tax total, that total is the truth and any cents between it and the parts' taxes go to
the largest part. A line's gross amount seldom divides by its quantity: the unit price is
rounded up and the cents over go into the line's discount (0 ≤ discount < quantity)."""

from syncyard_common.canonical.money import Money
from syncyard_common.canonical.order import Order
from syncyard_common.canonical.order_totals import charge_amount, line_amount, tax_of


def with_tax_included(order: Order) -> Order:
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
        gross, quantity = amount + tax, line.quantity
        unit = -(-gross // quantity) if quantity else 0
        over = unit * quantity - gross
        lines.append(
            line.model_copy(
                update={
                    "unit_price": Money(amount=unit, currency=currency),
                    "discount": Money(amount=over, currency=currency) if over else None,
                }
            )
        )
    charges = []
    offset = len(order.lines)
    for i, charge in enumerate(order.charges):
        gross = amounts[offset + i] + taxes[offset + i]
        restated = Money(amount=charge.kind.sign * gross, currency=currency)
        charges.append(charge.model_copy(update={"amount": restated}))
    return order.model_copy(
        update={"prices_include_tax": True, "lines": lines, "charges": charges, "tax_total": None}
    )
