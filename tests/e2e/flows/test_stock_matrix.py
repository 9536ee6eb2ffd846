"""Stock, MplusKASSA → every shop keeping stock: available minus reserved, set once per change."""

import pytest

from syncyard_common.canonical import Money, Product
from tests.e2e.flows.pairs import Pair, PairFactory
from tests.e2e.flows.tenant import SHOPS
from tests.e2e.journey import unique_sku
from tests.fixtures.eventually import eventually


async def stocked_pair(new_pair: PairFactory, shop: str, settings: dict[str, object]) -> Pair:
    """A pair with the stock flow on; the feed of stock at the till has started."""
    pair = await new_pair(shop)
    await pair.tenant.activate("stock", source="mplus", settings=settings)
    await pair.tenant.feed_ready("mplus", "stock")
    return pair


async def article_in_both(pair: Pair, name: str) -> int:
    """An article at the till and the same SKU in the shop with nothing in stock."""
    sku = unique_sku()
    await pair.till.add_product(sku, f"{name} {sku}", 995)
    price = Money(amount=995, currency="EUR")
    await pair.shop.seed_product(Product(sku=str(sku), name=name, price=price, quantity=0))
    return sku


async def shop_shows(pair: Pair, sku: int, quantity: int) -> None:
    async def shown() -> bool:
        return await pair.shop.stock_of(str(sku)) == quantity

    await eventually(shown, timeout=15)


@pytest.mark.parametrize("shop", SHOPS)
async def test_till_stock_reaches_the_shop_as_available_minus_reserved_and_follows_changes(
    new_pair: PairFactory, shop: str
) -> None:
    pair = await stocked_pair(new_pair, shop, {})
    sku = await article_in_both(pair, "Candle")

    await pair.till.set_stock(sku, 10, reserved=3)
    await pair.tenant.done("stock", str(sku))
    await shop_shows(pair, sku, 7)

    await pair.till.set_stock(sku, 12, reserved=2)
    await pair.tenant.done("stock", str(sku), count=2)
    await shop_shows(pair, sku, 10)
