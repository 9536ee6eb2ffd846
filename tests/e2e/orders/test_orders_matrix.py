"""Every shop ↔ MplusKASSA pair, every order direction: one order in, exactly one order out."""

import asyncio

import pytest

from tests.e2e.journey import unique_sku
from tests.e2e.orders.scenarios import (
    failures,
    shop_order_reaches_the_till,
    the_article_everywhere,
    till_order_reaches_the_shop,
)
from tests.e2e.orders.wiring import PairFactory

# Shops whose new orders reach the gateway (webhook or poll); every shop takes orders.
SHOP_TO_TILL = ("shopify", "bigcommerce", "ecwid", "mijnwebwinkel", "mailchimp")
TILL_TO_SHOP = ("shopify", "bigcommerce", "ecwid", "mijnwebwinkel", "mailchimp")
BOTH_WAYS = ("shopify", "bigcommerce", "ecwid", "mijnwebwinkel", "mailchimp")


@pytest.mark.parametrize("vendor", SHOP_TO_TILL)
async def test_a_shop_order_becomes_one_till_order(order_pair: PairFactory, vendor: str) -> None:
    pair = await order_pair(vendor)
    await pair.start("source_to_target")
    sku = unique_sku()
    await the_article_everywhere(pair, sku)
    await shop_order_reaches_the_till(pair, sku)
    runs = await pair.settled_runs()
    assert [r["state"] for r in runs] == ["done"], await failures(pair)


@pytest.mark.parametrize("vendor", TILL_TO_SHOP)
async def test_a_till_order_becomes_one_shop_order(order_pair: PairFactory, vendor: str) -> None:
    pair = await order_pair(vendor)
    await pair.start("target_to_source")
    sku = unique_sku()
    await the_article_everywhere(pair, sku)
    await till_order_reaches_the_shop(pair, sku)
    runs = await pair.settled_runs()
    assert [r["state"] for r in runs] == ["done"], await failures(pair)


@pytest.mark.parametrize("vendor", BOTH_WAYS)
async def test_both_ways_each_order_exists_once_on_each_side(
    order_pair: PairFactory, vendor: str
) -> None:
    pair = await order_pair(vendor)
    await pair.start("both")
    from_shop, from_till = unique_sku(), unique_sku()
    await the_article_everywhere(pair, from_shop)
    await the_article_everywhere(pair, from_till)
    await asyncio.gather(
        shop_order_reaches_the_till(pair, from_shop), till_order_reaches_the_shop(pair, from_till)
    )
    # The orders we wrote are read back by the other side's poll or webhook: once every feed
    # has polled them and the system has worked that off, each order must still exist exactly
    # once on each side.
    await pair.read_back()
    assert len(await pair.till.orders_with(from_shop)) == 1
    assert len(await pair.shop.orders_with(str(from_shop))) == 1
    assert len(await pair.till.orders_with(from_till)) == 1
    assert len(await pair.shop.orders_with(str(from_till))) == 1
    states = sorted(r["state"] for r in await pair.settled_runs())
    assert states.count("done") == 2, await failures(pair)
    assert set(states) <= {"done", "skipped"}, await failures(pair)
