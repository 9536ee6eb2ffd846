"""Pure translation of Ecwid orders and customers to and from the canonical model.

Ecwid money is a JSON number read as Decimal; canonical money is integer minor units. The
conversion rounds half up on the Decimal, never through float arithmetic."""

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from syncyard_common.canonical import Address, Customer, Money, Order, OrderLine
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors.ecwid import order_money
from syncyard_gateway.connectors.ecwid.payloads import (
    EcwidCustomer,
    EcwidOrder,
    EcwidOrderItem,
    EcwidPerson,
)

Body = dict[str, Any]
# Found again by the orders search's `keywords`, which does not look at externalOrderId.
REFERENCE_NOTE = "Syncyard reference: {reference}"
PAID_STATUSES = {"paid"}


def to_money(value: Decimal | None, currency: str) -> Money | None:
    """19.95 → Money(1995); half up at the currency's minor unit."""
    if value is None:
        return None
    scale = Decimal(10) ** Money.exponent(currency)
    minor = (Decimal(value) * scale).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Money(amount=int(minor), currency=currency)


def to_amount(money: Money) -> Decimal:
    """Money(1995) → Decimal("19.95"), sent as the JSON number 19.95."""
    return money.to_decimal()


def moment(timestamp: int | None) -> datetime | None:
    return datetime.fromtimestamp(timestamp, UTC) if timestamp else None


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def split_name(name: str | None) -> tuple[str | None, str | None]:
    """ "Anna de Vries" → ("Anna", "de Vries"): Ecwid often keeps one name field."""
    first, _, last = (name or "").strip().partition(" ")
    return first or None, last.strip() or None


def to_canonical_address(person: EcwidPerson | None) -> Address | None:
    if person is None:
        return None
    first, last = _clean(person.firstName), _clean(person.lastName)
    if first is None and last is None:
        first, last = split_name(person.name)
    lines = [line.strip() for line in (person.street or "").split("\n") if line.strip()]
    country = _clean(person.countryCode)
    address = Address(
        first_name=first,
        last_name=last,
        company=_clean(person.companyName),
        line1=lines[0] if lines else None,
        line2=", ".join(lines[1:]) or None,
        postcode=_clean(person.postalCode),
        city=_clean(person.city),
        region=_clean(person.stateOrProvinceCode),
        country_code=country.upper() if country else None,
        phone=_clean(person.phone),
    )
    return address if address.model_dump(exclude_defaults=True) else None


def street_line(address: Address) -> str | None:
    """Ecwid keeps the street in one field; a second address line goes on a new line."""
    first = address.line1
    if first is None and address.street:
        house = f"{address.house_number or ''}{address.house_number_suffix or ''}".strip()
        first = " ".join(part for part in (address.street, house) if part)
    lines = [line for line in (first, address.line2) if line]
    return "\n".join(lines) or None


def to_person(address: Address | None, *, name: str | None = None) -> Body:
    """A PersonInfo object; empty fields are left out (Ecwid keeps what it had)."""
    if address is None:
        return {"name": name} if name else {}
    person = {
        "name": address.full_name or name,
        "firstName": address.first_name,
        "lastName": address.last_name,
        "companyName": address.company,
        "street": street_line(address),
        "city": address.city,
        "postalCode": address.postcode,
        "stateOrProvinceCode": address.region,
        "countryCode": address.country_code,
        "phone": address.phone,
    }
    return {key: value for key, value in person.items() if value}


def to_canonical_customer(customer: EcwidCustomer) -> Customer:
    billing = to_canonical_address(customer.billingPerson)
    shipping = next((to_canonical_address(a) for a in customer.shippingAddresses), None)
    first, last = (billing.first_name, billing.last_name) if billing else split_name(None)
    if first is None and last is None:
        first, last = split_name(customer.name)
    return Customer(
        id=str(customer.id),
        email=_clean(customer.email),
        first_name=first,
        last_name=last,
        company_name=billing.company if billing else None,
        phone=billing.phone if billing else None,
        vat_number=_clean(customer.taxId),
        billing_address=billing,
        shipping_address=shipping,
    )


def to_customer_body(customer: Customer) -> Body:
    """A company (company_name set) is a b2b customer whose billing person carries the
    company; a person is b2c. The person's name is the customer's name either way."""
    billing = customer.billing_address or Address()
    billing = billing.model_copy(
        update={
            "first_name": billing.first_name or customer.first_name,
            "last_name": billing.last_name or customer.last_name,
            "company": customer.company_name or billing.company,
            "phone": billing.phone or customer.phone,
        }
    )
    body: Body = {
        "email": customer.email,
        "name": customer.full_name or customer.company_name or "",
        "billingPerson": to_person(billing, name=customer.full_name),
        "b2b_b2c": "b2b" if customer.company_name else "b2c",
        "taxId": customer.vat_number or "",
    }
    if customer.shipping_address is not None:
        body["shippingAddresses"] = [to_person(customer.shipping_address)]
    return body


