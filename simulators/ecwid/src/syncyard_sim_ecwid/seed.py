"""Deterministic demo data: two categories, three products (one with sizes), one customer."""

from syncyard_sim_ecwid import categories, customers, product_records
from syncyard_sim_ecwid.store import Json, Store

SIZES = {
    "name": "Maat",
    "type": "SELECT",
    "required": True,
    "choices": [
        {"text": "S", "priceModifier": 0, "priceModifierType": "ABSOLUTE"},
        {"text": "M", "priceModifier": 0, "priceModifierType": "ABSOLUTE"},
    ],
}


def seed_store(store: Store) -> None:
    """Add the demo catalogue; ids follow from the fresh counters, so they never change."""
    coffee = _category(store, {"name": "Koffie", "description": "Bonen en gemalen"})
    clothes = _category(store, {"name": "Kleding"})
    _product(
        store,
        {
            "sku": "KOFFIE-250",
            "name": "Koffie 250g",
            "price": 12.5,
            "quantity": 40,
            "categoryIds": [coffee],
        },
    )
    _product(
        store,
        {
            "sku": "THEE-100",
            "name": "Thee 100g",
            "price": 4.95,
            "unlimited": True,
            "categoryIds": [coffee],
        },
    )
    shirt = _product(
        store,
        {
            "sku": "SHIRT",
            "name": "T-shirt",
            "price": 19.95,
            "quantity": 0,
            "options": [SIZES],
            "categoryIds": [clothes],
        },
    )
    for size, stock in (("S", 5), ("M", 3)):
        combination = product_records.new_combination(
            store,
            shirt,
            {
                "sku": f"SHIRT-{size}",
                "options": [{"name": "Maat", "value": size}],
                "quantity": stock,
            },
        )
        shirt["combinations"].append(combination)
    customer = customers.new_customer(
        store,
        {
            "email": "jan@example.nl",
            "billingPerson": {
                "name": "Jan Jansen",
                "street": "Kalverstraat 1",
                "city": "Amsterdam",
                "postalCode": "1012 NX",
                "countryCode": "NL",
                "countryName": "Netherlands",
            },
        },
    )
    store.customers[customer["id"]] = customer


def _category(store: Store, given: Json) -> int:
    record = categories.new_category(store, given)
    store.categories[record["id"]] = record
    return int(record["id"])


def _product(store: Store, given: Json) -> Json:
    record = product_records.new_product(store, given)
    store.products[record["id"]] = record
    return record
