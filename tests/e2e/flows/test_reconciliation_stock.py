"""Reconciliation of stock: a level that differs between the till and the shop is reported."""

from syncyard_common.canonical import Money, Product
from tests.e2e.flows.pairs import PairFactory
from tests.e2e.journey import unique_sku
from tests.e2e.reconciliations import items_of, reconcile


async def test_a_stock_level_that_differs_is_reported_with_both_values(
    new_pair: PairFactory,
) -> None:
    pair = await new_pair("shopify")
    # Configured but off: nothing syncs the level, so the difference stays to be found.
    configured = await pair.tenant.configure("stock", source="mplus", is_active=False)
    assert configured.status_code == 200, configured.text
    sku = unique_sku()
    await pair.till.add_product(sku, f"Candle {sku}", 995)
    await pair.till.set_stock(sku, 10, reserved=3)
    price = Money(amount=995, currency="EUR")
    await pair.shop.seed_product(Product(sku=str(sku), name="Candle", price=price, quantity=3))

    report = await reconcile(
        pair.tenant.api, pair.tenant.orchestrator, pair.tenant.integration_id, "stock"
    )

    item = items_of(report, "mismatched")[str(sku)]
    assert (item["field"], item["source_value"], item["target_value"]) == ("level", "7", "3")
