"""Building and changing article JSON from ArticlePostable / ArticlePatchable bodies."""

import itertools
import re
from typing import Any

from syncyard_sim_mijnwebwinkel.clock import split
from syncyard_sim_mijnwebwinkel.errors import invalid
from syncyard_sim_mijnwebwinkel.money import normalise_price
from syncyard_sim_mijnwebwinkel.store import Json, Store

_TEXT_FIELDS = ("description", "sku", "badge_text", "meta_title", "meta_description")
_PRICE_KINDS = ("default", "action", "purchase")


def create_article(store: Store, body: Json) -> Json:
    """A new article from an ArticlePostable body (lists build its variants)."""
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise invalid("name: This value should not be blank.")
    article_id = store.new_article_id()
    created_date, created_time = split(store.now())
    article: Json = {
        "id": article_id,
        "uuid": store.new_uuid("article"),
        "name": name,
        "description": "",
        "sku": "",
        "badge_text": "",
        "taxable": True,
        "price": {"default": "0.00", "action": "", "purchase": ""},
        "stock": 0,
        "can_backorder": False,
        "delivery_days": 0,
        "meta_title": "",
        "meta_description": "",
        "extra": {"visible": {}, "invisible": {}},
        "url": f"https://{_slug(store.settings.store_name)}.mijnwebwinkel.nl/a-{article_id}/",
        "categories": [],
        "lists": [],
        "images": [],
        "variants": [],
        "created_date": created_date,
        "created_time": created_time,
        "updated_date": created_date,
        "updated_time": created_time,
    }
    apply_changes(store, article, body, creating=True)
    return article


def apply_changes(store: Store, article: Json, body: Json, *, creating: bool = False) -> None:
    """Apply the fields present in `body` and bump the article's updated date and time."""
    if "name" in body:
        article["name"] = _text(body["name"], "name", allow_blank=False)
    for key in _TEXT_FIELDS:
        if key in body:
            article[key] = _text(body[key], key)
    for key in ("taxable", "can_backorder"):
        if key in body:
            article[key] = _boolean(body[key], key)
    if "delivery_days" in body:
        article["delivery_days"] = _integer(body["delivery_days"], "delivery_days")
    if "stock" in body:
        article["stock"] = _stock(body["stock"], "stock")
    if "price" in body:
        article["price"] = _price(article["price"], body["price"])
    if "extra" in body:
        _merge_extra(article, body["extra"])
    if "categories" in body:
        article["categories"] = _categories(store, article, body["categories"])
    if "lists" in body:
        article["lists"] = _lists(store, body["lists"])
        article["variants"] = _variants(store, article)
    if "variants" in body and not creating:
        _patch_variants(article, body["variants"])
    if "images" in body:
        article["images"] = _images(store, body["images"])
    touch(store, article)


def touch(store: Store, article: Json) -> None:
    """Mark the article as changed now (what `changed_start_date` filters on)."""
    article["updated_date"], article["updated_time"] = split(store.now())


def _text(value: Any, field: str, *, allow_blank: bool = True) -> str:
    if not isinstance(value, str) or (not allow_blank and not value.strip()):
        raise invalid(f"{field}: This value should be a non-empty string.")
    return value


