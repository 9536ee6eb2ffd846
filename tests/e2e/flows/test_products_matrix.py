"""Products, every pair and direction: created once in the target, then a change follows once."""

from typing import Any

import pytest

from syncyard_common.canonical import Money, Product, Variant
from tests.e2e.flows.pairs import PairFactory
from tests.e2e.flows.shops import settled, view
from tests.e2e.flows.tenant import SHOPS
from tests.e2e.journey import unique_sku
from tests.fixtures.eventually import eventually

# Shops whose products reach MplusKASSA as they change (Mailchimp has no change feed for
# products: only an initial sync reads them, see test_initial_sync.py).
LIVE_PRODUCT_SOURCES = ("shopify", "bigcommerce", "ecwid", "mijnwebwinkel")


@pytest.mark.parametrize("shop", SHOPS)
async def test_a_till_product_with_sizes_reaches_the_shop_once_and_follows_a_price_change(
    new_pair: PairFactory, shop: str
) -> None:
    pair = await new_pair(shop)
    tenant, till = pair.tenant, pair.till
    await tenant.activate("products", source="mplus")
    await tenant.feed_ready("mplus", "products")
    sku = unique_sku()
    await till.add_product(sku, f"Shirt {sku}", 1995, sizes={sku: "S", sku + 1: "M"})

    await tenant.done("products", str(sku))
    created = view(f"Shirt {sku}", None, {str(sku): "19.95", str(sku + 1): "19.95"})
    assert await settled(pair.shop, str(sku), created) == created

    await till.change_article(sku, priceIncl=1495)
    await tenant.done("products", str(sku), count=2)
    # MijnWebwinkel variants have no price of their own: they sell at the lowest one.
    other = "14.95" if shop == "mijnwebwinkel" else "19.95"
    changed = view(f"Shirt {sku}", None, {str(sku): "14.95", str(sku + 1): other})
    assert await settled(pair.shop, str(sku), changed) == changed
    assert len(await pair.shop.holding(str(sku))) == 1


@pytest.mark.parametrize("shop", SHOPS)
async def test_a_simple_till_product_reaches_the_shop_with_its_price_in_shop_money(
    new_pair: PairFactory, shop: str
) -> None:
    pair = await new_pair(shop)
    tenant = pair.tenant
    await tenant.activate("products", source="mplus")
    await tenant.feed_ready("mplus", "products")
    sku = unique_sku()
    await pair.till.add_product(sku, f"Mug {sku}", 1250)

    await tenant.done("products", str(sku))
    expected = view(f"Mug {sku}", "12.50", {})
    assert await settled(pair.shop, str(sku), expected) == expected

    await pair.till.change_article(sku, description=f"Big mug {sku}")
    await tenant.done("products", str(sku), count=2)
    renamed = view(f"Big mug {sku}", "12.50", {})
    assert await settled(pair.shop, str(sku), renamed) == renamed
    assert len(await pair.shop.holding(str(sku))) == 1


def _jacket(sku: int) -> Product:
    """Two sizes; the product's own SKU differs from theirs (shops keep SKUs unique)."""
    price = Money(amount=2995, currency="EUR")
    return Product(
        sku=str(sku + 2),
        name=f"Jacket {sku}",
        price=price,
        variants=[
            Variant(sku=str(sku), name="S", price=price, attributes={"Maat": "S"}, quantity=1),
            Variant(sku=str(sku + 1), name="M", price=price, attributes={"Maat": "M"}, quantity=1),
        ],
    )


def _till_view(articles: list[dict[str, Any]]) -> dict[str, int]:
    return {str(a["pluNumber"] or a["articleNumber"]): a["priceIncl"] for a in articles}


@pytest.mark.parametrize("shop", LIVE_PRODUCT_SOURCES)
async def test_a_shop_product_with_variants_reaches_the_till_once_and_follows_a_rename(
    new_pair: PairFactory, shop: str
) -> None:
    pair = await new_pair(shop)
    tenant, till = pair.tenant, pair.till
    await tenant.activate("products", source=shop)
    if shop == "mijnwebwinkel":
        await tenant.feed_ready(shop, "products")
    sku = unique_sku()
    product_id = await pair.shop.seed_product(_jacket(sku))
    refs = (str(sku), str(sku + 2))

    await tenant.done("products", *refs)
    articles = await eventually(lambda: till.product_of(str(sku)))
    assert _till_view(articles) == {str(sku): 2995, str(sku + 1): 2995}

    await pair.shop.rename_product(product_id, f"Rain jacket {sku}")
    await tenant.done("products", *refs, count=2)

    async def renamed() -> bool:
        articles = await till.product_of(str(sku))
        return all("Rain jacket" in a["productDescription"] for a in articles)

    await eventually(renamed, timeout=15)
    assert len(await till.product_of(str(sku))) == 2
