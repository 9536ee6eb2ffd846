"""A shop product in a category the till has no group for yet waits for it: the category's
run is started, and the product reaches the till in that group, never under the shop's id."""

from typing import Any

from tests.e2e.flows.pairs import PairFactory
from tests.e2e.flows.shops import BigCommerce
from tests.e2e.journey import unique_sku
from tests.fixtures.eventually import eventually


async def test_a_product_waits_for_its_unsynced_category_then_lands_in_its_group(
    new_pair: PairFactory,
) -> None:
    pair = await new_pair("bigcommerce")
    tenant, shop = pair.tenant, pair.shop
    sku = unique_sku()
    name = f"Herbal {sku}"
    assert isinstance(shop, BigCommerce)
    v3 = shop.driver.v3
    # Made before the flows read the shop: only the product's change is announced.
    made = await shop.driver.api_call("POST", f"{v3}/catalog/categories",
                                      {"name": name, "parent_id": 0})  # fmt: skip
    await tenant.activate("categories", source="bigcommerce")
    await tenant.activate("products", source="bigcommerce")
    product = {"name": f"Tea {sku}", "type": "physical", "weight": 0, "price": 4.5,
               "sku": str(sku), "categories": [made["data"]["id"]]}  # fmt: skip
    await shop.driver.api_call("POST", f"{v3}/catalog/products", product)

    async def product_done() -> dict[str, Any] | None:
        runs = [r for r in await tenant.runs("products") if r.get("entity_ref") == str(sku)]
        return runs[0] if runs and runs[0]["state"] == "done" else None

    await eventually(product_done, timeout=20)
    [group] = await eventually(lambda: pair.till.groups(name), timeout=10)
    articles = await eventually(lambda: pair.till.product_of(str(sku)), timeout=10)
    assert articles[0]["groupNumbers"] == [group["groupNumber"]]
