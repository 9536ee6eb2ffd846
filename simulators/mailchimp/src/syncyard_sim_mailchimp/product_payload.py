"""Product and variant records: validation and the shape Mailchimp answers with."""

from syncyard_sim_mailchimp import bodies
from syncyard_sim_mailchimp.bodies import Json, text
from syncyard_sim_mailchimp.problems import MailchimpError, invalid
from syncyard_sim_mailchimp.store import Store

PRODUCT_TEXT = ("handle", "url", "description", "type", "vendor", "image_url")
VARIANT_TEXT = ("sku", "url", "image_url", "backorders", "visibility")
VARIANT_TYPES: dict[str, type] = {
    "id": str, "title": str, "sku": str, "price": float, "inventory_quantity": int,
}  # fmt: skip


def check_variant(given: object, field: str = "variants") -> Json:
    if not isinstance(given, dict):
        raise invalid(field, "Schema describes object, other type found instead")
    bodies.require(given, "id", "title")
    bodies.check_types(given, VARIANT_TYPES)
    return given


def new_variant(store: Store, given: Json) -> Json:
    now = store.timestamp()
    variant: Json = {"id": given["id"], "title": given["title"]}
    variant.update({name: text(given.get(name)) for name in VARIANT_TEXT})
    variant["price"] = given.get("price") or 0
    variant["inventory_quantity"] = given.get("inventory_quantity") or 0
    variant["created_at"] = variant["updated_at"] = now
    return variant


def merge_variant(store: Store, variant: Json, given: Json) -> Json:
    """PATCH semantics: only the given fields change."""
    bodies.check_types(given, VARIANT_TYPES)
    for name in ("title", *VARIANT_TEXT, "price", "inventory_quantity"):
        if given.get(name) is not None:
            variant[name] = given[name]
    variant["updated_at"] = store.timestamp()
    return variant


def check_product(given: Json, *, creating: bool) -> None:
    """id, title and at least one variant are needed to create a product."""
    if creating:
        bodies.require(given, "id", "title")
        if not given.get("variants"):
            raise MailchimpError(
                400, errors=[{"field": "variants", "message": "This value should not be blank."}]
            )
    bodies.check_types(given, {"id": str, "title": str, "variants": list, "images": list})
    for variant in given.get("variants") or []:
        check_variant(variant)


def new_product(store: Store, given: Json, currency: str) -> Json:
    check_product(given, creating=True)
    product: Json = {"id": given["id"], "currency_code": currency, "title": given["title"]}
    product.update({name: text(given.get(name)) for name in PRODUCT_TEXT})
    product["variants"] = [new_variant(store, v) for v in given["variants"]]
    product["images"] = _images(given.get("images"))
    product["published_at_foreign"] = text(given.get("published_at_foreign"))
    return product


def merge_product(store: Store, product: Json, given: Json) -> Json:
    """PATCH semantics: given fields change; variants are matched by id, new ones added."""
    check_product(given, creating=False)
    for name in ("title", *PRODUCT_TEXT, "published_at_foreign"):
        if given.get(name) is not None:
            product[name] = given[name]
    for variant in given.get("variants") or []:
        existing = find_variant(product, variant["id"])
        if existing is None:
            product["variants"].append(new_variant(store, variant))
        else:
            merge_variant(store, existing, variant)
    if given.get("images") is not None:
        product["images"] = _images(given["images"])
    return product


def find_variant(product: Json, variant_id: str) -> Json | None:
    return next((v for v in product["variants"] if v["id"] == variant_id), None)


def _images(given: object) -> list[Json]:
    images = given if isinstance(given, list) else []
    return [
        {
            "id": text(i.get("id")),
            "url": text(i.get("url")),
            "variant_ids": i.get("variant_ids", []),
        }
        for i in images
        if isinstance(i, dict)
    ]
