"""Building, validating and changing products and variants in BigCommerce's v3 shape."""

from decimal import Decimal
from typing import Any

from syncyard_sim_bigcommerce import limits
from syncyard_sim_bigcommerce.clock import v3_date
from syncyard_sim_bigcommerce.errors import ApiError, invalid
from syncyard_sim_bigcommerce.store import DEFAULT_LOCATION_ID, Json, Store

REQUIRED = ("name", "type", "weight", "price")
# Fields a client may set on create/update, with the value a new product gets.
WRITABLE: dict[str, Any] = {
    "name": "", "type": "physical", "sku": "", "description": "", "weight": 0, "width": 0,
    "depth": 0, "height": 0, "price": 0, "cost_price": 0, "retail_price": 0, "sale_price": 0,
    "map_price": 0, "tax_class_id": 0, "product_tax_code": "", "categories": [], "brand_id": 0,
    "inventory_warning_level": 0, "inventory_tracking": "none",
    "fixed_cost_shipping_price": 0, "is_free_shipping": False, "is_visible": True,
    "is_featured": False, "related_products": [], "warranty": "", "bin_picking_number": "",
    "layout_file": "", "upc": "", "search_keywords": "", "availability_description": "",
    "availability": "available", "gift_wrapping_options_type": "any",
    "gift_wrapping_options_list": [], "sort_order": 0, "condition": "New",
    "is_condition_shown": False, "order_quantity_minimum": 0, "order_quantity_maximum": 0,
    "page_title": "", "meta_keywords": [], "meta_description": "", "preorder_message": "",
    "is_preorder_only": False, "is_price_hidden": False, "price_hidden_label": "",
    "open_graph_type": "product", "open_graph_title": "", "open_graph_description": "",
    "open_graph_use_meta_description": True, "open_graph_use_product_name": True,
    "open_graph_use_image": True, "gtin": "", "mpn": "",
}  # fmt: skip
NUMBERS = {"weight", "width", "depth", "height", "price", "cost_price", "retail_price",
           "sale_price", "map_price", "fixed_cost_shipping_price"}  # fmt: skip
VARIANT_WRITABLE = ("sku", "price", "sale_price", "retail_price", "cost_price", "weight", "upc",
                    "gtin", "mpn", "purchasing_disabled", "inventory_warning_level")  # fmt: skip


def validate_product(store: Store, given: Json, *, product: Json | None = None) -> None:
    """BigCommerce's 422 for missing/invalid fields and 409 for a taken name or SKU."""
    errors: dict[str, str] = {}
    if product is None:
        errors |= {name: "error.path.missing" for name in REQUIRED if name not in given}
    if "type" in given and given["type"] not in ("physical", "digital"):
        errors["type"] = "error.expected.validenumvalue"
    for name in NUMBERS & given.keys():
        if not isinstance(given[name], int | float) or given[name] < 0:
            errors[name] = "error.expected.jsnumber"
    if "name" in given and not (isinstance(given["name"], str) and given["name"].strip()):
        errors["name"] = "error.minLength"
    errors |= limits.too_long(given, limits.PRODUCT)
    errors |= _custom_field_errors(given.get("custom_fields"), product)
    for index, variant in enumerate(given.get("variants") or []):
        if isinstance(variant, dict):
            errors |= limits.too_long(variant, limits.PRODUCT, f"variants.{index}.")
    if errors:
        raise invalid(errors)
    own = product["id"] if product else None
    taken = given.get("name")
    if taken and any(p["name"] == taken and p["id"] != own for p in store.products.values()):
        raise ApiError(409, "The product name is a duplicate", {"name": f"{taken} is not unique"})
    base = base_variant(product)
    skus = [given["sku"]] if given.get("sku") else []
    skus += [v["sku"] for v in given.get("variants") or [] if v.get("sku")]
    own_variant = base["id"] if base else None
    for index, sku in enumerate(skus):
        if sku in skus[:index] or store.sku_taken(sku, except_variant=own_variant):
            errors = {"sku": f"Sku {sku} is not unique"}
            raise ApiError(409, "The product sku is a duplicate", errors)


def build_product(store: Store, given: Json) -> Json:
    """A new product with its variants (a base variant when none are given)."""
    now = store.clock.now()
    product_id = store.new_id("product")
    product: Json = {"id": product_id} | {k: given.get(k, v) for k, v in WRITABLE.items()}
    product |= {
        "view_count": 0, "preorder_release_date": None, "reviews_rating_sum": 0,
        "reviews_count": 0, "total_sold": 0, "date_created": v3_date(now),
        "date_modified": v3_date(now), "option_set_display": "right",
        "custom_url": {"url": f"/{_slug(product['name'])}/", "is_customized": False},
        "options": [], "variants": [], "custom_fields": [], "_created": now, "_modified": now,
    }  # fmt: skip
    set_custom_fields(store, product, given.get("custom_fields") or [])
    given_variants = given.get("variants") or []
    if not given_variants:
        base = {"sku": product["sku"]} | {
            k: given[k] for k in ("inventory_level", "upc", "gtin") if k in given
        }
        add_variant(store, product, base, base=True)
    for variant in given_variants:
        add_variant(store, product, variant)
    if given_variants and "inventory_tracking" not in given:
        product["inventory_tracking"] = "variant"
    elif "inventory_level" in given and "inventory_tracking" not in given:
        product["inventory_tracking"] = "product"
    return product


