"""Custom collection, collect and metafield JSON, and their validation."""

import re
from typing import Any

from syncyard_sim_shopify.errors import unprocessable
from syncyard_sim_shopify.store import Json, Store

COLLECTION_FIELDS = ("title", "body_html", "handle", "sort_order", "template_suffix")
SORT_ORDERS = {
    "alpha-asc", "alpha-desc", "best-selling", "created", "created-desc", "manual",
    "price-asc", "price-desc",
}  # fmt: skip
METAFIELD_TYPES = {"single_line_text_field", "multi_line_text_field", "number_integer", "json"}


def _handle(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def validate_collection(given: Json, *, creating: bool) -> None:
    """422 for a missing title or an unknown sort order."""
    errors: dict[str, list[str]] = {}
    if (creating or "title" in given) and not given.get("title"):
        errors["title"] = ["can't be blank"]
    if given.get("sort_order", "best-selling") not in SORT_ORDERS:
        errors["sort_order"] = ["is not included in the list"]
    for metafield in given.get("metafields") or []:
        validate_metafield(metafield, errors)
    if errors:
        raise unprocessable(errors)


def validate_metafield(given: Any, errors: dict[str, list[str]]) -> None:
    """Add Shopify's messages for a metafield without namespace/key/value or a bad type."""
    if not isinstance(given, dict):
        errors["metafields"] = ["is invalid"]
        return
    for name in ("namespace", "key", "value"):
        if given.get(name) in (None, ""):
            errors[f"metafields.{name}"] = ["can't be blank"]
    if given.get("type", "single_line_text_field") not in METAFIELD_TYPES:
        errors["metafields.type"] = ["is not a valid type"]


def build_collection(store: Store, given: Json) -> Json:
    """A new custom collection, published, with a handle derived from the title."""
    now, collection_id = store.timestamp(), store.new_id()
    return {
        "id": collection_id,
        "handle": given.get("handle") or _handle(given["title"]),
        "title": given["title"],
        "updated_at": now,
        "body_html": given.get("body_html"),
        "published_at": now,
        "sort_order": given.get("sort_order", "best-selling"),
        "template_suffix": given.get("template_suffix"),
        "published_scope": "web",
        "admin_graphql_api_id": store.gid("Collection", collection_id),
    }


def update_collection(store: Store, collection: Json, given: Json) -> None:
    """PUT: overwrite the given writable fields."""
    for key in COLLECTION_FIELDS:
        if key in given:
            collection[key] = given[key]
    collection["updated_at"] = store.timestamp()


def build_collect(store: Store, product_id: int, collection_id: int) -> Json:
    """A product's membership of a custom collection."""
    now, collect_id = store.timestamp(), store.new_id()
    position = 1 + sum(1 for c in store.collects.values() if c["collection_id"] == collection_id)
    return {
        "id": collect_id,
        "collection_id": collection_id,
        "product_id": product_id,
        "created_at": now,
        "updated_at": now,
        "position": position,
        "sort_value": f"{position:010d}",
    }


def set_metafield(store: Store, owner_resource: str, owner_id: int, given: Json) -> Json:
    """Create the metafield, or update the owner's one with the same namespace and key."""
    now = store.timestamp()
    for metafield in store.metafields.values():
        same_owner = (metafield["owner_resource"], metafield["owner_id"]) == (
            owner_resource,
            owner_id,
        )
        if same_owner and (metafield["namespace"], metafield["key"]) == (
            given["namespace"],
            given["key"],
        ):
            metafield.update(value=str(given["value"]), updated_at=now)
            return metafield
    metafield_id = store.new_id()
    metafield = {
        "id": metafield_id,
        "namespace": given["namespace"],
        "key": given["key"],
        "value": str(given["value"]),
        "description": given.get("description"),
        "owner_id": owner_id,
        "created_at": now,
        "updated_at": now,
        "owner_resource": owner_resource,
        "type": given.get("type", "single_line_text_field"),
        "admin_graphql_api_id": store.gid("Metafield", metafield_id),
    }
    store.metafields[metafield_id] = metafield
    return metafield


def metafields_of(store: Store, owner_resource: str, owner_id: int) -> list[Json]:
    """The owner's metafields, oldest first."""
    return [
        m
        for m in store.metafields.values()
        if m["owner_resource"] == owner_resource and m["owner_id"] == owner_id
    ]
