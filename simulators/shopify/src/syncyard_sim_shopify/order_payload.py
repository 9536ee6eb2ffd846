"""Full REST order JSON built from a REST `POST /orders.json` body or the compact control form."""

from decimal import Decimal
from typing import Any

from syncyard_sim_shopify import customer_payload, line_item_payload
from syncyard_sim_shopify.address_payload import build_address
from syncyard_sim_shopify.errors import unprocessable
from syncyard_sim_shopify.money import fmt, money_set, parse_amount, tax_line
from syncyard_sim_shopify.store import Json, Store

FINANCIAL_STATUSES = {
    "pending", "authorized", "partially_paid", "paid", "partially_refunded", "refunded", "voided",
}  # fmt: skip


def validate_order(store: Store, given: Json) -> None:
    """422 with Shopify-style field messages when the order cannot be created."""
    errors: dict[str, list[str]] = {}
    items = given.get("line_items")
    if not isinstance(items, list) or not items:
        errors["line_items"] = ["must have at least one line item"]
    else:
        for item in items:
            line_item_payload.validate(store, item, errors)
    email = given.get("email")
    if email is not None and not customer_payload.EMAIL.match(str(email)):
        errors["email"] = ["is invalid"]
    status = given.get("financial_status")
    if status is not None and status not in FINANCIAL_STATUSES:
        errors["financial_status"] = ["is not included in the list"]
    name = given.get("name")
    if name is not None and any(o["name"] == name for o in store.orders.values()):
        # An imported order's name must be unique in the shop.
        errors["name"] = ["has already been taken"]
    location_id = given.get("location_id")
    if location_id is not None and location_id not in store.locations:
        errors["location_id"] = ["is invalid"]
    if errors:
        raise unprocessable(errors)


def _customer(store: Store, given: Json) -> Json | None:
    """Link to an existing customer (by id or e-mail) or create one, as an order import does."""
    wanted = dict(given.get("customer") or {})
    if "id" in wanted and wanted["id"] in store.customers:
        return store.customers[wanted["id"]]
    email = wanted.get("email") or given.get("email")
    if not email:
        return None
    for customer in store.customers.values():
        if (customer["email"] or "").lower() == str(email).lower():
            return customer
    billing = given.get("billing_address") or {}
    wanted.setdefault("first_name", billing.get("first_name"))
    wanted.setdefault("last_name", billing.get("last_name"))
    if billing and not wanted.get("addresses"):
        wanted["addresses"] = [billing]
    customer = customer_payload.build_customer(store, wanted | {"email": email})
    store.customers[customer["id"]] = customer
    return customer


def _shipping_lines(store: Store, given: list[Any], currency: str) -> list[Json]:
    lines = []
    for raw in given:
        price = parse_amount(raw.get("price", "0")) or Decimal(0)
        lines.append(
            {
                "id": store.new_id(),
                "code": raw.get("code") or raw.get("title"),
                "title": raw.get("title"),
                "source": raw.get("source", "shopify"),
                "price": fmt(price),
                "price_set": money_set(price, currency),
                "discounted_price": fmt(price),
                "discounted_price_set": money_set(price, currency),
                "carrier_identifier": None,
                "phone": None,
                "tax_lines": [],
                "discount_allocations": [],
            }
        )
    return lines


def _merged_tax_lines(lines: list[Json], currency: str) -> list[Json]:
    totals: dict[tuple[str, float], Decimal] = {}
    for line in lines:
        for tax in line["tax_lines"]:
            key = (tax["title"], tax["rate"])
            totals[key] = totals.get(key, Decimal(0)) + Decimal(tax["price"])
    return [tax_line(t, Decimal(str(r)), p, currency) for (t, r), p in totals.items()]


def build_order(store: Store, given: Json) -> Json:
    """A complete order as `GET /orders/{id}.json` returns it; assigns id, number, customer."""
    currency = str(given.get("currency") or store.settings.currency)
    taxes_included = bool(given.get("taxes_included", True))
    lines = [
        line_item_payload.build(store, item, currency, taxes_included=taxes_included)
        for item in given["line_items"]
    ]
    shipping = _shipping_lines(store, list(given.get("shipping_lines") or []), currency)
    tax_lines = _merged_tax_lines(lines, currency)
    items_total = sum((Decimal(li["price"]) * li["quantity"] for li in lines), Decimal(0))
    tax_total = sum((Decimal(t["price"]) for t in tax_lines), Decimal(0))
    shipping_total = sum((Decimal(s["price"]) for s in shipping), Decimal(0))
    total = items_total + shipping_total + (Decimal(0) if taxes_included else tax_total)
    customer = _customer(store, given)
    source = str(given.get("source_name") or "web")
    location_id = given.get("location_id")
    if source == "pos" and location_id is None:
        location_id = store.primary_location_id()
    order_id, number, now = store.new_id(), store.next_order_number, store.timestamp()
    store.next_order_number += 1
    email = given.get("email") or (customer or {}).get("email")
    financial_status = given.get("financial_status") or "paid"
    settled = financial_status in {"paid", "partially_refunded", "refunded", "voided"}
    money: Json = {}
    for key, amount in (
        ("total_price", total),
        ("subtotal_price", items_total),
        ("total_line_items_price", items_total),
        ("total_tax", tax_total),
        ("total_discounts", Decimal(0)),
        ("current_total_price", total),
        ("current_subtotal_price", items_total),
        ("current_total_tax", tax_total),
        ("current_total_discounts", Decimal(0)),
        ("total_outstanding", Decimal(0) if settled else total),
    ):
        money[key] = fmt(amount)
        money[f"{key}_set"] = money_set(amount, currency)
    money["total_shipping_price_set"] = money_set(shipping_total, currency)
    billing = given.get("billing_address")
    shipping_address = given.get("shipping_address")
    return {
        "id": order_id,
        "admin_graphql_api_id": store.gid("Order", order_id),
        "name": given.get("name") or f"#{number}",
        "order_number": number,
        "number": number - 1000,
        "email": email,
        "contact_email": email,
        "phone": given.get("phone"),
        "created_at": now,
        "updated_at": now,
        "processed_at": given.get("processed_at") or now,
        "closed_at": None,
        "cancelled_at": None,
        "cancel_reason": None,
        "confirmed": True,
        "test": False,
        "currency": currency,
        "presentment_currency": currency,
        **money,
        "total_weight": sum(li["grams"] * li["quantity"] for li in lines),
        "taxes_included": taxes_included,
        "tax_exempt": False,
        "tax_lines": tax_lines,
        "financial_status": financial_status,
        "fulfillment_status": None,
        "source_name": source,
        "location_id": location_id,
        "user_id": given.get("user_id"),
        "customer": customer_payload.order_customer(customer) if customer else None,
        "billing_address": build_address(billing) if billing else None,
        "shipping_address": build_address(shipping_address) if shipping_address else None,
        "line_items": lines,
        "shipping_lines": shipping,
        "discount_codes": [],
        "discount_applications": [],
        "payment_gateway_names": list(given.get("payment_gateway_names") or ["manual"]),
        "note": given.get("note"),
        "note_attributes": list(given.get("note_attributes") or []),
        "tags": given.get("tags") or "",
        "refunds": [],
        "fulfillments": [],
    }
