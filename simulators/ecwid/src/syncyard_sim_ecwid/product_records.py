"""Building and changing product and combination records the way Ecwid validates them."""

from typing import Any

from syncyard_sim_ecwid.errors import EcwidError, wrong_parameter
from syncyard_sim_ecwid.store import Json, Store

# Fields a POST/PUT may set; anything else is ignored, as Ecwid ignores unknown fields.
PRODUCT_FIELDS = (
    "sku",
    "name",
    "nameTranslated",
    "price",
    "compareToPrice",
    "wholesalePrices",
    "tax",
    "quantity",
    "unlimited",
    "warningLimit",
    "enabled",
    "description",
    "categoryIds",
    "defaultCategoryId",
    "weight",
    "dimensions",
    "isShippingRequired",
    "productClassId",
    "attributes",
    "options",
    "seoTitle",
    "seoDescription",
)
COMBINATION_FIELDS = (
    "options",
    "sku",
    "quantity",
    "unlimited",
    "price",
    "weight",
    "warningLimit",
    "attributes",
    "compareToPrice",
)
_NUMBERS = ("price", "compareToPrice", "weight")
_COUNTS = ("quantity", "warningLimit", "defaultCategoryId", "productClassId")


def sku_owner(store: Store, sku: str) -> tuple[Json, Json | None] | None:
    """(product, combination or None) holding this exact SKU."""
    for product in store.products.values():
        if product["sku"] == sku:
            return product, None
        for combination in product["combinations"]:
            if combination.get("sku") == sku:
                return product, combination
    return None


def _check_types(given: Json) -> None:
    for name in _NUMBERS:
        value = given.get(name)
        if name in given and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise wrong_parameter(name, value, "expected a number")
        if isinstance(value, int | float) and value < 0:  # a price or weight below zero is refused
            raise wrong_parameter(name, value, "must not be negative")
    for name in _COUNTS:
        value = given.get(name)
        if name in given and (isinstance(value, bool) or not isinstance(value, int)):
            raise wrong_parameter(name, value, "expected an integer")
    for name in ("unlimited", "enabled", "isShippingRequired"):
        if name in given and not isinstance(given[name], bool):
            raise wrong_parameter(name, given[name], "expected true or false")


def _check_sku(store: Store, sku: Any, *, own: Json) -> None:
    if not isinstance(sku, str) or not sku.strip():
        raise wrong_parameter("sku", sku, "must be a non-empty string")
    owner = sku_owner(store, sku)
    if owner is not None and not any(own is holder for holder in owner):
        raise EcwidError(409, f"Product with SKU '{sku}' already exists", "SKU_ALREADY_EXISTS")


def apply_stock_fields(record: Json, given: Json) -> None:
    """Copy `quantity`/`unlimited` and keep `inStock` in step (unlimited drops the level)."""
    record.update({k: given[k] for k in ("quantity", "unlimited") if k in given})
    _apply_stock(record, given)


def _apply_stock(record: Json, given: Json) -> None:
    if "quantity" in given and "unlimited" not in given:
        record["unlimited"] = False  # setting a quantity means the stock is tracked
    if record.get("unlimited"):
        record.pop("quantity", None)
        record["inStock"] = True
    else:
        record.setdefault("quantity", 0)
        record["inStock"] = record["quantity"] > 0


def apply_product(store: Store, record: Json, given: Json) -> None:
    """Copy the writable fields of `given` onto a product record, validating like Ecwid."""
    _check_types(given)
    if "sku" in given:
        _check_sku(store, given["sku"], own=record)
    if "name" in given and not str(given["name"] or "").strip():
        raise wrong_parameter("name", given["name"], "product name must not be empty")
    if "categoryIds" in given:
        ids = given["categoryIds"]
        if not isinstance(ids, list) or any(i not in store.categories for i in ids):
            raise EcwidError(
                404, "Categories with specified IDs were not found.", "CATEGORIES_NOT_FOUND"
            )
    for name in PRODUCT_FIELDS:
        if name in given:
            record[name] = given[name]
    _apply_stock(record, given)
    record["categories"] = [
        {"id": cid, "enabled": store.categories[cid]["enabled"]} for cid in record["categoryIds"]
    ]


def new_product(store: Store, given: Json) -> Json:
    """A product with Ecwid's defaults, then `given` applied (name is required)."""
    if not str(given.get("name") or "").strip():
        raise wrong_parameter("name", given.get("name"), "product name is required")
    product_id = store.new_id("product")
    record: Json = {
        "id": product_id,
        "sku": f"{product_id % 100000:05d}",
        "name": "",
        "price": 0,
        "unlimited": True,
        "inStock": True,
        "warningLimit": 0,
        "enabled": True,
        "description": "",
        "categoryIds": [],
        "categories": [],
        "defaultCategoryId": 0,
        "weight": 0,
        "isShippingRequired": True,
        "productClassId": 0,
        "attributes": [],
        "options": [],
        "combinations": [],
        "defaultCombinationId": 0,
        "wholesalePrices": [],
        "tax": {"taxable": True, "defaultLocationIncludedTaxRate": 0, "enabledManualTaxes": []},
        "url": f"https://store{store.settings.store_id}.company.site/products/p{product_id}",
    }
    if "sku" not in given:
        given = {**given, "sku": record["sku"]}
    apply_product(store, record, given)
    store.stamp(record, created=True)
    return record


def _check_options(product: Json, options: Any) -> None:
    """Each combination option must name a product option and one of its choices."""
    if not isinstance(options, list) or not options:
        raise wrong_parameter("options", options, "a combination needs its option values")
    choices = {
        option.get("name"): {choice.get("text") for choice in option.get("choices", [])}
        for option in product["options"]
    }
    for option in options:
        name, value = option.get("name"), option.get("value")
        if name not in choices:
            raise wrong_parameter("options", name, "the product has no such option")
        if value not in choices[name]:
            raise wrong_parameter("options", value, f"option '{name}' has no such choice")


def apply_combination(store: Store, product: Json, record: Json, given: Json) -> None:
    """Copy writable combination fields, validating options and SKU uniqueness."""
    _check_types({k: v for k, v in given.items() if k in COMBINATION_FIELDS})
    if "options" in given:
        _check_options(product, given["options"])
    if "sku" in given:
        _check_sku(store, given["sku"], own=record)
    for name in COMBINATION_FIELDS:
        if name in given:
            record[name] = given[name]
    _apply_stock(record, given)


def new_combination(store: Store, product: Json, given: Json) -> Json:
    """A combination numbered after the product's existing ones."""
    if "options" not in given:
        raise wrong_parameter("options", None, "a combination needs its option values")
    number = max((c["combinationNumber"] for c in product["combinations"]), default=0) + 1
    record: Json = {
        "id": store.new_id("combination"),
        "combinationNumber": number,
        "options": [],
        "unlimited": True,
        "inStock": True,
        "warningLimit": 0,
        "attributes": [],
    }
    apply_combination(store, product, record, given)
    return record


def adjust_stock(record: Json, delta: Any) -> str | None:
    """Apply `quantityDelta`; a warning when the level would drop below zero (kept at 0)."""
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise wrong_parameter("quantityDelta", delta, "expected an integer")
    if record.get("unlimited"):
        return "Quantity is not tracked for this item (unlimited stock)"
    level = record.get("quantity", 0) + delta
    record["quantity"] = max(0, level)
    record["inStock"] = record["quantity"] > 0
    return "Quantity cannot be less than 0; set to 0" if level < 0 else None
