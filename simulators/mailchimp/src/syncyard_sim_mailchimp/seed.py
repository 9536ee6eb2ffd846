"""Deterministic demo data: one store on the default audience, a small catalogue, members."""

from syncyard_sim_mailchimp import members, order_payload, product_payload, shops
from syncyard_sim_mailchimp.bodies import Json
from syncyard_sim_mailchimp.deps import Simulator

DEMO_STORE = "demo-store"
PRODUCTS = (
    ("KOFFIE-250", "Koffiebonen 250 g", [("KOFFIE-250", "Koffiebonen 250 g", 7.95, 40)]),
    ("TSHIRT", "T-shirt",
     [("TSHIRT-RED-M", "Rood M", 19.95, 5), ("TSHIRT-RED-L", "Rood L", 19.95, 3)]),
    ("THEE-100", "Thee 100 g", [("THEE-100", "Thee 100 g", 4.5, 12)]),
)  # fmt: skip
MEMBERS = (
    ("anna@devries.example", "Anna", "de Vries", "subscribed"),
    ("piet@jansen.example", "Piet", "Jansen", "subscribed"),
    ("kees@bakker.example", "Kees", "Bakker", "unsubscribed"),
)


def seed_demo(simulator: Simulator) -> None:
    """Add the demo store, products, members and one order (no webhooks fire: none exist)."""
    store, list_id = simulator.store, simulator.store.settings.list_id
    shops.create(
        simulator,
        {"id": DEMO_STORE, "list_id": list_id, "name": "Demo winkel", "currency_code": "EUR",
         "platform": "Syncyard", "domain": "demo.example"},
    )  # fmt: skip
    owner = store.stores[DEMO_STORE]
    for product_id, title, variants in PRODUCTS:
        product: Json = {
            "id": product_id,
            "title": title,
            "variants": [
                {"id": v, "title": t, "sku": v, "price": p, "inventory_quantity": q}
                for v, t, p, q in variants
            ],
        }
        owner.products[product_id] = product_payload.new_product(store, product, "EUR")
    for email, first, last, status in MEMBERS:
        given: Json = {"email_address": email, "merge_fields": {"FNAME": first, "LNAME": last}}
        members.create(simulator, list_id, given, status=status, source="admin")
    order = {
        "id": "demo-1001",
        "customer": {"id": "demo-anna", "email_address": MEMBERS[0][0], "opt_in_status": True,
                     "first_name": "Anna", "last_name": "de Vries"},
        "currency_code": "EUR",
        "order_total": 15.9,
        "financial_status": "paid",
        "lines": [{"id": "1", "product_id": "KOFFIE-250", "product_variant_id": "KOFFIE-250",
                   "quantity": 2, "price": 7.95}],
    }  # fmt: skip
    owner.orders["demo-1001"] = order_payload.new_order(simulator, owner, order)
