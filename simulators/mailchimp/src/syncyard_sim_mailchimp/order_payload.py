"""Order (and cart) records: validation against the catalogue, the answered shape."""

from typing import Any

from syncyard_sim_mailchimp import addresses, bodies, customers, product_payload
from syncyard_sim_mailchimp.bodies import Json, text
from syncyard_sim_mailchimp.deps import Simulator
from syncyard_sim_mailchimp.problems import MailchimpError, invalid
from syncyard_sim_mailchimp.store import EcommerceStore

ORDER_TEXT = (
    "campaign_id", "landing_site", "financial_status", "fulfillment_status", "order_url",
    "tracking_number", "tracking_carrier", "tracking_url", "processed_at_foreign",
    "cancelled_at_foreign", "updated_at_foreign",
)  # fmt: skip
ORDER_NUMBERS = ("discount_total", "tax_total", "shipping_total")
ORDER_TYPES: dict[str, type] = {
    "id": str, "currency_code": str, "order_total": float, "lines": list, "customer": dict,
    "discount_total": float, "tax_total": float, "shipping_total": float,
    "financial_status": str, "fulfillment_status": str,
}  # fmt: skip
LINE_TYPES: dict[str, type] = {
    "id": str, "product_id": str, "product_variant_id": str, "quantity": int, "price": float,
    "discount": float,
}  # fmt: skip
MISSING_PRODUCT = "A product with the provided ID does not exist in the account."
MISSING_VARIANT = "A product variant with the provided ID does not exist in the account."


def line(owner: EcommerceStore, given: Any, index: int) -> Json:
    """One line; its product and variant must already exist in the store."""
    field = f"lines.item:{index}"
    if not isinstance(given, dict):
        raise invalid(field, "Schema describes object, other type found instead")
    bodies.require(given, "id", "product_id", "product_variant_id", "quantity", "price")
    bodies.check_types(given, LINE_TYPES)
    product = owner.products.get(given["product_id"])
    if product is None:
        raise invalid(f"{field}.product_id", MISSING_PRODUCT)
    variant = product_payload.find_variant(product, given["product_variant_id"])
    if variant is None:
        raise invalid(f"{field}.product_variant_id", MISSING_VARIANT)
    return {
        "id": given["id"],
        "product_id": product["id"],
        "product_title": product["title"],
        "product_variant_id": variant["id"],
        "product_variant_title": variant["title"],
        "image_url": variant["image_url"] or product["image_url"],
        "quantity": given["quantity"],
        "price": given["price"],
        "discount": given.get("discount") or 0,
    }


def check_order(given: Json, *, creating: bool) -> None:
    if creating:
        bodies.require(given, "id", "customer", "currency_code", "order_total", "lines")
    bodies.check_types(given, ORDER_TYPES)
    if creating and not given["lines"]:
        raise MailchimpError(
            400, errors=[{"field": "lines", "message": "This value should not be blank."}]
        )


def new_order(simulator: Simulator, owner: EcommerceStore, given: Json) -> Json:
    """Validate everything first, then upsert the customer and build the order."""
    check_order(given, creating=True)
    lines = [line(owner, item, index) for index, item in enumerate(given["lines"])]
    customer = customers.upsert(simulator, owner, given["customer"])
    order: Json = {
        "id": given["id"],
        "store_id": owner.record["id"],
        "customer_id": customer["id"],
        "currency_code": str(given["currency_code"]).upper(),
        "order_total": given["order_total"],
        **{name: text(given.get(name)) for name in ORDER_TEXT},
        **{name: given.get(name) or 0 for name in ORDER_NUMBERS},
        "shipping_address": _address(given.get("shipping_address")),
        "billing_address": _address(given.get("billing_address")),
        "promos": list(given.get("promos") or []),
        "lines": lines,
    }
    if given.get("tracking_code"):
        order["tracking_code"] = given["tracking_code"]
    return order


def merge_order(simulator: Simulator, owner: EcommerceStore, order: Json, given: Json) -> Json:
    """PATCH semantics: given fields change; lines matched by id, new ones added."""
    check_order(given, creating=False)
    lines = [line(owner, item, index) for index, item in enumerate(given.get("lines") or [])]
    if isinstance(given.get("customer"), dict):
        order["customer_id"] = customers.upsert(simulator, owner, given["customer"])["id"]
    for name in (*ORDER_TEXT, *ORDER_NUMBERS, "order_total", "currency_code", "tracking_code"):
        if given.get(name) is not None:
            order[name] = given[name]
    for name in ("shipping_address", "billing_address"):
        if isinstance(given.get(name), dict):
            order[name] = _address({**order[name], **given[name]})
    for new in lines:
        order["lines"] = [old for old in order["lines"] if old["id"] != new["id"]] + [new]
    return order


def _address(given: object) -> Json:
    return addresses.address(given, addresses.ORDER_FIELDS, with_position=True)
