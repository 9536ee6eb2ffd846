"""Products and variants as the v3 catalogue API prints them (stock and prices computed)."""

from fastapi import Request

from syncyard_sim_bigcommerce.bodies import words_param
from syncyard_sim_bigcommerce.product_payload import base_variant
from syncyard_sim_bigcommerce.store import Json, Store, public


def includes(request: Request) -> set[str]:
    """The `include=variants,options,custom_fields` sub-resources asked for."""
    return set(words_param(request.query_params.get("include")) or [])


def shape_variant(store: Store, product: Json, variant: Json) -> Json:
    """One variant with its stock and calculated price/weight."""
    out = dict(variant)
    out["inventory_level"] = store.on_hand(variant["id"])
    price = variant["price"] if variant["price"] is not None else product["price"]
    out["calculated_price"] = variant["sale_price"] or price
    weight = variant["weight"] if variant["weight"] is not None else product["weight"]
    out["calculated_weight"] = weight
    out["map_price"] = 0
    return out


def shape_product(store: Store, product: Json, request: Request | None = None) -> Json:
    """The product; `variants`/`options` only when included; `include_fields` honoured."""
    wanted = includes(request) if request else {"variants"}
    shown_apart = ("variants", "options", "custom_fields")
    out = {k: v for k, v in public(product).items() if k not in shown_apart}
    variants = [shape_variant(store, product, v) for v in product["variants"]]
    out["inventory_level"] = sum(v["inventory_level"] for v in variants)
    out["calculated_price"] = product["sale_price"] or product["price"]
    base = base_variant(product)
    if base is not None:
        out["base_variant_id"] = base["id"]
    if "variants" in wanted:
        out["variants"] = variants
    if "options" in wanted:
        out["options"] = product["options"]
    if "custom_fields" in wanted:
        out["custom_fields"] = [dict(field) for field in product.get("custom_fields", [])]
    fields = words_param(request.query_params.get("include_fields")) if request else None
    if fields:
        out = {k: v for k, v in out.items() if k == "id" or k in fields or k in wanted}
    return out
