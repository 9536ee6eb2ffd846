"""Reconciliation of orders: the report a merchant reads as the exactly-once proof.

One shop order deleted from the till by hand is reported missing, a till order claiming a
shop order the shop never had is reported extra; re-running the missing one makes exactly
one till order again, and a second re-run starts nothing."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from tests.e2e.journey import JourneyFactory, address, line, unique_sku
from tests.e2e.reconciliations import items_of, reconcile
from tests.fixtures.barrier import settled
from tests.fixtures.eventually import eventually
from tests.fixtures.receivers import WebhookReceiver


async def test_reconciliation_finds_a_deleted_and_a_foreign_order_and_the_rerun_fixes_one(
    new_journey: JourneyFactory, webhook_receiver: WebhookReceiver
) -> None:
    journey = await new_journey()
    channel = await journey.api.post(
        f"{journey.urls.notifier}/v1/channels",
        json={"kind": "webhook", "url": webhook_receiver.url},
    )
    assert channel.status_code == 201, channel.text
    started = datetime.now(UTC) - timedelta(seconds=1)
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Tea", "priceIncl": 450})
    kept, deleted = [
        await journey.shop_order(
            email=f"r.{sku}.{n}@example.nl",
            billing_address=address(),
            line_items=[line(sku, 1 + n, "4.50")],
        )
        for n in range(2)
    ]
    for order in (kept, deleted):
        run = await journey.finished_run(order["id"])
        assert run["state"] == "done", run["failure_reason"]
    [gone] = await eventually(lambda: journey.till_orders(deleted["id"]))
    sim = journey.urls.sim_mplus
    removed = await journey.plain.delete(f"{sim}/_sim/orders/{gone['orderId']}")
    assert removed.status_code == 200, removed.text
    foreign = f"shopify:{9_000_000_000 + uuid.uuid4().int % 1_000_000}"
    await journey.seed_till_orders(
        {
            "extOrderId": foreign,
            "employeeNumber": 999999,
            "lines": [{"articleNumber": sku, "quantity": 1, "price": 450}],
        }
    )
    integration = journey.seeded.integration_id
    orchestrator = journey.urls.orchestrator
    period = (started, datetime.now(UTC) + timedelta(seconds=1))

    report = await reconcile(journey.api, orchestrator, integration, "orders", period)

    missing, extra = items_of(report, "missing"), items_of(report, "extra")
    assert set(missing) == {f"shopify:{deleted['id']}"}
    assert set(extra) == {foreign}
    assert items_of(report, "mismatched") == {}, report["items"]
    counts = report["counts"]  # the target may hold a late order of an earlier test too
    assert (counts["source"], counts["matched"], counts["missing"]) == (2, 1, 1)
    assert (counts["extra"], counts["mismatched"]) == (1, 0)

    def alerts() -> list[dict[str, Any]]:
        bodies = [orjson.loads(body) for _, body in list(webhook_receiver.inbox.requests)]
        return [
            b
            for b in bodies
            if b.get("type") == "reconciliation.discrepancy_found.v1"
            and b["fields"].get("reconciliation_id") == report["id"]
        ]

    [alert] = await eventually(alerts, timeout=30)  # one alert for the report, not per order
    assert (alert["fields"]["missing"], alert["fields"]["extra"]) == ("1", "1")
    rerun_url = f"{orchestrator}/v1/reconciliations/{report['id']}/rerun-missing"
    first = await journey.api.post(rerun_url)
    again = await journey.api.post(rerun_url)
    assert first.status_code == 202, first.text
    assert first.json()["started"] == 1
    assert again.json() == {**first.json(), "started": 0, "already_started": 1}

    await eventually(lambda: journey.till_orders(deleted["id"]), timeout=30)
    await settled(journey.system)  # a doubled order would show now, if there were one
    assert len(await journey.till_orders(deleted["id"])) == 1
    assert len(await journey.till_orders(kept["id"])) == 1
    after = await reconcile(journey.api, orchestrator, integration, "orders", period)
    assert after["counts"]["missing"] == 0, after["items"]
    assert after["counts"]["matched"] == 2


async def test_a_reconciliation_is_refused_with_the_field_and_hidden_from_other_tenants(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey()
    other = await new_journey()
    integration = journey.seeded.integration_id
    url = f"{journey.urls.orchestrator}/v1/integrations/{integration}/reconciliations"
    no_period = await journey.api.post(url, json={"flow": "orders"})
    unknown = await journey.api.post(url, json={"flow": "categories"})
    backwards = await journey.api.post(
        url, json={"flow": "orders", "from": "2026-12-02T00:00:00Z", "to": "2026-12-01T00:00:00Z"}
    )
    assert (no_period.status_code, no_period.json()["field"]) == (422, "from")
    assert (unknown.status_code, unknown.json()["field"]) == (422, "flow")
    # A period whose end is not after its start is schema-valid and holds no orders (the
    # request's description says so): taken, not refused, like every other range filter.
    assert backwards.status_code == 202, backwards.text
    asked = await journey.api.post(
        url, json={"flow": "orders", "from": "2026-12-01T00:00:00Z", "to": "2026-12-02T00:00:00Z"}
    )
    assert asked.status_code == 202, asked.text
    mine = f"{journey.urls.orchestrator}/v1/reconciliations/{asked.json()['id']}"
    seen_by_other = await other.api.get(mine)
    rerun_by_other = await other.api.post(f"{mine}/rerun-missing")
    other_tenant_url = url.replace(integration, other.seeded.integration_id)
    assert seen_by_other.status_code == 404
    assert rerun_by_other.status_code == 404
    assert (await journey.api.post(other_tenant_url, json={"flow": "stock"})).status_code == 404
