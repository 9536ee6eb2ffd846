"""Deterministic seed: the shop's two locations (POS store first = primary)."""

from syncyard_sim_shopify.store import Store

LOCATIONS = (
    {"name": "Winkel Amsterdam", "address1": "Kalverstraat 1", "city": "Amsterdam",
     "zip": "1012 NX", "province": "Noord-Holland", "province_code": "NH"},
    {"name": "Magazijn Utrecht", "address1": "Atoomweg 50", "city": "Utrecht",
     "zip": "3542 AB", "province": "Utrecht", "province_code": "UT"},
)  # fmt: skip


def seed_shop(store: Store) -> None:
    """Add the locations; orders, products and customers start empty."""
    for given in LOCATIONS:
        location_id, now = store.new_id(), store.timestamp()
        store.locations[location_id] = {
            "id": location_id,
            "name": given["name"],
            "address1": given["address1"],
            "address2": None,
            "city": given["city"],
            "zip": given["zip"],
            "province": given["province"],
            "country": "NL",
            "phone": None,
            "created_at": now,
            "updated_at": now,
            "country_code": "NL",
            "country_name": "Netherlands",
            "province_code": given["province_code"],
            "legacy": False,
            "active": True,
            "admin_graphql_api_id": store.gid("Location", location_id),
            "localized_country_name": "Netherlands",
            "localized_province_name": given["province"],
        }
