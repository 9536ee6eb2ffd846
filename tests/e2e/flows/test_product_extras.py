"""A product's short description and a vendor field of the shop's own, set by the tenant's
mapping through extras, reach BigCommerce with the product."""

from typing import Any

from tests.e2e.flows.pairs import PairFactory
from tests.e2e.journey import unique_sku
from tests.fixtures.eventually import eventually

PAIR = {"source_connector": "mplus", "target_connector": "bigcommerce"}
# The till keeps no short description: the mapping makes one, and BigCommerce, which has no
# field for it, gets it in its own meta_description field, with a warranty beside it.
OVERRIDE = {
    "fields": {
        "short_description": "'Loose leaf, ' & $trim(name)",
        "extras": '{"meta_description": "Loose leaf, " & $trim(name), "warranty": "Two years"}',
    }
}


async def test_a_short_description_and_a_shop_field_mapped_through_extras_reach_the_shop(
    new_pair: PairFactory,
) -> None:
    pair = await new_pair("bigcommerce")
    tenant = pair.tenant
    mappings = f"{tenant.system.url('mapper')}/v1/integrations/{tenant.integration_id}/mappings"
    saved = await tenant.api.put(f"{mappings}/products", json=OVERRIDE, params=PAIR)
    assert saved.is_success, saved.text
    await tenant.activate("products", source="mplus")
    await tenant.feed_ready("mplus", "products")
    sku = unique_sku()
    await pair.till.add_product(sku, f"Tea {sku}", 450)

    await tenant.done("products", str(sku))

    async def stored() -> dict[str, Any] | None:
        found = await pair.shop.holding(str(sku))
        return found[0] if len(found) == 1 else None

    product = await eventually(stored, timeout=10)
    assert product["meta_description"] == f"Loose leaf, Tea {sku}"
    assert product["warranty"] == "Two years"
