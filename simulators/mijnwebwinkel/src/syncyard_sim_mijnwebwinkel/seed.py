"""Deterministic seed: store details, the order status catalogue and two option lists."""

from syncyard_sim_mijnwebwinkel.store import Json, Store

STORE_ID = "e5fc33df-b2bf-40ec-8d8d-56fc34b495cc"

# (status, nl_NL description, en_GB description, credit_order)
ORDER_STATUSES = (
    (1, "In behandeling", "Order Pending", False),
    (2, "Wacht op betaling", "Awaiting payment", False),
    (3, "Betaald", "Paid", False),
    (4, "Verzonden", "Shipped", False),
    (5, "Afgehandeld", "Completed", False),
    (6, "Geannuleerd", "Cancelled", False),
    (7, "Gecrediteerd", "Credited", True),
)
NEW_ORDER_STATUS = 1
# Option lists the merchant made in the admin; the API can add options but not lists.
OPTION_LISTS = (("Maat", ("S", "M", "L", "XL")), ("Kleur", ("Rood", "Blauw", "Zwart")))


def seed_store(store: Store) -> None:
    """Fill the catalogue tables every store has; articles, orders and customers start empty."""
    for name, options in OPTION_LISTS:
        list_id = store.new_list_id()
        store.article_lists[list_id] = {
            "id": list_id,
            "name": name,
            "description": "",
            "options": [
                {"id": store.new_option_id(), "name": option, "price": "0.00"} for option in options
            ],
        }


def order_statuses(language: str) -> list[Json]:
    """The status catalogue in the asked language (Dutch unless English is asked for)."""
    english = language.startswith("en")
    return [
        {"status": status, "description": en if english else nl, "credit_order": credit}
        for status, nl, en, credit in ORDER_STATUSES
    ]


def store_details(store: Store) -> Json:
    """`GET /store`."""
    settings = store.settings
    return {
        "id": STORE_ID,
        "name": settings.store_name,
        "primary_domain": "https://www.demo-webwinkel.nl",
        "description": "Simulated store",
        "open": True,
        "version": "Pro",
        "administration_language": "nl_NL",
        "currency": "EUR",
        "prices_include_tax": settings.prices_include_tax,
        "default_language": "nl_NL",
        "active_languages": ["nl_NL", "en_GB"],
        "currency_format_locale": "nl_NL",
        "available_business_models": "ALL",
        "region_code": "NL",
    }
