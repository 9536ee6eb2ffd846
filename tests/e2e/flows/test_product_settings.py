"""Each product flow setting shows its effect end to end (MplusKASSA ⇄ Shopify unless named)."""

import uuid
from typing import Any

import pytest

from syncyard_common.canonical import Money, Product
from syncyard_orchestrator.integrations.connector_capabilities import CAPABILITIES
from tests.e2e.flows.pairs import Pair, PairFactory
from tests.e2e.flows.shops import settled, view
from tests.e2e.flows.tenant import SHOPS
from tests.e2e.journey import unique_sku
from tests.fixtures.eventually import eventually


async def till_to_shop(new_pair: PairFactory, settings: dict[str, Any]) -> Pair:
    pair = await new_pair("shopify")
    await pair.tenant.activate("products", source="mplus", settings=settings)
    await pair.tenant.feed_ready("mplus", "products")
    return pair


async def test_a_field_not_ticked_for_update_keeps_the_shops_enriched_value(
    new_pair: PairFactory,
) -> None:
    pair = await till_to_shop(new_pair, {"update_fields": ["price"]})
    sku = unique_sku()
    await pair.till.add_product(sku, f"Lamp {sku}", 4995)
    await pair.tenant.done("products", str(sku))
    [stored] = await eventually(lambda: pair.shop.holding(str(sku)))
    await pair.shop.rename_product(str(stored["id"]), "Lamp, hand-made (enriched)")

    await pair.till.change_article(sku, description=f"LAMP {sku}", priceIncl=3995)
    run = await pair.tenant.done("products", str(sku), count=2)
    expected = view("Lamp, hand-made (enriched)", "39.95", {})
    assert await settled(pair.shop, str(sku), expected) == expected
    await pair.tenant.log_with(run["id"], step="write", text="fields: price")


@pytest.mark.parametrize("rule", ["sku_or_fail", "sku_or_plu"])
async def test_a_non_numeric_sku_into_the_till_fails_naming_it_or_goes_to_the_plu(
    new_pair: PairFactory, rule: str
) -> None:
    pair = await new_pair("shopify")
    await pair.tenant.activate("products", source="shopify", settings={"article_number_rule": rule})
    sku = f"MUG-{uuid.uuid4().hex[:8].upper()}"
    price = Money(amount=1295, currency="EUR")
    await pair.shop.seed_product(Product(sku=sku, name="Mug", price=price))

    [run] = await pair.tenant.finished("products", sku)
    if rule == "sku_or_fail":
        assert run["state"] == "failed"
        assert sku in run["failure_reason"]
        assert await pair.till.product_of(sku) == []
    else:
        assert run["state"] == "done", run["failure_reason"]
        [article] = await pair.till.product_of(sku)
        assert article["pluNumber"] == sku


async def test_a_filtered_out_product_is_not_sent_and_the_log_says_why(
    new_pair: PairFactory,
) -> None:
    pair = await till_to_shop(new_pair, {"filter": {"only_active": True}})
    sku = unique_sku()
    await pair.till.add_product(sku, f"Old stock {sku}", 100, active=False)

    [run] = await pair.tenant.finished("products", str(sku))
    assert run["state"] == "skipped"
    entries = await pair.tenant.log_with(run["id"], step="filter")
    [step] = [e for e in entries if e["step"] == "filter"]
    assert "not active" in step["message"]
    assert await pair.shop.holding(str(sku)) == []


async def test_with_the_offer_switched_off_a_price_change_is_not_sent_but_a_rename_is(
    new_pair: PairFactory,
) -> None:
    pair = await till_to_shop(new_pair, {"sync_offer": False})
    sku = unique_sku()
    await pair.till.add_product(sku, f"Vase {sku}", 2450)
    await pair.tenant.done("products", str(sku))

    await pair.till.change_article(sku, priceIncl=2950)
    [_, unchanged] = await pair.tenant.finished("products", str(sku), count=2)
    assert unchanged["state"] == "skipped"
    await pair.till.change_article(sku, description=f"Blue vase {sku}", priceIncl=3450)
    await pair.tenant.done("products", str(sku), count=3)
    expected = view(f"Blue vase {sku}", "24.50", {})
    assert await settled(pair.shop, str(sku), expected) == expected


async def test_with_the_content_switched_off_a_rename_is_not_sent_but_a_price_change_is(
    new_pair: PairFactory,
) -> None:
    pair = await till_to_shop(new_pair, {"sync_content": False})
    sku = unique_sku()
    await pair.till.add_product(sku, f"Bowl {sku}", 1500)
    await pair.tenant.done("products", str(sku))

    await pair.till.change_article(sku, description=f"Big bowl {sku}", priceIncl=1750)
    await pair.tenant.done("products", str(sku), count=2)
    expected = view(f"Bowl {sku}", "17.50", {})
    assert await settled(pair.shop, str(sku), expected) == expected


async def test_prices_incl_tax_at_the_till_reach_a_shop_that_wants_them_excl_tax(
    new_pair: PairFactory,
) -> None:
    pair = await till_to_shop(new_pair, {"target_prices_include_tax": False})
    sku = unique_sku()
    await pair.till.add_product(sku, f"Chair {sku}", 12100, vat=21)

    await pair.tenant.done("products", str(sku))
    expected = view(f"Chair {sku}", "100.00", {})
    assert await settled(pair.shop, str(sku), expected) == expected


async def test_the_second_product_direction_between_two_connections_is_refused_with_409(
    new_pair: PairFactory,
) -> None:
    pair = await new_pair("shopify")
    tenant = pair.tenant
    await tenant.activate("products", source="mplus")
    reverse = await tenant.api.post(
        f"{tenant.orchestrator}/v1/integrations",
        json={"name": "Shopify products into the till", "source_connection_id": tenant.shop_id,
              "target_connection_id": tenant.mplus_id, "source_connector": "shopify",
              "target_connector": "mplus"},
    )  # fmt: skip
    assert reverse.status_code == 201, reverse.text
    refused = await tenant.configure(
        "products", source="mplus", integration_id=reverse.json()["id"]
    )  # its source side is the shop: this is Shopify → MplusKASSA
    assert refused.status_code == 409, refused.text
    assert "only one products direction" in refused.text


def _unsupported() -> list[Any]:
    """Every (shop, flow, reading side) a connector cannot carry: one refusal each."""
    cases = []
    for shop in SHOPS:
        for flow in ("products", "stock", "customers", "categories"):
            for reader, writer in (("mplus", shop), (shop, "mplus")):
                if flow in CAPABILITIES[reader]["reads"] and flow in CAPABILITIES[writer]["writes"]:
                    continue
                cases.append(pytest.param(shop, flow, reader, id=f"{flow}-{reader}-to-{writer}"))
    return cases


@pytest.mark.parametrize(("shop", "flow", "reader"), _unsupported())
async def test_a_flow_a_connector_cannot_carry_is_refused_with_422_naming_why(
    new_pair: PairFactory, shop: str, flow: str, reader: str
) -> None:
    pair = await new_pair(shop)
    refused = await pair.tenant.configure(flow, source=reader)
    assert refused.status_code == 422, refused.text
    assert f"cannot {'read' if reader == shop else 'write'} {flow}" in refused.text
