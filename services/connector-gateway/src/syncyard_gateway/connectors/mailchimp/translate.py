"""Pure translation between Mailchimp payloads and the canonical model; money at the edge."""

import hashlib
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from syncyard_common.canonical import (
    Address,
    Customer,
    Money,
    Order,
    OrderLine,
    OrderStatus,
    Product,
    StockLevel,
    Variant,
)
from syncyard_gateway.connectors import extras
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.mailchimp import order_money
from syncyard_gateway.connectors.mailchimp.order_money import exact_money
from syncyard_gateway.connectors.mailchimp.payloads import (
    MailchimpAddress,
    MailchimpCustomer,
    MailchimpMember,
    MailchimpOrder,
    MailchimpProduct,
    MailchimpVariant,
)

Json = dict[str, Any]
# Mailchimp's own product fields a mapping may set as extras.<name> (E-commerce Product).
PRODUCT_EXTRAS = frozenset({"vendor", "type", "handle", "url", "image_url"})
# financial_status values Mailchimp documents; others are left out rather than sent.
FINANCIAL_STATUSES = frozenset({"paid", "pending", "refunded", "cancelled"})
STATUS_PATCH: dict[OrderStatus, Json] = {
    OrderStatus.PAID: {"financial_status": "paid"},
    OrderStatus.SHIPPED: {"fulfillment_status": "shipped"},
    OrderStatus.CANCELLED: {"financial_status": "cancelled"},
}


def email_id(email: str) -> str:
    """Mailchimp's subscriber hash, which we also use as the e-commerce customer id."""
    return hashlib.md5(email.strip().lower().encode()).hexdigest()  # noqa: S324 - vendor's id


def to_money(amount: float | int | None, currency: str) -> Money | None:
    """A JSON number as integer minor units, half-up (19.995 -> 2000)."""
    if amount is None:
        return None
    scale = Decimal(10) ** Money.exponent(currency)
    minor = (Decimal(str(amount)) * scale).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Money(amount=int(minor), currency=currency)


def to_number(money: Money, currency: str) -> float:
    """Minor units as the JSON number Mailchimp takes; refuses another currency than the store's."""
    if money.currency != currency:
        raise ConnectorDataError(
            f"A price in {money.currency} cannot go into a Mailchimp store kept in {currency}.",
            code="currency_mismatch",
        )
    return float(money.to_decimal())


def _clean(value: str | None) -> str | None:
    return (value or "").strip() or None


# --- products ----------------------------------------------------------------------------


def variant_body(variant: Variant, fallback: Product, currency: str) -> Json:
    """A variant whose id is its SKU, so a repeated write lands on the same variant."""
    body: Json = {"id": variant.sku, "title": variant.name or fallback.name, "sku": variant.sku}
    price = variant.price or fallback.price
    if price is not None:
        body["price"] = to_number(price, currency)
    if variant.quantity is not None:
        body["inventory_quantity"] = variant.quantity
    return body


def variant_bodies(product: Product, currency: str) -> list[Json]:
    """Its variants, or one variant named after the product (Mailchimp needs at least one)."""
    if product.variants:
        return [variant_body(v, product, currency) for v in product.variants]
    simple = Variant(sku=product.sku, name=product.name, price=product.price,
                     quantity=product.quantity)  # fmt: skip
    return [variant_body(simple, product, currency)]


def product_body(product: Product, currency: str) -> Json:
    body: Json = {"id": product.sku, "title": product.name,
                  "variants": variant_bodies(product, currency)}  # fmt: skip
    description = product.description or product.short_description
    if description:
        body["description"] = description
    return body | extras.written(product, PRODUCT_EXTRAS, None)


def product_fields_patch(product: Product, fields: frozenset[str] | None) -> Json:
    """Product-level changes for the named canonical fields (variants are written apart)."""
    patch: Json = {}
    if fields is None or "name" in fields:
        patch["title"] = product.name
    if fields is None or fields & {"description", "short_description"}:
        patch["description"] = product.description or product.short_description or ""
    return patch | extras.written(product, PRODUCT_EXTRAS, fields)


