"""A shop order whose names hold NUL or control characters reaches the till cleaned, from
every shop that sends such text as valid JSON (the gateway cleans it where it reads it)."""

import json
import re

import pytest

from tests.e2e.journey import unique_sku
from tests.e2e.orders.scenarios import failures, shopper_order, the_article_everywhere
from tests.e2e.orders.wiring import PairFactory

SHOPS = ("bigcommerce", "ecwid", "mijnwebwinkel")
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


@pytest.mark.parametrize("vendor", SHOPS)
async def test_names_with_nul_and_controls_reach_the_till_cleaned(
    order_pair: PairFactory, vendor: str
) -> None:
    pair = await order_pair(vendor)
    await pair.start("source_to_target")
    sku = unique_sku()
    await the_article_everywhere(pair, sku)
    email = f"nul.{sku}@example.nl"
    order = shopper_order(sku, email)
    billing = order.billing_address
    assert billing is not None
    dirty = billing.model_copy(update={"first_name": "Jan\x00", "last_name": "Jan\x07sen"})
    await pair.shop.place_order(order.model_copy(update={"billing_address": dirty}))
    assert "\\u0000" in json.dumps(await pair.shop.stored_orders())  # the shop kept it

    [till_order] = await pair.until(lambda: pair.till.orders_with(sku))
    runs = await pair.settled_runs()
    assert [r["state"] for r in runs] == ["done"], await failures(pair)
    [debtor] = await pair.till.relations(email)
    assert debtor["name"] == "Jan Jansen"
    for record in (till_order, debtor):
        assert UNSTORABLE.search(json.dumps(record, ensure_ascii=False)) is None, record
