"""Deterministic seed: the default location always; a small demo catalogue on request."""

from syncyard_sim_bigcommerce import categories, customers, orders, products
from syncyard_sim_bigcommerce.clock import v3_date
from syncyard_sim_bigcommerce.deps import Simulator
from syncyard_sim_bigcommerce.store import DEFAULT_LOCATION_ID, Store

DAYS = {"open": True, "opening": "09:00", "closing": "17:00"}


def seed_store(store: Store) -> None:
    """Add BigCommerce's default location (id 1)."""
    now = v3_date(store.clock.now())
    store.locations[DEFAULT_LOCATION_ID] = {
        "id": DEFAULT_LOCATION_ID, "code": "BC-LOCATION-1", "label": "Default location",
        "description": "", "managed_by_external_source": False, "type_id": "PHYSICAL",
        "enabled": True,
        "operating_hours": {day: dict(DAYS) for day in
                            ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
                             "saturday")},
        "time_zone": "Europe/Amsterdam", "created_at": now, "updated_at": now,
        "address": {"address1": "Kalverstraat 1", "address2": "", "city": "Amsterdam",
                    "state": "Noord-Holland", "zip": "1012 NX", "email": "shop@example.nl",
                    "phone": "+31201234567", "country_code": "NL",
                    "geo_coordinates": {"latitude": 52.3702, "longitude": 4.8952}},
        "storefront_visibility": True, "special_hours": [],
    }  # fmt: skip


def seed_demo(simulator: Simulator) -> None:
    """Two categories, two products (one with sizes), a customer and an order."""
    coffee = categories.create_category(simulator, {"name": "Koffie", "parent_id": 0})
    beans = categories.create_category(simulator, {"name": "Bonen", "parent_id": coffee["id"]})
    products.create_product(simulator, {
        "name": "Koffiebonen 1 kg", "type": "physical", "sku": "KOFFIE-1KG", "weight": 1,
        "price": 24.95, "categories": [beans["id"]], "inventory_level": 40,
    })  # fmt: skip
    products.create_product(simulator, {
        "name": "T-shirt Syncyard", "type": "physical", "sku": "TSHIRT", "weight": 0.2,
        "price": 19.95, "variants": [
            {"sku": f"TSHIRT-{size}", "inventory_level": 10,
             "option_values": [{"option_display_name": "Maat", "label": size}]}
            for size in ("S", "M", "L")
        ],
    })  # fmt: skip
    address = {"first_name": "Anna", "last_name": "de Vries", "address1": "Dorpsstraat 12a",
               "city": "Utrecht", "postal_code": "3511 AB", "country_code": "NL"}  # fmt: skip
    made = customers.create_customers(simulator, [{
        "email": "anna@example.nl", "first_name": "Anna", "last_name": "de Vries",
        "addresses": [address],
    }])  # fmt: skip
    orders.create_order(simulator, {
        "customer_id": made[0]["id"], "status_id": 11,
        "billing_address": {"first_name": "Anna", "last_name": "de Vries",
                            "street_1": "Dorpsstraat 12a", "city": "Utrecht", "zip": "3511 AB",
                            "country": "Netherlands", "country_iso2": "NL",
                            "email": "anna@example.nl"},
        "products": [{"name": "Koffiebonen 1 kg", "quantity": 1, "price_inc_tax": "24.95",
                      "price_ex_tax": "20.62", "sku": "KOFFIE-1KG"}],
    })  # fmt: skip
