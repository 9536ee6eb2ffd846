"""Product and variant JSON, validation, and PUT semantics."""

import re
from decimal import Decimal

from syncyard_sim_shopify.errors import unprocessable
from syncyard_sim_shopify.money import fmt, parse_amount
from syncyard_sim_shopify.store import Json, Store

PRODUCT_FIELDS = ("title", "body_html", "vendor", "product_type", "tags", "status")
VARIANT_FIELDS = (
    "sku", "barcode", "option1", "option2", "option3", "taxable", "inventory_management",
    "inventory_policy", "requires_shipping", "weight", "weight_unit", "grams",
)  # fmt: skip


def validate_product(given: Json, *, creating: bool) -> None:
    """422 for a missing title, bad status, bad variant prices, or too many variants."""
    errors: dict[str, list[str]] = {}
    if creating and not given.get("title"):
        errors["title"] = ["can't be blank"]
    if given.get("status", "active") not in {"active", "archived", "draft"}:
        errors["status"] = ["is not included in the list"]
    variants = given.get("variants") or []
    if len(variants) > 100:
        errors["variants"] = ["Exceeded maximum number of variants allowed"]
    for variant in variants:
        if "price" in variant and parse_amount(variant["price"]) is None:
            errors["variants.price"] = ["is not a number"]
    if errors:
        raise unprocessable(errors)


def _handle(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def build_variant(store: Store, product_id: int, given: Json, position: int) -> Json:
    """New variant with its own inventory item id."""
    now = store.timestamp()
    variant_id = store.new_id()
    price = parse_amount(given.get("price", "0")) or Decimal(0)
    compare = parse_amount(given["compare_at_price"]) if given.get("compare_at_price") else None
    option1 = given.get("option1") or "Default Title"
    title = (
        " / ".join(str(given[k]) for k in ("option1", "option2", "option3") if given.get(k))
        or "Default Title"
    )
    variant: Json = {
        "id": variant_id,
        "product_id": product_id,
        "title": title,
        "price": fmt(price),
        "compare_at_price": fmt(compare) if compare is not None else None,
        "sku": given.get("sku") or "",
        "barcode": given.get("barcode"),
        "position": position,
        "inventory_policy": given.get("inventory_policy", "deny"),
        "fulfillment_service": "manual",
        "inventory_management": given.get("inventory_management", "shopify"),
        "option1": option1,
        "option2": given.get("option2"),
        "option3": given.get("option3"),
        "created_at": now,
        "updated_at": now,
        "taxable": bool(given.get("taxable", True)),
        "grams": int(given.get("grams", 0)),
        "weight": float(given.get("weight", given.get("grams", 0) / 1000)),
        "weight_unit": given.get("weight_unit", "kg"),
        "inventory_item_id": store.new_id(),
        "inventory_quantity": 0,
        "old_inventory_quantity": 0,
        "requires_shipping": bool(given.get("requires_shipping", True)),
        "image_id": None,
        "admin_graphql_api_id": store.gid("ProductVariant", variant_id),
    }
    return variant


def build_product(store: Store, given: Json) -> Json:
    """New product with variants (a single "Default Title" variant when none are given)."""
    now = store.timestamp()
    product_id = store.new_id()
    raw_variants = list(given.get("variants") or [{}])
    variants = [build_variant(store, product_id, v, i + 1) for i, v in enumerate(raw_variants)]
    status = given.get("status", "active")
    return {
        "id": product_id,
        "title": given["title"],
        "body_html": given.get("body_html"),
        "vendor": given.get("vendor") or "Demo Shop",
        "product_type": given.get("product_type") or "",
        "created_at": now,
        "handle": given.get("handle") or _handle(given["title"]),
        "updated_at": now,
        "published_at": now if status == "active" else None,
        "template_suffix": None,
        "published_scope": "global",
        "tags": given.get("tags") or "",
        "status": status,
        "admin_graphql_api_id": store.gid("Product", product_id),
        "variants": variants,
        "options": build_options(product_id, variants, _option_names(given)),
        "images": [],
        "image": None,
    }


def _option_names(given: Json) -> list[str]:
    """Names from the body's `options: [{"name": "Size"}, …]` (may be absent)."""
    return [str(o.get("name")) for o in given.get("options") or [] if isinstance(o, dict)]


def build_options(
    product_id: int, variants: list[Json], names: list[str] | None = None
) -> list[Json]:
    """Options from the variants' option1..3 values, named as given (else "Title"/"OptionN")."""
    options = []
    for position, key in enumerate(("option1", "option2", "option3"), start=1):
        values = list(dict.fromkeys(v[key] for v in variants if v[key]))
        if values:
            name = "Title" if values == ["Default Title"] else f"Option{position}"
            if names and len(names) >= position and values != ["Default Title"]:
                name = names[position - 1]
            options.append(
                {
                    "id": product_id * 10 + position,
                    "product_id": product_id,
                    "name": name,
                    "position": position,
                    "values": values,
                }
            )
    return options


def update_product(store: Store, product: Json, given: Json) -> None:
    """PUT: overwrite given fields; a `variants` list updates by id, adds new, drops absent."""
    for key in PRODUCT_FIELDS:
        if key in given:
            product[key] = given[key]
    if "variants" in given:
        by_id = {v["id"]: v for v in product["variants"]}
        kept = []
        for position, raw in enumerate(given["variants"], start=1):
            existing = by_id.get(raw.get("id"))
            if existing is None:
                kept.append(build_variant(store, product["id"], raw, position))
                continue
            update_variant(store, existing, raw)
            existing["position"] = position
            kept.append(existing)
        product["variants"] = kept
        kept_names = [o["name"] for o in product["options"] if o["name"] != "Title"]
        names = _option_names(given) or kept_names
        product["options"] = build_options(product["id"], kept, names)
    product["updated_at"] = store.timestamp()


def update_variant(store: Store, variant: Json, given: Json) -> None:
    """Overwrite writable variant fields; price strings normalised; inventory stays read-only."""
    for key in VARIANT_FIELDS:
        if key in given:
            variant[key] = given[key]
    for key in ("price", "compare_at_price"):
        if given.get(key) is not None:
            variant[key] = fmt(parse_amount(given[key]) or Decimal(0))
    variant["updated_at"] = store.timestamp()