def simple_variant_patch(product: Product, fields: frozenset[str] | None, currency: str) -> Json:
    """Price/stock changes of a product without variants (its one variant carries them)."""
    patch: Json = {}
    if (fields is None or "name" in fields) and not product.variants:
        patch["title"] = product.name
    if (fields is None or "price" in fields) and product.price is not None:
        patch["price"] = to_number(product.price, currency)
    if (fields is None or "quantity" in fields) and product.quantity is not None:
        patch["inventory_quantity"] = product.quantity
    return patch


def to_canonical_variant(variant: MailchimpVariant, currency: str) -> Variant:
    return Variant(
        sku=variant.sku_or_id,
        source_id=variant.id,
        name=_clean(variant.title),
        price=to_money(variant.price, currency),
        quantity=variant.inventory_quantity,
    )


def to_canonical_product(product: MailchimpProduct, currency: str) -> Product:
    """A single variant with the product's own id is a product without variants."""
    currency = product.currency_code or currency
    variants = [to_canonical_variant(v, currency) for v in product.variants]
    simple = len(product.variants) == 1 and product.variants[0].id == product.id
    own = variants[0] if simple else None
    return Product(
        sku=product.id,
        source_id=product.id,
        name=product.title or product.id,
        description=_clean(product.description),
        price=own.price if own else None,
        quantity=own.quantity if own else None,
        variants=[] if simple else variants,
        extras=extras.read(product.model_extra or {}, PRODUCT_EXTRAS),
    )


def stock_levels(product: Product) -> list[StockLevel]:
    """One level per variant (or the product itself when it has none)."""
    if not product.variants:
        return [StockLevel(sku=product.sku, available=product.quantity or 0)]
    return [StockLevel(sku=v.sku, available=v.quantity or 0) for v in product.variants]


# --- customers ---------------------------------------------------------------------------


def address_body(address: Address | None, *, for_order: bool = False) -> Json:
    if address is None:
        return {}
    body: Json = {
        "address1": address.line1
        or " ".join(
            p for p in (address.street, address.house_number, address.house_number_suffix) if p
        ),
        "address2": address.line2 or "",
        "city": address.city or "",
        "province": address.region or "",
        "postal_code": address.postcode or "",
        "country_code": address.country_code or "",
    }
    if for_order:
        body |= {"name": address.full_name, "company": address.company or "",
                 "phone": address.phone or ""}  # fmt: skip
    return body


def customer_body(customer: Customer, customer_id: str, email: str) -> Json:
    """Company debtors keep their company name; a person gets company "" (cleared)."""
    body: Json = {
        "id": customer_id,
        "email_address": email,
        # Consent is never invented: marketing opt-in only comes through the audience.
        "opt_in_status": False,
        "first_name": customer.first_name or "",
        "last_name": customer.last_name or "",
        "company": customer.company_name or "",
    }
    address = address_body(customer.billing_address or customer.shipping_address)
    if address:
        body["address"] = address
    return body


def to_canonical_address(address: MailchimpAddress | None) -> Address | None:
    if address is None or not (address.address1 or address.city or address.postal_code):
        return None
    first, _, last = address.name.partition(" ")
    return Address(
        first_name=_clean(first),
        last_name=_clean(last),
        company=_clean(address.company),
        line1=_clean(address.address1),
        line2=_clean(address.address2),
        postcode=_clean(address.postal_code),
        city=_clean(address.city),
        region=_clean(address.province_code) or _clean(address.province),
        country_code=(_clean(address.country_code) or "").upper() or None,
        phone=_clean(address.phone),
    )


def to_canonical_customer(customer: MailchimpCustomer) -> Customer:
    return Customer(
        id=customer.id,
        email=_clean(customer.email_address),
        first_name=_clean(customer.first_name),
        last_name=_clean(customer.last_name),
        company_name=_clean(customer.company),
        billing_address=to_canonical_address(customer.address),
    )


def member_to_customer(member: MailchimpMember) -> Customer:
    """An audience member as a customer (id = subscriber hash); merge tags by their defaults."""
    merges = member.merge_fields

    def merge(tag: str) -> str | None:
        value = merges.get(tag)
        return _clean(value) if isinstance(value, str) else None

    address = merges.get("ADDRESS")
    billing = None
    if isinstance(address, dict) and address.get("addr1"):
        billing = Address(
            line1=_clean(address.get("addr1")),
            line2=_clean(address.get("addr2")),
            city=_clean(address.get("city")),
            region=_clean(address.get("state")),
            postcode=_clean(address.get("zip")),
            country_code=_clean(address.get("country")),
        )
    return Customer(
        id=member.id,
        email=member.email_address,
        first_name=merge("FNAME"),
        last_name=merge("LNAME"),
        company_name=merge("COMPANY"),
        phone=merge("PHONE"),
        billing_address=billing,
    )


