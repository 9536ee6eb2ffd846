"""Pure translation of MijnWebwinkel orders and customers to and from the canonical model."""

import re
from decimal import Decimal
from typing import Any

from syncyard_common.canonical import Address, Customer, Order, OrderLine
from syncyard_gateway.connectors.mijnwebwinkel import payloads
from syncyard_gateway.connectors.mijnwebwinkel.order_money import exact, order_parts
from syncyard_gateway.connectors.mijnwebwinkel.translate import local_moment, to_datetime

# Written into the internal (merchant) comment: B2C orders cannot carry a reference field.
REFERENCE_PREFIX = "Syncyard reference: "
_STREET_AND_NUMBER = re.compile(r"^(?P<street>.*?\S)\s+(?P<number>\d+\S*(?:\s*\S+)?)$")
# Payment methods the API accepts for orders it is given (PaymentMethodListInput).
PAYMENT_METHODS = frozenset(
    {"cash", "card", "ideal", "invoice", "bancontact", "creditcard", "paypal", "pickup"}
)


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _split_name(name: str | None) -> tuple[str | None, str | None]:
    parts = (name or "").strip().split(" ", 1)
    return (parts[0] or None, parts[1] if len(parts) > 1 else None)


def to_canonical_address(address: payloads.OrderAddress | None) -> Address | None:
    if address is None:
        return None
    first, last = _split_name(address.name)
    line1 = " ".join(part for part in (address.street, address.number) if part) or None
    return Address(
        first_name=first,
        last_name=last,
        company=_clean(address.company),
        line1=line1,
        street=_clean(address.street),
        house_number=_clean(address.number),
        postcode=_clean(address.zipcode),
        city=_clean(address.city),
        country_code=(address.country_code or "").upper() or None,
        phone=_clean(address.phone),
    )


def to_canonical_order(order: payloads.Order) -> Order:
    """An order in prices including VAT: article and custom lines as lines, costs (payment,
    shipping) as charges (`order_money`)."""
    currency = order.currency.upper()
    billing = to_canonical_address(order.debtor.address.invoice)
    shipping = to_canonical_address(order.debtor.address.delivery) or billing
    email = _clean(order.debtor.email)
    invoice = order.debtor.address.invoice
    customer = Customer(
        id=order.debtor.id,
        email=email,
        first_name=billing.first_name if billing else None,
        last_name=billing.last_name if billing else None,
        company_name=billing.company if billing else None,
        phone=billing.phone if billing else None,
        vat_number=_clean(invoice.taxnumber) if invoice else None,
        billing_address=billing,
        shipping_address=shipping,
    )
    placed = local_moment(order.date, order.time)
    changed = local_moment(order.status_changed_date, order.status_changed_time) or placed
    payment = order.payment
    lines, charges = order_parts(order.orderlines, currency)
    return Order(
        source_id=str(order.number),
        number=str(order.number),
        channel="pos" if order.offline_location_id else "web",
        currency=currency,
        prices_include_tax=True,
        email=email,
        customer=customer,
        billing_address=billing,
        shipping_address=shipping,
        lines=lines,
        charges=charges,
        total=exact(Decimal(order.price.total), currency, "price.total")
        if order.price.total
        else None,
        payment_method=payment.method_name if payment else None,
        financial_status=order.payment_status,
        created_at=to_datetime(placed),
        updated_at=to_datetime(changed),
        note=_clean(order.comments.customer),
        extra={
            "status": order.status,
            "archived": order.archived,
            "business_model": order.business_model,
            "reference": order.reference,
        },
    )


def external_reference_of(order: payloads.Order) -> str | None:
    """Our reference as written by `to_order_body` (internal comment, or B2B reference)."""
    for line in (order.comments.internal or "").splitlines():
        if line.startswith(REFERENCE_PREFIX):
            return line.removeprefix(REFERENCE_PREFIX).strip()
    return None


def order_address(address: Address | None, fallback_name: str) -> dict[str, Any] | None:
    """An Address with the house number apart (split from `line1` when not given)."""
    if address is None:
        return None
    street, number = address.street, address.house_number
    if number and address.house_number_suffix:
        number = f"{number}{address.house_number_suffix}"
    if not street and address.line1:
        match = _STREET_AND_NUMBER.match(address.line1.strip())
        street, number = (match["street"], match["number"]) if match else (address.line1, None)
    body = {
        "name": address.full_name or address.company or fallback_name,
        "company": address.company or "",
        "street": street or "",
        "number": number or "",
        "zipcode": address.postcode or "",
        "city": address.city or "",
        "country_code": (address.country_code or "NL").upper(),
    }
    if address.phone:
        body["phone"] = address.phone
    return body


