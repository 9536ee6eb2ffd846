"""Texts of an order and its debtor against a target's field limits: refused, or cut by setting."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from syncyard_common.canonical.customer import Customer
from syncyard_common.canonical.order import Order
from syncyard_common.canonical.order_limits import BookingRules, OrderLimits, Problem, TextField

Path = tuple[str | int, ...]

_ORDER_FIELDS = (
    ("number", TextField.ORDER_NUMBER),
    ("note", TextField.NOTE),
    ("email", TextField.EMAIL),
    ("shipping_method", TextField.SHIPPING_METHOD),
    ("payment_method", TextField.PAYMENT_METHOD),
)
_ADDRESS_FIELDS = (
    ("first_name", TextField.FIRST_NAME),
    ("last_name", TextField.LAST_NAME),
    ("company", TextField.COMPANY),
    ("line1", TextField.STREET),
    ("line2", TextField.STREET),
    ("street", TextField.STREET),
    ("postcode", TextField.POSTCODE),
    ("city", TextField.CITY),
    ("region", TextField.REGION),
    ("phone", TextField.PHONE),
)
_CUSTOMER_FIELDS = (
    ("first_name", TextField.FIRST_NAME),
    ("last_name", TextField.LAST_NAME),
    ("company_name", TextField.COMPANY),
    ("email", TextField.EMAIL),
    ("phone", TextField.PHONE),
)


def _person(data: dict[str, Any], at: Path) -> Iterator[tuple[TextField, Path]]:
    for key, kind in _CUSTOMER_FIELDS:
        yield kind, (*at, key)
    for address in ("billing_address", "shipping_address"):
        if data.get(address):
            for key, kind in _ADDRESS_FIELDS:
                yield kind, (*at, address, key)


def _order_texts(data: dict[str, Any]) -> Iterator[tuple[TextField, Path]]:
    for key, kind in _ORDER_FIELDS:
        yield kind, (key,)
    for i in range(len(data["lines"])):
        yield TextField.LINE_NAME, ("lines", i, "name")
    for i in range(len(data["charges"])):
        yield TextField.CHARGE_NAME, ("charges", i, "name")
    for address in ("billing_address", "shipping_address"):
        if data.get(address):
            for key, kind in _ADDRESS_FIELDS:
                yield kind, (address, key)
    if data.get("customer"):
        yield from _person(data["customer"], ("customer",))


def _label(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else f".{part}" if text else part
    return text


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part] if isinstance(part, int) or data is None else data.get(part)
        if data is None:
            return None
    return data


def _put(data: Any, path: Path, value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@dataclass
class FittedTexts:
    order: Order
    customer: Customer | None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def fit_texts(
    order: Order,
    customer: Customer | None,
    limits: OrderLimits,
    rules: BookingRules,
    target: str,
) -> FittedTexts:
    """Every text over its limit: a problem, or (long_texts: truncate) cut and noted."""
    fitted = FittedTexts(order, customer)
    documents: list[tuple[str, dict[str, Any], Iterator[tuple[TextField, Path]]]] = []
    order_data = order.model_dump(mode="json")
    documents.append(("", order_data, _order_texts(order_data)))
    customer_data = customer.model_dump(mode="json") if customer else None
    if customer_data is not None:
        documents.append(("debtor.", customer_data, _person(customer_data, ())))
    for prefix, data, texts in documents:
        for kind, path in texts:
            limit, value = limits.texts.get(kind), _get(data, path)
            if limit is None or not isinstance(value, str) or len(value) <= limit:
                continue
            where = prefix + _label(path)
            if rules.long_texts == "truncate":
                _put(data, path, value[:limit])
                fitted.notes.append(f"{where} cut from {len(value)} to {limit} characters")
                continue
            reason = (
                f"{where} is {len(value):,} characters; {target} takes at most {limit} "
                "(the setting long_texts: truncate cuts it, logged)"
            )
            fitted.problems.append(Problem("text_too_long", where, reason))
    if fitted.notes:
        fitted.order = Order.model_validate(order_data)
        if customer_data is not None:
            fitted.customer = Customer.model_validate(customer_data)
    return fitted
