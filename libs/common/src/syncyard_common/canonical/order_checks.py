"""Can this order be booked in this target as it is? Checked in full before any write.

``check_order`` is pure: the order (and the debtor made from it), the target's declared
``OrderLimits``, the currency the target keeps and the tenant's ``BookingRules`` go in; out
comes either every problem (each with a code, the field and a reason a merchant understands)
or the order as the target will book it, with notes of what was changed on the way
(converted, cut, charges the target cannot carry)."""

from dataclasses import dataclass, field

from syncyard_common.canonical.customer import Customer
from syncyard_common.canonical.money import Money
from syncyard_common.canonical.order import Order, OrderLine
from syncyard_common.canonical.order_limits import BookingRules, OrderLimits, Problem
from syncyard_common.canonical.order_tax import with_tax_included, without_line_discounts
from syncyard_common.canonical.order_texts import fit_texts
from syncyard_common.canonical.order_totals import convert, parts_total


@dataclass(frozen=True)
class Verdict:
    """The order (and debtor) as the target books them, or why it cannot."""

    order: Order
    customer: Customer | None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    difference: int = 0  # source total - booked total, in minor units of the booked currency

    @property
    def reason(self) -> str:
        return "; ".join(p.reason for p in self.problems)


def _amount(money: Money) -> str:
    return f"{money.to_decimal_string()} {money.currency}"


def _name(order: Order) -> str:
    return f"order {order.number or order.source_id}"


def _value_problems(order: Order, limits: OrderLimits, target: str) -> list[Problem]:
    """Negative prices, refused quantities, impossible discounts, and parts ≠ total."""
    problems = []
    for i, line in enumerate(order.lines, start=1):
        where, label = f"lines[{i}]", f"line {i} ({line.sku or line.name or '?'})"
        if line.unit_price.amount < 0:
            reason = (
                f"{label} has a negative unit price ({_amount(line.unit_price)}); a sale is "
                "booked with prices of 0 or more (refunds are not booked as orders)"
            )
            problems.append(Problem("negative_price", f"{where}.unit_price", reason))
        if line.quantity < limits.min_quantity or (
            limits.max_quantity is not None and line.quantity > limits.max_quantity
        ):
            top = f" to {limits.max_quantity}" if limits.max_quantity is not None else " or more"
            reason = (
                f"{label} has quantity {line.quantity}; {target} takes {limits.min_quantity}{top}"
            )
            problems.append(Problem("quantity_refused", f"{where}.quantity", reason))
        discount = line.discount.amount if line.discount else 0
        if discount < 0 or discount > max(line.unit_price.amount * line.quantity, 0):
            reason = (
                f"{label} has a discount of {discount} minor units, more than the line or below 0"
            )
            problems.append(Problem("discount_invalid", f"{where}.discount", reason))
    for i, charge in enumerate(order.charges, start=1):
        if charge.amount.amount < 0:
            reason = (
                f"{charge.kind.value} {charge.name or ''} is negative ({_amount(charge.amount)})"
            )
            problems.append(Problem("negative_charge", f"charges[{i}].amount", reason))
    parts = parts_total(order)
    if not problems and order.total is not None and parts.amount != order.total.amount:
        reason = (
            f"{_name(order)}: its lines, discounts, shipping, fees and tax add up to "
            f"{_amount(parts)} but its total is {_amount(order.total)}; it is not booked with "
            "a different total (is a part missing from the mapping?)"
        )
        problems.append(Problem("order_total_mismatch", "total", reason))
    return problems


def _in_target_currency(
    order: Order, currency: str | None, rules: BookingRules, target: str
) -> tuple[Order, Problem | None, str | None]:
    if currency is None or order.currency == currency:
        return order, None, None
    rate = order.exchange_rate
    if rules.foreign_currency == "convert" and rate is not None and rate.currency == currency:
        converted = convert(order, rate)
        note = f"{_name(order)} converted from {order.currency} to {currency} at {rate.rate}"
        return converted, None, note
    how = (
        "it carries no rate to " + currency
        if rules.foreign_currency == "convert"
        else "the setting foreign_currency: convert books it at the rate the order carries"
    )
    reason = (
        f"{_name(order)} is in {order.currency} but {target} keeps {currency}; it is not booked "
        f"at face value ({how})"
    )
    return order, Problem("currency_not_kept", "currency", reason), None


def _book_charges(
    order: Order, limits: OrderLimits, rules: BookingRules, target: str
) -> tuple[Order, list[str]]:
    """Charges as lines on the tenant's articles, in the target's field, or left out (noted)."""
    lines, kept, notes = list(order.lines), [], []
    for charge in order.charges:
        booking = limits.charges.get(charge.kind, "none")
        if booking == "line":
            price = Money(amount=charge.kind.sign * charge.amount.amount, currency=order.currency)
            name = charge.name or charge.kind.value.replace("_", " ")
            sku = rules.charge_articles.get(charge.kind)
            lines.append(
                OrderLine(
                    sku=sku, name=name, quantity=1, unit_price=price, tax_rate=charge.tax_rate
                )
            )
        elif booking == "field":
            kept.append(charge)
        else:
            notes.append(
                f"{charge.kind.value.replace('_', ' ')} {charge.name or ''} "
                f"({_amount(charge.amount)}) cannot be carried by {target}: booked without it"
            )
    return order.model_copy(update={"lines": lines, "charges": kept}), notes


def check_order(
    order: Order,
    limits: OrderLimits,
    *,
    target: str,
    currency: str | None,
    rules: BookingRules,
    customer: Customer | None = None,
) -> Verdict:
    """Everything the target cannot hold, or the order as it will be booked."""
    problems = _value_problems(order, limits, target)
    booked, problem, note = _in_target_currency(order, currency, rules, target)
    notes = [note] if note else []
    if problem is not None:
        problems.append(problem)
    exponent = Money.exponent(booked.currency)
    if limits.currency_exponents is not None and exponent not in limits.currency_exponents:
        reason = f"{booked.currency} has {exponent} decimals; {target} takes amounts in cents only"
        problems.append(Problem("currency_without_cents", "currency", reason))
    if problems:
        return Verdict(order, customer, problems)
    source_total = booked.total or parts_total(booked)
    booked = with_tax_included(booked, split_lines=not limits.line_discounts)
    if not limits.line_discounts:
        booked = without_line_discounts(booked)
    booked, charge_notes = _book_charges(booked, limits, rules, target)
    booked = booked.model_copy(update={"total": parts_total(booked)})
    texts = fit_texts(booked, customer, limits, rules, target)
    difference = source_total.amount - parts_total(booked).amount
    notes += charge_notes + texts.notes
    if difference:
        notes.append(
            f"{target}'s total is {_amount(parts_total(booked))}, the source's "
            f"{_amount(source_total)} (difference {difference} minor units)"
        )
    return Verdict(texts.order, texts.customer, texts.problems, notes, difference)
