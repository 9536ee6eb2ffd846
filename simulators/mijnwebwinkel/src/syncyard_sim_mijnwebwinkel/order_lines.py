"""Order lines from OrderDetailPostable entries: prices, VAT and stock mutations."""

from decimal import Decimal
from typing import Any

from syncyard_sim_mijnwebwinkel import article_payload
from syncyard_sim_mijnwebwinkel.errors import invalid
from syncyard_sim_mijnwebwinkel.money import price_string, to_decimal
from syncyard_sim_mijnwebwinkel.store import Json, Store

STANDARD_RATE = Decimal("21.00")


def tax_price(unit_incl: Decimal, rate: Decimal, quantity: int = 1) -> Json:
    """A TaxPrice: amount excluding VAT (6 decimals), including VAT (2 decimals), rate."""
    including = unit_incl * quantity
    excluding = including / (1 + rate / 100)
    return {
        "rate": price_string(rate),
        "amount": price_string(excluding, 6),
        "amount_including_tax": price_string(including),
    }


# Costs the checkout adds to a shopper's order (never accepted by POST /v1/orders).
COST_TYPES = frozenset({"payment", "shipping"})


def build_line(
    store: Store, entry: Any, index: int, *, override_stock: bool, costs: bool = False
) -> Json:
    """One order line (type `article` or `custom`; with `costs`, a `payment` or `shipping`
    cost as the checkout adds it); stock is checked and taken for articles."""
    where = f"orderlines[{index}]"
    if not isinstance(entry, dict):
        raise invalid(f"{where}: This value should be an object.")
    if costs and entry.get("type") in COST_TYPES:
        return _cost_line(store, entry, where)
    quantity = entry.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise invalid(f"{where}.quantity: This value should be 1 or more.")
    if entry.get("type") == "article":
        return _article_line(store, entry, where, quantity, override_stock=override_stock)
    if entry.get("type") == "custom":
        return _custom_line(store, entry, where, quantity)
    raise invalid(f"{where}.type: The value you selected is not a valid choice.")


def _cost_line(store: Store, entry: Json, where: str) -> Json:
    """A payment or shipping cost: `price` is one `{amount_including_tax, rate}` or a list of
    them (a cost spread over the VAT rates of the goods), answered as TaxPrice parts the way
    the vendor's example order shows them (no unit price, quantity 1)."""
    given = entry.get("price")
    listed: list[Any] = given if isinstance(given, list) else [given]
    parts: list[Json] = [p for p in listed if isinstance(p, dict) and "rate" in p]
    if not parts or len(parts) < len(listed):
        raise invalid(f"{where}.price: Specify a rate and an amount including tax.")
    prices = [
        tax_price(
            to_decimal(part.get("amount_including_tax"), f"{where}.price.amount_including_tax"),
            to_decimal(part["rate"], f"{where}.price.rate"),
        )
        for part in parts
    ]
    line: Json = {"id": store.new_uuid("orderline"), "type": entry["type"], "quantity": 1}
    if isinstance(entry.get("description"), str):
        line["description"] = entry["description"]
    line["price"] = prices if isinstance(given, list) else prices[0]
    return line


def store_shipping_line(store: Store) -> Json | None:
    """The shipping cost the store calculates itself for an order placed through the API
    (skipped with `disable_shipping=true`): its flat cost as one `shipping` line, priced like a
    checkout's (one TaxPrice, quantity 1); None when the store charges no shipping."""
    cost = store.shipping
    if cost.amount_including_tax == 0:
        return None
    return {
        "id": store.new_uuid("orderline"),
        "type": "shipping",
        "quantity": 1,
        "description": cost.description,
        "price": tax_price(cost.amount_including_tax, cost.rate),
    }


