"""`GET /shop.json`: the shop's own settings (currency, tax inclusion, primary location)."""

from fastapi import APIRouter

from syncyard_sim_shopify.deps import SimulatorDep
from syncyard_sim_shopify.store import Json, Store

router = APIRouter(prefix="/admin/api/{version}")

SHOP_ID = 5_400_000_000_001


def shop_json(store: Store) -> Json:
    """The simulated Dutch shop; prices include VAT."""
    domain = store.settings.shop_domain
    return {
        "id": SHOP_ID,
        "name": domain.split(".", 1)[0].replace("-", " ").title(),
        "email": f"owner@{domain}",
        "domain": domain,
        "myshopify_domain": domain,
        "country_code": "NL",
        "currency": store.settings.currency,
        "enabled_presentment_currencies": [store.settings.currency],
        "iana_timezone": "Europe/Amsterdam",
        "taxes_included": True,
        "tax_shipping": None,
        "primary_location_id": store.primary_location_id(),
        "plan_name": "basic",
        "weight_unit": "kg",
        "money_format": "€{{amount_with_comma_separator}}",
        "created_at": "2024-01-02T09:00:00+01:00",
        "updated_at": "2024-01-02T09:00:00+01:00",
    }


@router.get("/shop.json")
async def get_shop(simulator: SimulatorDep) -> Json:
    """The shop resource."""
    return {"shop": shop_json(simulator.store)}
