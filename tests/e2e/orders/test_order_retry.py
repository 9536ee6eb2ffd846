"""Retrying failed order runs end to end (Shopify simulator → all services → MplusKASSA
simulator): the operator fixes the cause, retries, and the till gets each order exactly once."""

from typing import Any

from tests.e2e.journey import unique_sku
from tests.e2e.orders.scenarios import shopper_order, the_article_everywhere
from tests.e2e.orders.shops import Shopify
from tests.e2e.orders.wiring import OrderPair, PairFactory

BULK = 50


async def shopify_pair(
    order_pair: PairFactory, *, default_debtor: bool = False
) -> tuple[OrderPair, Shopify]:
    """A shop → till order flow; with ``default_debtor`` every order goes on one house debtor
    (no debtor is written per order, so the order's create is the only write)."""
    pair = await order_pair("shopify")
    assert isinstance(pair.shop, Shopify)
    settings: dict[str, Any] = {}
    if default_debtor:
        house = await pair.till.add_relation(name="Webshop", email=f"{unique_sku()}@shop.nl")
        settings["default_debtor_id"] = str(house["relationNumber"])
    await pair.start("source_to_target", settings)
    return pair, pair.shop


async def run_of(pair: OrderPair, run_id: str) -> dict[str, Any]:
    answer = await pair.api.get(f"{pair.orchestrator}/v1/runs/{run_id}")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def ended(pair: OrderPair, run_id: str) -> dict[str, Any]:
    """The run once it ended again after a retry."""

    async def finished() -> dict[str, Any] | None:
        run = await run_of(pair, run_id)
        return run if run["state"] in {"done", "skipped", "failed"} else None

    return dict(await pair.until(finished))


async def test_unknown_article_then_added_and_retried_books_exactly_one_order(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair)
    sku = unique_sku()
    await shop.add_product(str(sku), "Espresso beans", 2495)  # the till does not know it yet
    order_id = await shop.place_order(shopper_order(sku, f"r.{sku}@example.nl"))
    failed = await pair.finished_run(order_id)
    assert (failed["state"], failed["failure_code"]) == ("failed", "products_missing")
    listed = await pair.api.get(
        f"{pair.orchestrator}/v1/runs",
        params={"failure_code": "products_missing", "external_reference": f"shopify:{order_id}"},
    )
    assert [r["id"] for r in listed.json()["items"]] == [failed["id"]]

    await pair.till.add_article(sku, "Espresso beans", 2495)  # the cause, fixed at the till
    retried = await pair.api.post(f"{pair.orchestrator}/v1/runs/{failed['id']}/retry")

    assert retried.status_code == 202, retried.text
    done = await ended(pair, failed["id"])
    assert (done["state"], done["retry_count"]) == ("done", 1)
    [till_order] = await pair.till.orders_with(sku)
    assert done["target_id"] == till_order["orderId"]
    log = await pair.run_log(failed["id"])
    [retry] = [e for e in log if e["step"] == "retry"]
    assert "asked by" in retry["message"]
    again = await pair.api.post(f"{pair.orchestrator}/v1/runs/{failed['id']}/retry")
    assert again.status_code == 409
    assert again.json()["code"] == "run_not_failed"
    assert len(await pair.till.orders_with(sku)) == 1


async def test_bulk_retry_of_fifty_failed_runs_books_fifty_orders_none_twice(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair, default_debtor=True)
    sku = unique_sku()
    await shop.add_product(str(sku), "Espresso beans", 2495)
    for index in range(BULK):
        order = shopper_order(sku, f"b{index}.{sku}@example.nl")
        await shop.place_order(order.model_copy(update={"source_id": f"e2e-{sku}-{index}"}))

    async def all_failed() -> list[dict[str, Any]] | None:
        runs = [r for r in await pair.runs() if r["failure_code"] == "products_missing"]
        return runs if len(runs) == BULK else None

    failed = await pair.until(all_failed, timeout=90)
    await pair.till.add_article(sku, "Espresso beans", 2495)
    body = {"integration_id": pair.integration_id, "failure_code": "products_missing"}
    answer = await pair.api.post(f"{pair.orchestrator}/v1/runs/retry", json=body)

    assert answer.status_code == 200, answer.text
    assert (answer.json()["retried"], answer.json()["capped"]) == (BULK, False)
    assert set(answer.json()["retried_ids"]) == {r["id"] for r in failed}

    async def all_booked() -> list[dict[str, Any]] | None:
        booked = await pair.till.orders_with(sku)
        return booked if len(booked) >= BULK else None

    booked = await pair.until(all_booked, timeout=90)
    runs = await pair.settled_runs()
    assert sorted(r["state"] for r in runs) == ["done"] * BULK
    assert len(booked) == BULK
    assert len({o["extOrderId"] for o in booked}) == BULK  # none doubled
    assert len(await pair.till.orders_with(sku)) == BULK


async def test_an_order_the_till_committed_but_refused_is_found_on_retry_not_booked_twice(
    order_pair: PairFactory,
) -> None:
    pair, shop = await shopify_pair(order_pair, default_debtor=True)
    sku = unique_sku()
    await the_article_everywhere(pair, sku)
    # The till books the order, then answers with a refusal: the run fails, the order stands.
    await pair.till.driver.faults(refuse_after_commit=1)
    try:
        order_id = await shop.place_order(shopper_order(sku, f"h.{sku}@example.nl"))
        failed = await pair.finished_run(order_id)
    finally:
        await pair.till.driver.faults(refuse_after_commit=0)
    assert failed["state"] == "failed"
    assert failed["failed_step"] == "create_order"  # the sub-step of the placement
    [committed] = await pair.till.orders_with(sku)  # half-succeeded: it is in the till

    retried = await pair.api.post(f"{pair.orchestrator}/v1/runs/{failed['id']}/retry")

    assert retried.status_code == 202, retried.text
    settled = await ended(pair, failed["id"])
    assert (settled["state"], settled["target_id"]) == ("skipped", committed["orderId"])
    assert await pair.till.orders_with(sku) == [committed]  # exactly one order
    log = await pair.run_log(failed["id"])
    assert any(
        e["step"] == "find_order" and e["outcome"] == "skipped" and "already exists" in e["message"]
        for e in log
    )
