"""Pure translation between Shopify REST payloads and canonical orders and customers."""

from decimal import Decimal
from typing import Any

from syncyard_common.canonical import Address, Customer, Money, Order, OrderLine, OrderStatus
from syncyard_gateway.connectors.shopify import order_money
from syncyard_gateway.connectors.shopify.payloads import (
    ShopifyAddress,
    ShopifyCustomer,
    ShopifyLineItem,
    ShopifyOrder,
    ShopifyTaxLine,
)

FINANCIAL_STATUSES = frozenset(
    {"pending", "authorized", "partially_paid", "paid", "partially_refunded", "refunded", "voided"}
)


def _clean(value: str | None) -> str | None:
    """Shopify sends "" as often as null for an empty field."""
    if value is None:
        return None
    return value.strip() or None


def to_canonical_address(address: ShopifyAddress | None) -> Address | None:
    if address is None:
        return None
    country = _clean(address.country_code)
    return Address(
        first_name=_clean(address.first_name),
        last_name=_clean(address.last_name),
        company=_clean(address.company),
        line1=_clean(address.address1),
        line2=_clean(address.address2),
        postcode=_clean(address.zip),
        city=_clean(address.city),
        region=_clean(address.province_code) or _clean(address.province),
        country_code=country.upper() if country else None,
        phone=_clean(address.phone),
    )


def tax_rate(tax_lines: list[ShopifyTaxLine]) -> Decimal | None:
    """The line's total tax rate (several taxes, e.g. state + county, add up)."""
    rates = [Decimal(line.rate) for line in tax_lines if line.rate is not None]
    return sum(rates, Decimal(0)) if rates else None


def to_canonical_line(item: ShopifyLineItem, currency: str, number: int = 1) -> OrderLine:
    where = f"line_items[{number}]"
    return OrderLine(
        sku=_clean(item.sku),
        name=_clean(item.title) or _clean(item.name),
        quantity=item.quantity,
        unit_price=order_money.exact(item.price, currency, f"{where}.price"),
        discount=order_money.line_discount(item, currency, where),
        tax_rate=tax_rate(item.tax_lines),
        source_line_id=str(item.id) if item.id is not None else None,
    )


def to_canonical_customer(order: ShopifyOrder, billing: Address | None) -> Customer | None:
    customer = order.customer
    email = (
        _clean(customer.email if customer else None)
        or _clean(order.email)
        or _clean(order.contact_email)
    )
    if customer is None and email is None:
        return None
    shipping = to_canonical_address(order.shipping_address)
    return Customer(
        id=str(customer.id) if customer and customer.id is not None else None,
        email=email,
        first_name=_clean(customer.first_name if customer else None)
        or (billing.first_name if billing else None),
        last_name=_clean(customer.last_name if customer else None)
        or (billing.last_name if billing else None),
        company_name=billing.company if billing else None,
        phone=_clean(customer.phone if customer else None)
        or _clean(order.phone)
        or (billing.phone if billing else None),
        billing_address=billing,
        shipping_address=shipping,
    )


def to_canonical_order(order: ShopifyOrder) -> Order:
    """A Shopify order as the canonical Order; money strings become integer minor units."""
    currency = order.currency.upper()
    billing = to_canonical_address(order.billing_address)
    shipping_method = _clean(order.shipping_lines[0].title) if order.shipping_lines else None
    gateways = [name for name in order.payment_gateway_names if name]
    extra: dict[str, object] = {"tags": order.tags or ""}
    if order.location_id is not None:
        extra["location_id"] = str(order.location_id)
    return Order(
        source_id=str(order.id),
        number=_clean(order.name),
        channel=_clean(order.source_name),
        currency=currency,
        prices_include_tax=order.taxes_included,
        email=_clean(order.email) or _clean(order.contact_email),
        customer=to_canonical_customer(order, billing),
        billing_address=billing,
        shipping_address=to_canonical_address(order.shipping_address),
        lines=[
            to_canonical_line(item, currency, number)
            for number, item in enumerate(order.line_items, start=1)
        ],
        charges=order_money.charges(order, currency),
        tax_total=order_money.tax_total(order, currency),
        total=order_money.exact(order.total_price, currency, "total_price")
        if order.total_price
        else None,
        exchange_rate=order_money.exchange_rate(order),
        payment_method=", ".join(gateways) or None,
        shipping_method=shipping_method,
        financial_status=order.financial_status,
        status=OrderStatus.furthest(
            paid=order.financial_status in ("paid", "partially_refunded"),
            shipped=order.fulfillment_status == "fulfilled",
            cancelled=order.cancelled_at is not None,
        ),
        created_at=order.created_at,
        updated_at=order.updated_at,
        note=_clean(order.note),
        extra=extra,
    )


