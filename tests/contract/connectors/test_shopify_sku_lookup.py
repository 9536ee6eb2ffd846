"""Shopify connector: SKU look-ups go through GraphQL `productVariants`, in batches of 50."""

from typing import Any

import pytest

from syncyard_common.canonical import Money, Product, Variant
from syncyard_gateway.connectors.errors import ConnectorTransientError
from syncyard_gateway.connectors.shopify import ShopifyConnector
from tests.contract.connectors.harness_shopify import ShopifyHarness, product_body, shopify_harness

__all__ = ["shopify_harness"]

GRAPHQL = "/admin/api/2025-01/graphql.json"


def koffie(number: int) -> Product:
    return Product(
        sku=f"KOFFIE-{number}", name=f"Koffie {number}", price=Money(amount=1250, currency="EUR")
    )


async def seed_many(harness: ShopifyHarness, products: list[Product]) -> list[str]:
    seeded = await harness.driver.seed_products([product_body(p) for p in products])
    return [str(product["id"]) for product in seeded]


@pytest.fixture
async def connector(shopify_harness: ShopifyHarness, http_client: Any) -> ShopifyConnector:
    return ShopifyConnector(shopify_harness.credentials(), http=http_client)


class TestSkuLookup:
    async def test_batches_fifty_skus_a_query_and_reads_no_product_list(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        ids = await seed_many(shopify_harness, [koffie(n) for n in range(120)])
        wanted = [f"KOFFIE-{n}" for n in range(120)] + ["NOPE", 'QUO"TE']
        found = await connector.find_products_by_sku(wanted)
        assert found == {f"KOFFIE-{n}": ids[n] for n in range(120)}
        requests = await shopify_harness.driver.requests()
        assert [(r["method"], r["path"]) for r in requests] == [("POST", GRAPHQL)] * 3
        assert connector.client.query_cost is not None
        assert connector.client.query_cost.maximum == 2000.0

    async def test_variant_skus_with_spaces_and_duplicates_find_the_first_variant(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        shirt = Product(
            sku="SHIRT",
            name="Shirt",
            price=Money(amount=2495, currency="EUR"),
            variants=[
                Variant(sku="SHIRT S:1", attributes={"Size": "S"}),
                Variant(sku="SHIRT-M", attributes={"Size": "M"}),
            ],
        )
        [first] = await seed_many(shopify_harness, [shirt])
        [second] = await seed_many(shopify_harness, [shirt])
        assert await connector.find_products_by_sku(["SHIRT S:1", "SHIRT-M", "SHIRT"]) == {
            "SHIRT S:1": first,
            "SHIRT-M": first,
        }
        assert first != second

    async def test_throttled_query_is_rate_limited_until_points_restore(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        await seed_many(shopify_harness, [koffie(n) for n in range(50)])
        config = {"graphql_bucket_size": 200, "graphql_restore_rate": 10}
        await shopify_harness.driver.configure(**config)
        skus = [f"KOFFIE-{n}" for n in range(50)]
        assert len(await connector.find_products_by_sku(skus)) == 50  # 152 of 200 points
        with pytest.raises(ConnectorTransientError) as caught:
            await connector.find_products_by_sku(skus)
        assert caught.value.code == "rate_limited"
        # 152 needed, about 48 left, 10 a second back: about 10.4 s.
        assert caught.value.retry_after is not None
        assert 9.0 <= caught.value.retry_after <= 10.5

    async def test_stock_of_a_sku_uses_the_lookup(
        self, connector: ShopifyConnector, shopify_harness: ShopifyHarness
    ) -> None:
        await seed_many(shopify_harness, [koffie(1).model_copy(update={"quantity": 6})])
        await connector.set_stock("KOFFIE-1", 9, location_id=None)
        [level] = await connector.get_stock(["KOFFIE-1"], location_id=None)
        assert (level.sku, level.available) == ("KOFFIE-1", 9)
        paths = {r["path"].rsplit("/", 1)[-1] for r in await shopify_harness.driver.requests()}
        assert "products.json" not in paths
