"""Pure translation of Shopify REST payloads into the canonical model."""

from decimal import Decimal

from syncyard_common.canonical import Address, Customer, Money, Order, OrderLine
from syncyard_gateway.connectors.shopify.payloads import (
    ShopifyAddress,
    ShopifyLineItem,
    ShopifyOrder,
    ShopifyTaxLine,
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


def to_canonical_line(item: ShopifyLineItem, currency: str) -> OrderLine:
    return OrderLine(
        sku=_clean(item.sku),
        name=_clean(item.title) or _clean(item.name),
        quantity=item.quantity,
        unit_price=Money.from_decimal(item.price, currency),
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
        lines=[to_canonical_line(item, currency) for item in order.line_items],
        total=Money.from_decimal(order.total_price, currency) if order.total_price else None,
        payment_method=", ".join(gateways) or None,
        shipping_method=shipping_method,
        financial_status=order.financial_status,
        created_at=order.created_at,
        updated_at=order.updated_at,
        note=_clean(order.note),
        extra=extra,
    )
