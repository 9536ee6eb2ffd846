"""Categories, MplusKASSA → each shop that keeps categories: parent first, the child under it."""

import uuid

import pytest

from tests.e2e.flows.pairs import PairFactory
from tests.e2e.flows.shops import Shopify
from tests.fixtures.eventually import eventually

CATEGORY_TARGETS = ("shopify", "bigcommerce", "ecwid", "mijnwebwinkel")
# Where each shop keeps a category's parent (Shopify: a metafield, collections are flat).
PARENT_FIELD = {"bigcommerce": "parent_id", "ecwid": "parentId",
                "mijnwebwinkel": "parent_category_id"}  # fmt: skip


@pytest.mark.parametrize("shop", CATEGORY_TARGETS)
async def test_a_till_group_and_its_subgroup_reach_the_shop_once_with_the_parent_kept(
    new_pair: PairFactory, shop: str
) -> None:
    pair = await new_pair(shop)
    await pair.tenant.activate("categories", source="mplus")
    await pair.tenant.feed_ready("mplus", "categories")
    parent_name, child_name = f"Drinks {uuid.uuid4().hex[:6]}", f"Tea {uuid.uuid4().hex[:6]}"

    parent_number = await pair.till.add_group(parent_name)
    parent_run = await pair.tenant.done("categories", parent_name)
    await pair.till.add_group(child_name, parent=parent_number)
    await pair.tenant.done("categories", child_name)

    [parent] = await eventually(lambda: pair.shop.categories(parent_name), timeout=15)
    [child] = await eventually(lambda: pair.shop.categories(child_name), timeout=15)
    if shop == "shopify":
        assert isinstance(pair.shop, Shopify)
        assert await pair.shop.parent_of(str(child["id"])) == str(parent["id"])
    else:
        assert str(child[PARENT_FIELD[shop]]) == str(parent["id"])
    assert parent_run["state"] == "done"
