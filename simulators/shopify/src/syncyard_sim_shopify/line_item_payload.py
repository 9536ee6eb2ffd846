"""Order line item JSON and its validation."""

from decimal import Decimal
from typing import Any

from syncyard_sim_shopify.money import fmt, money_set, parse_amount, tax_line
from syncyard_sim_shopify.store import Json, Store

# The simulated shop is Dutch: one VAT rate unless the caller sends its own tax_lines.
DEFAULT_TAX_TITLE = "NL BTW"
DEFAULT_TAX_RATE = Decimal("0.21")


def validate(store: Store, item: Any, errors: dict[str, list[str]]) -> None:
    """Add messages for one line item to `errors` (keys like `line_items.quantity`)."""
    if not isinstance(item, dict):
        errors["line_items"] = ["is invalid"]
        return
    variant_id = item.get("variant_id")
    if variant_id is not None and store.find_variant(variant_id) is None:
        errors["line_items.variant_id"] = ["is invalid"]
    has_variant = (
        variant_id is not None or store.find_variant_by_sku(str(item.get("sku"))) is not None
    )
    if not has_variant and not item.get("title"):
        errors["line_items.title"] = ["can't be blank"]
    quantity = item.get("quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        errors["line_items.quantity"] = ["must be greater than or equal to 1"]
    if not has_variant and "price" not in item:
        errors["line_items.price"] = ["can't be blank"]
    elif "price" in item and (price := parse_amount(item["price"])) is None:
        errors["line_items.price"] = ["is not a number"]
    elif "price" in item and price is not None and price < 0:
        errors["line_items.price"] = ["must be greater than or equal to 0"]


def _tax_lines(item: Json, price: Decimal, currency: str, *, taxes_included: bool) -> list[Json]:
    if "tax_lines" in item:
        return [
            tax_line(
                t["title"],
                Decimal(str(t["rate"])),
                parse_amount(t["price"]) or Decimal(0),
                currency,
            )
            for t in item["tax_lines"]
        ]
    if not item.get("taxable", True):
        return []
    line_total = price * item["quantity"]
    if taxes_included:
        tax = line_total - line_total / (1 + DEFAULT_TAX_RATE)
    else:
        tax = line_total * DEFAULT_TAX_RATE
    return [tax_line(DEFAULT_TAX_TITLE, DEFAULT_TAX_RATE, tax, currency)]


def build(store: Store, item: Json, currency: str, *, taxes_included: bool) -> Json:
    """Full line item; fills sku/title/price/product from the variant when one matches."""
    variant = (
        store.find_variant(item["variant_id"])
        if item.get("variant_id") is not None
        else store.find_variant_by_sku(str(item.get("sku")))
    )
    product = store.products.get(variant["product_id"]) if variant else None
    price = parse_amount(item.get("price", variant["price"] if variant else "0")) or Decimal(0)
    title = item.get("title") or (product["title"] if product else None)
    variant_title = variant["title"] if variant and variant["title"] != "Default Title" else None
    line_id = store.new_id()
    taxes = _tax_lines(item, price, currency, taxes_included=taxes_included)
    return {
        "id": line_id,
        "admin_graphql_api_id": store.gid("LineItem", line_id),
        "variant_id": variant["id"] if variant else None,
        "product_id": variant["product_id"] if variant else None,
        "sku": item.get("sku") or (variant["sku"] if variant else None),
        "title": title,
        "variant_title": item.get("variant_title", variant_title),
        "name": f"{title} - {variant_title}" if variant_title else title,
        "vendor": product["vendor"] if product else item.get("vendor"),
        "quantity": item["quantity"],
        "current_quantity": item["quantity"],
        "fulfillable_quantity": item["quantity"],
        "fulfillment_status": None,
        "fulfillment_service": "manual",
        "price": fmt(price),
        "price_set": money_set(price, currency),
        "total_discount": "0.00",
        "total_discount_set": money_set(Decimal(0), currency),
        "discount_allocations": [],
        "taxable": bool(item.get("taxable", True)),
        "tax_lines": taxes,
        "requires_shipping": bool(item.get("requires_shipping", True)),
        "gift_card": False,
        "grams": int(item.get("grams") or (variant["grams"] if variant else 0)),
        "properties": list(item.get("properties") or []),
        "product_exists": variant is not None,
        "variant_inventory_management": variant["inventory_management"] if variant else None,
    }
