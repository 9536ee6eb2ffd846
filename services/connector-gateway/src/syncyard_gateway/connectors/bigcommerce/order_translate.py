"""Pure translation between canonical orders and BigCommerce v2 order JSON (string money)."""

from decimal import Decimal
from typing import Any

from syncyard_common.canonical import Address, ChargeKind, Customer, Order, OrderLine
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors.bigcommerce import order_money
from syncyard_gateway.connectors.bigcommerce.payloads import (
    BcOrder,
    BcOrderAddress,
    BcOrderProduct,
)

FOUR_PLACES = Decimal("0.0001")
# v2 status ids (GET /v2/order_statuses).
AWAITING_PAYMENT, AWAITING_FULFILLMENT = 7, 11


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def money_text(value: Decimal) -> str:
    """v2 money: a decimal string with four places (`"19.9500"`)."""
    return str(value.quantize(FOUR_PLACES))


def to_canonical_address(address: BcOrderAddress | None) -> Address | None:
    if address is None:
        return None
    return Address(
        first_name=_clean(address.first_name),
        last_name=_clean(address.last_name),
        company=_clean(address.company),
        line1=_clean(address.street_1),
        line2=_clean(address.street_2),
        postcode=_clean(address.zip),
        city=_clean(address.city),
        region=_clean(address.state),
        country_code=(_clean(address.country_iso2) or "").upper() or None,
        phone=_clean(address.phone),
    )


def _tax_rate(line: BcOrderProduct) -> Decimal | None:
    if line.price_ex_tax <= 0 or line.price_inc_tax == line.price_ex_tax:
        return None
    return ((line.price_inc_tax - line.price_ex_tax) / line.price_ex_tax).quantize(Decimal("0.01"))


def to_canonical_order(
    order: BcOrder, lines: list[BcOrderProduct], shipping: list[BcOrderAddress]
) -> Order:
    """An order with its lines (unit prices incl. tax) and first shipping address."""
    # The amounts are in the currency the shopper paid in; currency_code is the one prices were
    # shown in on the storefront, and differs from it in a multi-currency store.
    currency = (order.default_currency_code or order.currency_code).upper()
    billing = to_canonical_address(order.billing_address)
    email = _clean(order.billing_address.email)
    customer = Customer(
        id=str(order.customer_id) if order.customer_id else None,
        email=email,
        first_name=billing.first_name if billing else None,
        last_name=billing.last_name if billing else None,
        company_name=billing.company if billing else None,
        phone=billing.phone if billing else None,
        billing_address=billing,
        shipping_address=to_canonical_address(shipping[0]) if shipping else None,
    )
    return Order(
        source_id=str(order.id),
        number=str(order.id),
        channel=_clean(order.order_source),
        currency=currency,
        prices_include_tax=True,
        email=email,
        customer=customer,
        billing_address=billing,
        shipping_address=to_canonical_address(shipping[0]) if shipping else None,
        lines=[
            OrderLine(
                sku=_clean(line.sku),
                name=_clean(line.name),
                quantity=line.quantity,
                unit_price=order_money.exact(
                    line.price_inc_tax, currency, f"products[{number}].price_inc_tax"
                ),
                tax_rate=_tax_rate(line),
                source_line_id=str(line.id),
            )
            for number, line in enumerate(lines, start=1)
        ],
        charges=order_money.charges(order, currency),
        total=order_money.exact(order.total_inc_tax, currency, "total_inc_tax"),
        payment_method=_clean(order.payment_method),
        shipping_method=_clean(shipping[0].shipping_method) if shipping else None,
        financial_status=_clean(order.payment_status),
        created_at=order.date_created,
        updated_at=order.date_modified,
        note=_clean(order.customer_message),
        extra={
            "status_id": order.status_id,
            "status": order.status,
            "external_order_id": order.external_order_id or "",
        },
    )


def _address(address: Address | None, email: str | None) -> dict[str, str]:
    address = address or Address()
    return {
        "first_name": address.first_name or "",
        "last_name": address.last_name or "",
        "company": address.company or "",
        "street_1": address.line1
        or " ".join(
            p for p in (address.street, address.house_number, address.house_number_suffix) if p
        ),
        "street_2": address.line2 or "",
        "city": address.city or "",
        "state": address.region or "",
        "zip": address.postcode or "",
        "country_iso2": (address.country_code or "").upper(),
        "phone": address.phone or "",
        "email": email or "",
    }


def _prices(line: OrderLine, include_tax: bool) -> tuple[Decimal, Decimal]:
    """(incl. tax, excl. tax) per unit from the line's price and rate."""
    unit, rate = line.unit_price.to_decimal(), line.tax_rate or Decimal(0)
    if include_tax:
        return unit, unit / (1 + rate)
    return unit * (1 + rate), unit


def order_body(
    order: Order,
    *,
    external_reference: str,
    options: OrderCreateOptions,
    catalogue: dict[str, tuple[int, int]],
) -> dict[str, Any]:
    """`POST /v2/orders`: catalogue lines where the SKU is known (`catalogue` SKU → product and
    variant id), custom lines otherwise; our reference in `external_order_id`."""
    email = order.email or (order.customer.email if order.customer else None)
    billing = order.billing_address or (order.customer.billing_address if order.customer else None)
    products = []
    for line in order.lines:
        inc, ex = _prices(line, order.prices_include_tax)
        item: dict[str, Any] = {"quantity": line.quantity, "price_inc_tax": money_text(inc),
                                "price_ex_tax": money_text(ex)}  # fmt: skip
        if line.sku and line.sku in catalogue:
            product_id, variant_id = catalogue[line.sku]
            item |= {"product_id": product_id, "variant_id": variant_id}
        else:
            item |= {"name": line.name or line.sku or "Item", "sku": line.sku or ""}
        products.append(item)
    shipping = _address(order.shipping_address or billing, email)
    shipping["shipping_method"] = order.shipping_method or ""
    customer_id = (
        options.customer_id if options.customer_id and options.customer_id.isdigit() else 0
    )
    paid = (order.financial_status or "").lower() == "paid"
    return {
        "customer_id": int(customer_id),
        "status_id": AWAITING_FULFILLMENT if paid else AWAITING_PAYMENT,
        "billing_address": _address(billing, email),
        "shipping_addresses": [shipping],
        "products": products,
        "external_source": "Syncyard",
        "external_order_id": external_reference,
        "staff_notes": f"Synced by Syncyard from order {order.number or order.source_id} "
        f"({external_reference}).",
        "customer_message": order.note or "",
        "payment_method": order.payment_method or "",
        **charge_fields(order),
    }


def charge_fields(order: Order) -> dict[str, str]:
    """Shipping, handling (payment fees) and the discount, incl. and excl. tax (4 places)."""

    def total(kind: ChargeKind) -> tuple[Decimal, Decimal]:
        inc = ex = Decimal(0)
        for charge in order.charges:
            if charge.kind is kind:
                amount, rate = charge.amount.to_decimal(), charge.tax_rate or Decimal(0)
                inc, ex = inc + amount, ex + amount / (1 + rate)
        return inc, ex

    fields: dict[str, str] = {}
    for kind, name in ((ChargeKind.SHIPPING, "shipping_cost"),
                       (ChargeKind.PAYMENT_FEE, "handling_cost")):  # fmt: skip
        inc, ex = total(kind)
        if inc:
            fields |= {f"{name}_inc_tax": money_text(inc), f"{name}_ex_tax": money_text(ex)}
    discount, _ = total(ChargeKind.DISCOUNT)
    if discount:
        fields["discount_amount"] = money_text(discount)
    return fields
