"""Store profile: `GET /api/v3/{storeId}/profile` (store id, name, currency)."""

from fastapi import APIRouter

from syncyard_sim_ecwid.deps import SimulatorDep
from syncyard_sim_ecwid.store import Json

router = APIRouter(prefix="/api/v3/{store_id}/profile")


@router.get("")
async def get_profile(simulator: SimulatorDep) -> Json:
    """The parts of the profile a sync needs: `generalInfo` and `formatsAndUnits.currency`."""
    settings = simulator.store.settings
    return {
        "generalInfo": {
            "storeId": settings.store_id,
            "storeUrl": f"https://store{settings.store_id}.company.site",
        },
        "account": {"accountName": "Demo Merchant", "accountEmail": "merchant@example.com"},
        "settings": {"storeName": "Syncyard demo store", "closed": False},
        "formatsAndUnits": {
            "currency": settings.currency,
            "currencyPrefix": "€" if settings.currency == "EUR" else "",
            "currencySuffix": "",
            "currencyPrecision": 2,
            "weightUnit": "KILOGRAM",
        },
    }