def _custom_line(store: Store, entry: Json, where: str, quantity: int) -> Json:
    unit = entry.get("unit_price")
    if not isinstance(unit, dict) or "rate" not in unit:
        raise invalid(f"{where}.unit_price: Specify a rate and an amount.")
    rate = to_decimal(unit["rate"], f"{where}.unit_price.rate")
    if unit.get("amount_including_tax") not in (None, ""):
        incl = to_decimal(unit["amount_including_tax"], f"{where}.unit_price")
    elif unit.get("amount") not in (None, ""):
        incl = to_decimal(unit["amount"], f"{where}.unit_price") * (1 + rate / 100)
    else:
        raise invalid(f"{where}.unit_price: Either amount or amount_including_tax is required.")
    if entry.get("unit_weight") in (None, ""):
        raise invalid(f"{where}.unit_weight: This value is required for custom items.")
    description = entry.get("description")
    if not isinstance(description, str) or not description.strip():
        raise invalid(f"{where}.description: This value should not be blank.")
    weight = to_decimal(entry["unit_weight"], f"{where}.unit_weight") * quantity
    return {
        "id": store.new_uuid("orderline"),
        "type": "custom",
        "quantity": quantity,
        "unit_price": tax_price(incl, rate),
        "unit_weight": str(entry["unit_weight"]),
        "weight": price_string(weight, 3),
        "description": description,
        "price": tax_price(incl, rate, quantity),
    }


def _article_line(
    store: Store, entry: Json, where: str, quantity: int, *, override_stock: bool
) -> Json:
    given = entry.get("articles")
    if not isinstance(given, list) or len(given) != 1 or not isinstance(given[0], dict):
        raise invalid(f"{where}.articles: Specify exactly one article.")
    article_id: Any = given[0].get("id")
    article = store.articles.get(article_id)
    if article is None:
        raise invalid(f"{where}.articles[0].id: Unknown article.")
    option_ids = {
        int(option.get("list_option_id", 0))
        for option in given[0].get("options") or []
        if isinstance(option, dict) and str(option.get("list_option_id", "")).isdigit()
    }
    variant = _variant(article, option_ids, where)
    rate = STANDARD_RATE if article["taxable"] else Decimal("0.00")
    if entry.get("price_override") not in (None, ""):
        incl = to_decimal(entry["price_override"], f"{where}.price_override")
    else:
        price = article["price"]["action"] or article["price"]["default"]
        incl = Decimal(price)
        if not store.settings.prices_include_tax:
            incl *= 1 + rate / 100
    _take_stock(store, article, variant, quantity, where, override_stock=override_stock)
    names = [o["name"] for o in variant["options"]] if variant else []
    description = " - ".join([article["name"], *names])
    unit = tax_price(incl, rate)
    return {
        "id": store.new_uuid("orderline"),
        "type": "article",
        "quantity": quantity,
        "unit_price": unit,
        "weight": "0.000",
        "description": description,
        "price": tax_price(incl, rate, quantity),
        "articles": [
            {
                "id": article["id"],
                "sku": article["sku"],
                "description": article["name"],
                # The spec lists amount and rate as required on the article itself as well.
                "amount": unit["amount"],
                "rate": unit["rate"],
                "price": {
                    "amount": unit["amount"],
                    "rate": unit["rate"],
                    "purchase_price": article["price"]["purchase"],
                },
                "options": [
                    {"list_option_id": o["option_id"], "description": o["name"], "price": "0.00"}
                    for o in (variant["options"] if variant else [])
                ],
            }
        ],
    }


def _variant(article: Json, option_ids: set[int], where: str) -> Json | None:
    if not article["variants"]:
        return None
    variant: Json
    for variant in article["variants"]:
        if {o["option_id"] for o in variant["options"]} == option_ids:
            return variant
    raise invalid(f"{where}.articles[0].options: Choose one option of every list.")


def _take_stock(
    store: Store,
    article: Json,
    variant: Json | None,
    quantity: int,
    where: str,
    *,
    override_stock: bool,
) -> None:
    holder = variant if variant is not None else article
    if holder["stock"] is None:
        return
    if holder["stock"] < quantity and not (holder["can_backorder"] or override_stock):
        raise invalid(f"{where}: Insufficient stock for article {article['id']}.")
    holder["stock"] -= quantity
    article_payload.touch(store, article)