def _boolean(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise invalid(f"{field}: This value should be of type bool.")
    return value


def _integer(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(f"{field}: This value should be of type int.")
    return value


def _stock(value: Any, field: str) -> int | None:
    """A stock level; null means unlimited stock."""
    return None if value is None else _integer(value, field)


def _price(current: Json, given: Any) -> Json:
    if not isinstance(given, dict):
        raise invalid("price: This value should be an object.")
    price = dict(current)
    for kind in _PRICE_KINDS:
        if kind in given:
            value = given[kind]
            price[kind] = "" if value in (None, "") else normalise_price(value, f"price.{kind}")
    return price


def _merge_extra(article: Json, given: Any) -> None:
    if not isinstance(given, dict):
        raise invalid("extra: This value should be an object.")
    for side in ("visible", "invisible"):
        fields = given.get(side, {})
        if not isinstance(fields, dict):
            raise invalid(f"extra.{side}: This value should be an object.")
        for name, value in fields.items():
            article["extra"][side][str(name)] = "" if value is None else str(value)


def _categories(store: Store, article: Json, given: Any) -> list[Json]:
    if not isinstance(given, list):
        raise invalid("categories: This value should be a list.")
    linked = []
    for position, entry in enumerate(given, start=1):
        category_id = entry.get("category_id") if isinstance(entry, dict) else None
        if category_id not in store.categories:
            raise invalid(f"categories[{position - 1}].category_id: Unknown category.")
        linked.append(
            {
                "category_id": category_id,
                "article_url_id": article["id"] - 3327000,
                "is_active": bool(entry.get("is_active", True)),
                "is_main": bool(entry.get("is_main", position == 1)),
                "position": position,
            }
        )
    return linked


def _lists(store: Store, given: Any) -> list[Json]:
    if not isinstance(given, list):
        raise invalid("lists: This value should be a list.")
    attached = []
    for index, entry in enumerate(given):
        list_id: Any = entry.get("id") if isinstance(entry, dict) else entry
        known = store.article_lists.get(list_id)
        if known is None:
            raise invalid(f"lists[{index}].id: Unknown article list.")
        wanted = entry.get("options") if isinstance(entry, dict) else None
        if not wanted:
            raise invalid(f"lists[{index}].options: Specify at least one option.")
        by_id = {option["id"]: option for option in known["options"]}
        options = []
        for option in wanted:
            found = by_id.get(option.get("id") if isinstance(option, dict) else None)
            if found is None:
                raise invalid(f"lists[{index}].options: Unknown option of list {known['id']}.")
            options.append(found | {"image_ids": list(option.get("image_ids") or [])})
        has_images = bool(entry.get("has_images", False))
        attached.append(
            {k: known[k] for k in ("id", "name", "description")}
            | {"has_images": has_images, "options": options}
        )
    return attached


def _variants(store: Store, article: Json) -> list[Json]:
    """One variant per combination of the attached options; known combinations keep theirs."""
    previous = {_combination(v): v for v in article["variants"]}
    choices = [[(lst["id"], opt) for opt in lst["options"]] for lst in article["lists"]]
    variants = []
    for combination in itertools.product(*choices) if choices else []:
        options = [
            {"list_id": list_id, "option_id": opt["id"], "name": opt["name"]}
            for list_id, opt in combination
        ]
        key = tuple(sorted(option["option_id"] for option in options))
        variant = previous.get(key) or {
            "id": store.new_variant_id(),
            "options": options,
            "stock": 0,
            "can_backorder": False,
        }
        variants.append(variant)
    return variants


def _combination(variant: Json) -> tuple[int, ...]:
    return tuple(sorted(option["option_id"] for option in variant["options"]))


def _patch_variants(article: Json, given: Any) -> None:
    if not isinstance(given, list):
        raise invalid("variants: This value should be a list.")
    by_id = {variant["id"]: variant for variant in article["variants"]}
    for index, entry in enumerate(given):
        variant = by_id.get(entry.get("id") if isinstance(entry, dict) else None)
        if variant is None:
            raise invalid(f"variants[{index}].id: Unknown variant of this article.")
        if "stock" in entry:
            variant["stock"] = _stock(entry["stock"], f"variants[{index}].stock")
        if "can_backorder" in entry:
            variant["can_backorder"] = _boolean(entry["can_backorder"], "can_backorder")


def _images(store: Store, given: Any) -> list[Json]:
    if not isinstance(given, list):
        raise invalid("images: This value should be a list.")
    images: list[Json] = []
    for entry in given:
        url = entry.get("url") if isinstance(entry, dict) else None
        if not isinstance(url, str):
            raise invalid("images.url: This value should be a string.")
        name = url.rsplit("/", 1)[-1]
        base = f"https://asset.myonlinestore.com/winkel/{_slug(store.settings.store_name)}/images"
        images.append(
            {
                "position": str(entry.get("position", len(images) + 1)),
                "id": entry.get("id") or store.new_uuid("image"),
                "original_name": name,
                "urls": [{size: f"{base}/{size}/{name}" for size in ("full", "article", "thumb")}],
            }
        )
    return images


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