def add_variant(store: Store, product: Json, given: Json, *, base: bool = False) -> Json:
    """Append a variant; `option_values` by display name + label create the options."""
    variant_id = store.new_id("variant")
    variant: Json = {
        "id": variant_id, "product_id": product["id"], "sku": given.get("sku") or "",
        "sku_id": variant_id + 10_000, "price": given.get("price"), "sale_price": None,
        "retail_price": None, "cost_price": None, "weight": None, "upc": "", "gtin": "",
        "mpn": "", "purchasing_disabled": False, "purchasing_disabled_message": "",
        "is_free_shipping": False, "fixed_cost_shipping_price": None, "image_url": "",
        "inventory_warning_level": 0, "bin_picking_number": "",
        "option_values": [] if base else [_option_value(store, product, v)
                                          for v in given.get("option_values") or []],
    }  # fmt: skip
    if not base and not variant["option_values"]:
        raise invalid({"option_values": "A variant needs at least one option value."})
    update_variant(variant, given)
    product["variants"].append(variant)
    if "inventory_level" in given:
        store.stock[(variant_id, DEFAULT_LOCATION_ID)] = int(given["inventory_level"] or 0)
    return variant


def update_variant(variant: Json, given: Json) -> None:
    """Copy the writable variant fields that `given` names."""
    for key in VARIANT_WRITABLE:
        if key in given:
            variant[key] = given[key]


def update_product(store: Store, product: Json, given: Json) -> None:
    """Overwrite the fields `given` names; the base variant follows the product's SKU."""
    for key in WRITABLE:
        if key in given:
            product[key] = given[key]
    set_custom_fields(store, product, given.get("custom_fields") or [])
    base = base_variant(product)
    if base is not None and "sku" in given:
        base["sku"] = given["sku"]
    if base is not None and "inventory_level" in given:
        store.stock[(base["id"], DEFAULT_LOCATION_ID)] = int(given["inventory_level"] or 0)
    touch(store, product)


def _custom_field_errors(given: Any, product: Json | None) -> dict[str, str]:
    """productCustomField_Put: name and value 1 to 250 characters; an id names one of the
    product's own custom fields (an entry without one is a new field)."""
    if given is None:
        return {}
    if not isinstance(given, list):
        return {"custom_fields": "error.expected.jsarray"}
    known = {field["id"] for field in (product or {}).get("custom_fields", [])}
    errors: dict[str, str] = {}
    for index, field in enumerate(given):
        where = f"custom_fields.{index}."
        if not isinstance(field, dict):
            errors[f"custom_fields.{index}"] = "error.expected.jsobject"
            continue
        for name in ("name", "value"):
            text = field.get(name)
            if not isinstance(text, str) or not text:
                errors[where + name] = "error.minLength"
        errors |= limits.too_long(field, limits.CUSTOM_FIELD, where)
        if "id" in field and field["id"] not in known:
            errors[where + "id"] = "error.path.invalid"
    return errors


def set_custom_fields(store: Store, product: Json, given: list[Json]) -> None:
    """A PUT's or POST's custom_fields: those with an id are changed, the others added; the
    product's other custom fields stay (they are deleted one by one in BigCommerce)."""
    kept = product.setdefault("custom_fields", [])
    by_id = {field["id"]: field for field in kept}
    for field in given:
        if "id" in field:
            by_id[field["id"]].update(name=field["name"], value=field["value"])
        else:
            kept.append({"id": store.new_id("custom_field"), "name": field["name"],
                         "value": field["value"]})  # fmt: skip


def touch(store: Store, product: Json) -> None:
    """Bump `date_modified`."""
    now = store.clock.now()
    product["date_modified"], product["_modified"] = v3_date(now), now


def base_variant(product: Json | None) -> Json | None:
    """The option-less variant of a product (None for option products or no product)."""
    if product is None:
        return None
    return next((v for v in product["variants"] if not v["option_values"]), None)


def _option_value(store: Store, product: Json, given: Json) -> Json:
    """Find or create the option (by display name) and its value (by label)."""
    name, label = given.get("option_display_name"), given.get("label")
    if given.get("option_id") and given.get("id"):
        for option in product["options"]:
            for value in option["option_values"]:
                if option["id"] == given["option_id"] and value["id"] == given["id"]:
                    name, label = option["display_name"], value["label"]
    if not name or not label:
        raise invalid({"option_values": "option_display_name and label are required"})
    option = next((o for o in product["options"] if o["display_name"] == name), None)
    if option is None:
        option = {"id": store.new_id("option"), "product_id": product["id"],
                  "display_name": name, "type": "rectangles", "sort_order": len(product["options"]),
                  "option_values": []}  # fmt: skip
        product["options"].append(option)
    value = next((v for v in option["option_values"] if v["label"] == label), None)
    if value is None:
        value = {"id": store.new_id("option_value"), "label": label, "is_default": False,
                 "sort_order": len(option["option_values"]), "value_data": None}  # fmt: skip
        option["option_values"].append(value)
    return {"id": value["id"], "label": label, "option_id": option["id"],
            "option_display_name": name}  # fmt: skip


def _slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def as_decimal(value: Any) -> Decimal:
    """A JSON number as an exact Decimal (for totals)."""
    return Decimal(str(value or 0))