def to_canonical_customer_record(customer: ShopifyCustomer) -> Customer:
    """A customer read on its own: the default address says whether it is a company."""
    address = to_canonical_address(customer.default_address)
    return Customer(
        id=str(customer.id) if customer.id is not None else None,
        email=_clean(customer.email),
        first_name=_clean(customer.first_name),
        last_name=_clean(customer.last_name),
        company_name=address.company if address else None,
        phone=_clean(customer.phone) or (address.phone if address else None),
        billing_address=address,
    )


def from_canonical_address(address: Address, *, company: str | None = None) -> dict[str, Any]:
    """A Shopify address body; a split street and house number become one address1 line."""
    street = " ".join(
        part for part in (address.street, address.house_number, address.house_number_suffix) if part
    )
    return {
        "first_name": address.first_name,
        "last_name": address.last_name,
        "company": company or address.company,
        "address1": address.line1 or street or None,
        "address2": address.line2,
        "zip": address.postcode,
        "city": address.city,
        "province_code": address.region,
        "country_code": address.country_code,
        "phone": address.phone,
    }


def from_canonical_customer(customer: Customer, *, address_id: int | None) -> dict[str, Any]:
    """Customer body; a company name lives on the default address (Shopify has no company
    field on a customer outside B2B on Plus). ``address_id`` updates that address in place."""
    body: dict[str, Any] = {
        "email": customer.email,
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "phone": customer.phone,
    }
    address = customer.billing_address or customer.shipping_address
    if address is not None or customer.company_name:
        shown = from_canonical_address(address or Address(), company=customer.company_name)
        shown["first_name"] = shown["first_name"] or customer.first_name
        shown["last_name"] = shown["last_name"] or customer.last_name
        if address_id is not None:
            shown["id"] = address_id
        body["addresses"] = [shown | {"default": True}]
    return {key: value for key, value in body.items() if value is not None}


def _line_tax(line: OrderLine, *, taxes_included: bool) -> list[dict[str, Any]]:
    if line.tax_rate is None:
        return []
    total = line.unit_price.to_decimal() * line.quantity
    rate = line.tax_rate
    tax = total - total / (1 + rate) if taxes_included else total * rate
    amount = Money.from_decimal(tax, line.unit_price.currency).to_decimal_string()
    return [{"title": "VAT", "rate": float(rate), "price": amount}]


def from_canonical_order(
    order: Order, *, name: str, variant_ids: dict[str, int], customer_id: str | None
) -> dict[str, Any]:
    """An import body for `POST /orders.json`; ``name`` (our reference) makes it findable."""
    lines = []
    for line in order.lines:
        item: dict[str, Any] = {
            "title": line.name or line.sku or "Item",
            "sku": line.sku,
            "quantity": line.quantity,
            "price": line.unit_price.to_decimal_string(),
            "taxable": line.tax_rate is None or line.tax_rate > 0,
            "tax_lines": _line_tax(line, taxes_included=order.prices_include_tax),
        }
        if line.sku and line.sku in variant_ids:
            item["variant_id"] = variant_ids[line.sku]
        lines.append({key: value for key, value in item.items() if value is not None})
    body: dict[str, Any] = {
        "name": name,
        "email": order.email or (order.customer.email if order.customer else None),
        "currency": order.currency,
        "taxes_included": order.prices_include_tax,
        "line_items": lines,
        **order_money.charge_fields(order),
        "note": order.note,
        "tags": "syncyard",
        # Stock is synced on its own; an imported order must not move it a second time.
        "inventory_behaviour": "bypass",
        "send_receipt": False,
        "send_fulfillment_receipt": False,
    }
    if order.financial_status in FINANCIAL_STATUSES:
        body["financial_status"] = order.financial_status
    if order.billing_address:
        body["billing_address"] = from_canonical_address(order.billing_address)
    if order.shipping_address:
        body["shipping_address"] = from_canonical_address(order.shipping_address)
    if customer_id and customer_id.isdigit():
        body["customer"] = {"id": int(customer_id)}
    if order.created_at:
        body["processed_at"] = order.created_at.isoformat()
    return {key: value for key, value in body.items() if value is not None}
