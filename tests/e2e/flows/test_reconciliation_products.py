"""Reconciliation of products: SKU presence both ways.

(No re-run here: the simulators are shared by the session, so every product another test left
in the till would be re-run into the shop too.)"""

from syncyard_common.canonical import Money, Product
from tests.e2e.flows.pairs import PairFactory
from tests.e2e.journey import unique_sku
from tests.e2e.reconciliations import items_of, reconcile


async def test_a_product_only_in_the_till_is_missing_and_one_only_in_the_shop_is_extra(
    new_pair: PairFactory,
) -> None:
    pair = await new_pair("shopify")
    tenant = pair.tenant
    # Configured but off: nothing syncs the product by itself.
    configured = await tenant.configure("products", source="mplus", is_active=False)
    assert configured.status_code == 200, configured.text
    only_till, only_shop = unique_sku(), unique_sku()
    await pair.till.add_product(only_till, f"Lamp {only_till}", 2495)
    price = Money(amount=995, currency="EUR")
    await pair.shop.seed_product(Product(sku=str(only_shop), name="Vase", price=price))

    report = await reconcile(tenant.api, tenant.orchestrator, tenant.integration_id, "products")

    assert str(only_till) in items_of(report, "missing")
    assert str(only_shop) in items_of(report, "extra")
