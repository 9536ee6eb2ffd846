"""Pure translation of MplusKASSA orders (as read back) to canonical orders."""

from decimal import Decimal

from syncyard_common.canonical import Address, Customer, Money, Order, OrderLine, OrderStatus
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.mplus.order_payloads import (
    OrderAddress,
    OrderLineRecord,
    OrderRecord,
)
from syncyard_gateway.connectors.mplus.translate import split_name

CHANNEL = "pos"
DELIVERED = "ORDER-DELIVERY-STATE-COMPLETE"
CANCELLED = "ORDER-CANCEL-STATE-COMPLETE"


def to_address(address: OrderAddress | None) -> Address | None:
    """An order address; with a company, ``name`` is the company and ``contact`` the person."""
    if address is None:
        return None
    person = address.contact if address.company_name else address.name
    first_name, last_name = split_name(person)
    return Address(
        first_name=first_name,
        last_name=last_name,
        company=address.company_name,
        line1=address.address,
        postcode=address.zipcode,
        city=address.city,
        country_code=address.country,
    )


def quantity(line: OrderLineRecord, order: OrderRecord) -> int:
    """Whole units; a weighed quantity (1.25 kg) has no canonical form and is refused."""
    scale: int = 10**line.decimal_places
    if line.quantity % scale:
        raise ConnectorDataError(
            f"MplusKASSA order {order.order_string or order.order_id} has a fractional quantity "
            f"({line.quantity / scale}) of article {line.article_number}; quantities are synced "
            "as whole units only.",
            code="fractional_quantity",
        )
    return line.quantity // scale


def to_line(line: OrderLineRecord, order: OrderRecord, currency: str) -> OrderLine:
    rate = None if line.vat_percentage is None else Decimal(line.vat_percentage) / 100
    return OrderLine(
        sku=line.plu_number or str(line.article_number),
        name=line.text,
        quantity=quantity(line, order),
        unit_price=Money(amount=line.price, currency=currency),
        discount=Money(amount=line.discount_amount, currency=currency)
        if line.discount_amount
        else None,
        tax_rate=rate,
        source_line_id=line.line_id,
    )


def financial_status(order: OrderRecord) -> str:
    if order.is_fully_paid:
        return "paid"
    return "partially_paid" if order.prepaid else "unpaid"


def to_canonical_order(order: OrderRecord, *, currency: str) -> Order:
    """A MplusKASSA order as a canonical order (id = orderId, number = year-number)."""
    customer = None
    if order.relation_number:
        first_name, last_name = split_name(order.relation_name)
        customer = Customer(
            id=str(order.relation_number), first_name=first_name, last_name=last_name
        )
    total = None if order.total_incl is None else Money(amount=order.total_incl, currency=currency)
    exclusive = order.vat_method == "VAT-METHOD-EXCLUSIVE"
    tax_total = None
    if exclusive and order.total_incl is not None and order.total_excl is not None:
        # The till's own VAT (it rounds per VAT group), not each line's tax rounded anew.
        tax_total = Money(amount=order.total_incl - order.total_excl, currency=currency)
    return Order(
        source_id=order.order_id,
        number=order.order_string,
        channel=CHANNEL,
        currency=currency,
        prices_include_tax=not exclusive,
        customer=customer,
        billing_address=to_address(order.invoice_address),
        shipping_address=to_address(order.delivery_address),
        lines=[to_line(line, order, currency) for line in order.lines],
        tax_total=tax_total,
        total=total,
        financial_status=financial_status(order),
        status=OrderStatus.furthest(
            paid=order.is_fully_paid,
            shipped=order.delivery_state == DELIVERED,
            cancelled=order.cancel_state == CANCELLED,
        ),
        created_at=order.entered_at,
        extra={
            "ext_order_id": order.ext_order_id,
            "reference": order.reference,
            "is_delivered": order.delivery_state == DELIVERED,
            "is_cancelled": order.cancel_state == CANCELLED,
        },
    )


def with_debtor(order: Order, debtor: Customer) -> Order:
    """The order with its debtor read in full: e-mail, names, company, phone, addresses.

    A till order often has no addresses of its own: the debtor's are the ones to use."""
    return order.model_copy(
        update={
            "email": order.email or debtor.email,
            "customer": debtor,
            "billing_address": order.billing_address
            or _addressed_to(debtor.billing_address, debtor),
            "shipping_address": order.shipping_address
            or _addressed_to(debtor.shipping_address, debtor),
        }
    )


def _addressed_to(address: Address | None, debtor: Customer) -> Address | None:
    if address is None or not (address.line1 or address.postcode or address.city):
        return None
    return address.model_copy(
        update={
            "first_name": address.first_name or debtor.first_name,
            "last_name": address.last_name or debtor.last_name,
        }
    )