# --- orders ------------------------------------------------------------------------------


def order_body(
    order: Order,
    *,
    external_reference: str,
    customer_id: str,
    email: str,
    variants: dict[str, tuple[str, str]],
) -> Json:
    """The order under our external reference; `variants` maps SKU -> (product, variant id).

    Lines without a SKU (fees, shipping) are left out: Mailchimp lines must name a product;
    `order_total` keeps the whole amount."""
    currency = order.currency.upper()
    lines = []
    for index, line in enumerate(order.lines, start=1):
        if not line.sku:
            continue
        product_id, variant_id = variants[line.sku]
        lines.append(
            {
                "id": line.source_line_id or str(index),
                "product_id": product_id,
                "product_variant_id": variant_id,
                "quantity": line.quantity,
                # Unit price: Mailchimp multiplies by quantity for revenue itself.
                "price": float(line.unit_price.to_decimal()),
                "discount": float(line.discount.to_decimal()) if line.discount else 0.0,
            }
        )
    total = order.total or Money(
        amount=sum(li.unit_price.amount * li.quantity for li in order.lines), currency=currency
    )
    customer = order.customer or Customer(email=email)
    body: Json = {
        "id": external_reference,
        "customer": {
            "id": customer_id,
            "email_address": email,
            "opt_in_status": False,
            "first_name": customer.first_name or "",
            "last_name": customer.last_name or "",
            "company": customer.company_name or "",
        },
        "currency_code": currency,
        "order_total": float(total.to_decimal()),
        **order_money.totals(order),
        "lines": lines,
    }
    status = (order.financial_status or "").lower()
    if status in FINANCIAL_STATUSES:
        body["financial_status"] = status
    for name, moment in (("processed_at_foreign", order.created_at),
                         ("updated_at_foreign", order.updated_at)):  # fmt: skip
        if moment is not None:
            body[name] = moment.isoformat()
    for name, address in (("billing_address", order.billing_address),
                          ("shipping_address", order.shipping_address)):  # fmt: skip
        if address is not None:
            body[name] = address_body(address, for_order=True)
    return body


def _moment(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def to_canonical_order(order: MailchimpOrder) -> Order:
    currency = order.currency_code.upper()
    customer = to_canonical_customer(order.customer) if order.customer else None
    lines = [
        OrderLine(
            sku=line.product_variant_id or line.product_id,
            name=_clean(line.product_variant_title) or _clean(line.product_title),
            quantity=line.quantity,
            unit_price=exact_money(line.price, currency, f"lines[{line.id}].price"),
            discount=exact_money(line.discount, currency, f"lines[{line.id}].discount")
            if line.discount
            else None,
            source_line_id=line.id,
        )
        for line in order.lines
    ]
    read = Order(
        source_id=order.id,
        number=order.id,
        channel=_clean(order.landing_site),
        currency=currency,
        email=customer.email if customer else None,
        customer=customer,
        billing_address=to_canonical_address(order.billing_address),
        shipping_address=to_canonical_address(order.shipping_address),
        lines=lines,
        charges=order_money.charges(
            order, sum(line.discount.amount for line in lines if line.discount), currency
        ),
        total=exact_money(order.order_total, currency, "order_total"),
        financial_status=_clean(order.financial_status),
        created_at=_moment(order.processed_at_foreign),
        updated_at=_moment(order.updated_at_foreign),
        extra={"fulfillment_status": order.fulfillment_status},
    )
    return order_money.with_tax(read, order.tax_total, currency)


def status_patch(order: MailchimpOrder, status: OrderStatus) -> Json:
    """The PATCH that sets `status`; {} when the order already has it."""
    patch = STATUS_PATCH[status]
    current = {"financial_status": order.financial_status,
               "fulfillment_status": order.fulfillment_status}  # fmt: skip
    return {} if all(current[k] == v for k, v in patch.items()) else dict(patch)
