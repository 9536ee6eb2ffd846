"""Each stock flow setting shows its effect end to end (MplusKASSA → Shopify)."""

from tests.e2e.flows.pairs import PairFactory
from tests.e2e.flows.test_stock_matrix import article_in_both, shop_shows, stocked_pair


async def test_by_default_the_shop_gets_available_minus_reserved(new_pair: PairFactory) -> None:
    pair = await stocked_pair(new_pair, "shopify", {})
    sku = await article_in_both(pair, "Soap")
    await pair.till.set_stock(sku, 20, reserved=5)
    await pair.tenant.done("stock", str(sku))
    await shop_shows(pair, sku, 15)


async def test_available_only_ignores_what_is_reserved(new_pair: PairFactory) -> None:
    pair = await stocked_pair(new_pair, "shopify", {"calculation": "available"})
    sku = await article_in_both(pair, "Towel")
    await pair.till.set_stock(sku, 20, reserved=5)
    await pair.tenant.done("stock", str(sku))
    await shop_shows(pair, sku, 20)


async def test_a_shop_that_keeps_no_stock_is_sent_nothing_and_the_log_says_why(
    new_pair: PairFactory,
) -> None:
    pair = await stocked_pair(new_pair, "shopify", {"target_manages_stock": False})
    sku = await article_in_both(pair, "Gift card")
    await pair.till.set_stock(sku, 20)

    [run] = await pair.tenant.finished("stock", str(sku))
    assert run["state"] == "skipped"
    await pair.tenant.log_with(run["id"], text="does not manage stock")
    assert await pair.shop.stock_of(str(sku)) == 0


async def test_only_changed_levels_are_sent_a_repeated_level_is_skipped(
    new_pair: PairFactory,
) -> None:
    pair = await stocked_pair(new_pair, "shopify", {})
    sku = await article_in_both(pair, "Brush")
    await pair.till.set_stock(sku, 8, reserved=1)
    await pair.tenant.done("stock", str(sku))
    await shop_shows(pair, sku, 7)

    await pair.till.set_stock(sku, 8, reserved=1)  # booked again: a new stock id, same level
    [_, again] = await pair.tenant.finished("stock", str(sku), count=2)
    assert again["state"] == "skipped"
    await pair.tenant.log_with(again["id"], text="already shows 7")