def to_canonical_line(item: EcwidOrderItem, currency: str) -> OrderLine:
    rates = [tax.value for tax in item.taxes if tax.value is not None]
    price = order_money.exact(item.price, currency, f"items[{item.sku or item.id}].price")
    return OrderLine(
        sku=_clean(item.sku),
        name=_clean(item.name),
        quantity=item.quantity,
        unit_price=price,
        tax_rate=sum(rates, Decimal(0)) / 100 if rates else None,
        source_line_id=str(item.id) if item.id is not None else None,
    )


def to_canonical_order(order: EcwidOrder, *, currency: str) -> Order:
    """An Ecwid order (id = orderNumber) in the store's currency."""
    billing = to_canonical_address(order.billingPerson)
    email = _clean(order.email)
    customer = None
    if email or order.customerId:
        customer = Customer(
            id=str(order.customerId) if order.customerId else None,
            email=email,
            first_name=billing.first_name if billing else None,
            last_name=billing.last_name if billing else None,
            company_name=billing.company if billing else None,
            phone=billing.phone if billing else None,
            billing_address=billing,
            shipping_address=to_canonical_address(order.shippingPerson),
        )
    extra: dict[str, object] = {"order_id": order.id, "external_order_id": order.externalOrderId}
    extra["fulfillment_status"] = order.fulfillmentStatus
    shipping = order.shippingOption
    return Order(
        source_id=str(order.orderNumber),
        number=_clean(order.vendorOrderNumber) or str(order.orderNumber),
        channel="web",
        currency=currency,
        prices_include_tax=bool(order.pricesIncludeTax),
        email=email,
        customer=customer,
        billing_address=billing,
        shipping_address=to_canonical_address(order.shippingPerson),
        lines=[to_canonical_line(item, currency) for item in order.items],
        charges=order_money.charges(order, currency),
        tax_total=order_money.tax_total(order, currency),
        total=order_money.exact(order.total, currency, "total")
        if order.total is not None
        else None,
        payment_method=_clean(order.paymentMethod),
        shipping_method=_clean(shipping.shippingMethodName) if shipping else None,
        financial_status=order.paymentStatus.lower() if order.paymentStatus else None,
        created_at=moment(order.createTimestamp),
        updated_at=moment(order.updateTimestamp),
        note=_clean(order.orderComments),
        extra={key: value for key, value in extra.items() if value},
    )


def _line_tax(line: OrderLine, *, included: bool) -> Decimal:
    """Tax of a whole line in currency units, half up to the cent."""
    if not line.tax_rate:
        return Decimal(0)
    gross = to_amount(line.unit_price) * line.quantity
    tax = gross * line.tax_rate / (1 + line.tax_rate) if included else gross * line.tax_rate
    return tax.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def to_order_body(order: Order, *, external_reference: str, options: OrderCreateOptions) -> Body:
    """POST /orders: externalOrderId carries our reference (and a private note, to search)."""
    items = []
    for line in order.lines:
        item: Body = {
            "sku": line.sku or "",
            "name": line.name or line.sku or "",
            "quantity": line.quantity,
            "price": to_amount(line.unit_price),
        }
        product_id = options.product_ids.get(line.sku or "")
        if product_id and product_id.isdigit():
            item["productId"] = int(product_id)
        if line.tax_rate:
            tax = _line_tax(line, included=order.prices_include_tax)
            item["taxes"] = [{"name": "Tax", "value": line.tax_rate * 100, "total": tax}]
        items.append(item)
    body: Body = {
        "email": order.email or (order.customer.email if order.customer else None) or "",
        "paymentStatus": "PAID" if order.financial_status in PAID_STATUSES else "AWAITING_PAYMENT",
        "fulfillmentStatus": "AWAITING_PROCESSING",
        "billingPerson": to_person(order.billing_address),
        "shippingPerson": to_person(order.shipping_address or order.billing_address),
        "items": items,
        "pricesIncludeTax": order.prices_include_tax,
        "externalOrderId": external_reference,
        "privateAdminNotes": REFERENCE_NOTE.format(reference=external_reference),
        "orderComments": order.note or "",
        "paymentMethod": order.payment_method or "",
    }
    shipping = order_money.shipping_option(order)
    if shipping is not None:
        body["shippingOption"] = shipping
    if order.total is not None:
        body["total"] = to_amount(order.total)
    if options.customer_id and options.customer_id.isdigit():
        body["customerId"] = int(options.customer_id)
    return body