def to_customer(customer: payloads.Customer) -> Customer:
    """A customer account; the default invoice address says whether it is a company."""
    invoice = next((a for a in customer.addresses if a.isDefaultForInvoice), None)
    delivery = next((a for a in customer.addresses if a.isDefaultForDelivery), None)
    invoice = invoice or (customer.addresses[0] if customer.addresses else None)
    return Customer(
        id=customer.id,
        email=customer.email or None,
        first_name=customer.firstName,
        last_name=customer.lastName,
        company_name=_clean(invoice.company) if invoice else None,
        phone=_clean(invoice.phone) if invoice else None,
        vat_number=_clean(invoice.taxNumber) if invoice else None,
        billing_address=_customer_address(invoice),
        shipping_address=_customer_address(delivery or invoice),
    )


def _customer_address(address: payloads.CustomerAddress | None) -> Address | None:
    if address is None:
        return None
    line1 = " ".join(part for part in (address.street, address.streetNumber) if part) or None
    return Address(
        first_name=_clean(address.firstName),
        last_name=_clean(address.lastName),
        company=_clean(address.company),
        line1=line1,
        street=_clean(address.street),
        house_number=_clean(address.streetNumber),
        postcode=_clean(address.zipCode),
        city=_clean(address.city),
        country_code=_clean(address.countryCode),
        phone=_clean(address.phone),
    )


def customer_address_body(customer: Customer) -> dict[str, Any] | None:
    """CustomerAddressPostable: a company keeps its name and VAT number; a person has none."""
    address = customer.billing_address or customer.shipping_address
    if address is None:
        return None
    shaped = order_address(address, customer.full_name) or {}
    is_company = customer.company_name is not None
    return {
        "firstName": address.first_name or customer.first_name or "",
        "lastName": address.last_name or customer.last_name or "",
        "street": shaped["street"],
        "streetNumber": shaped["number"],
        "zipCode": shaped["zipcode"],
        "city": shaped["city"],
        "countryCode": shaped["country_code"],
        "company": customer.company_name if is_company else None,
        "taxNumber": customer.vat_number if is_company else None,
        "phone": address.phone or customer.phone,
    }


def to_order_body(
    order: Order,
    *,
    external_reference: str,
    articles: dict[str, tuple[int, list[int]]],
    customer_id: str | None,
) -> dict[str, Any]:
    """OrderPostable: known SKUs as article lines (`articles`: SKU → id and option ids) at the
    order's own price, the rest as custom lines; our reference in the internal comment."""
    customer = order.customer
    billing = order.billing_address or (customer.billing_address if customer else None)
    fallback = order.email or "Onbekend"
    invoice = order_address(billing, fallback) or {"name": fallback, "zipcode": ""}
    debtor: dict[str, Any] = {"email": order.email or (customer.email if customer else "") or ""}
    debtor["address"] = {"invoice": invoice}
    delivery = order_address(order.shipping_address, invoice["name"])
    if delivery is not None:
        debtor["address"]["delivery"] = delivery
    if customer_id:
        debtor["id"] = customer_id
    note = f"{REFERENCE_PREFIX}{external_reference}"
    body: dict[str, Any] = {
        "debtor": debtor,
        "orderlines": [_line_body(line, order, articles) for line in order.lines],
        "comments": {"internal": f"{note}\n{order.note}" if order.note else note},
    }
    if invoice.get("company"):
        body |= {"business_model": "B2B", "reference": external_reference[:255]}
    if order.total is None or order.total.amount != 0:
        method = (order.payment_method or "").strip().lower()
        paid = order.financial_status in ("paid", "captured")
        body["payment"] = {
            "gateway_name": "basic",
            "method_name": method if method in PAYMENT_METHODS else "external",
            "status": {"id": 1 if paid else 5},
        }
    return body


def _line_body(
    line: OrderLine, order: Order, articles: dict[str, tuple[int, list[int]]]
) -> dict[str, Any]:
    rate = line.tax_rate if line.tax_rate is not None else Decimal("0.21")
    unit = line.unit_price.to_decimal()
    including = unit if order.prices_include_tax else unit * (1 + rate)
    if line.sku and line.sku in articles:
        article_id, option_ids = articles[line.sku]
        entry: dict[str, Any] = {"id": article_id}
        if option_ids:
            entry["options"] = [{"list_option_id": option} for option in option_ids]
        return {
            "type": "article",
            "quantity": line.quantity,
            "articles": [entry],
            "price_override": f"{including.quantize(Decimal('0.01'))}",
        }
    return {
        "type": "custom",
        "quantity": line.quantity,
        "description": line.name or line.sku or "Artikel",
        "unit_price": {
            "amount_including_tax": f"{including.quantize(Decimal('0.01'))}",
            "rate": f"{(rate * 100).quantize(Decimal('0.01'))}",
        },
        "unit_weight": "0",
    }
