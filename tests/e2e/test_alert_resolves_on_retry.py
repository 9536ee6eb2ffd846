"""A failed order raises an alert; the merchant fixes the cause and retries the run; the alert
resolves by itself and says so (point 6 of issue 10, through the public APIs only)."""

from typing import Any

import orjson

from tests.e2e.journey import JourneyFactory, address, line, unique_sku
from tests.fixtures.eventually import eventually
from tests.fixtures.receivers import WebhookReceiver


async def test_the_alert_of_a_failed_run_resolves_when_its_retry_succeeds(
    new_journey: JourneyFactory, webhook_receiver: WebhookReceiver
) -> None:
    journey = await new_journey()
    notifier = journey.urls.notifier
    channel = await journey.api.post(
        f"{notifier}/v1/channels", json={"kind": "webhook", "url": webhook_receiver.url}
    )
    assert channel.status_code == 201, channel.text
    sku = unique_sku()  # not in the till yet
    order = await journey.shop_order(
        email=f"retry.{sku}@example.nl",
        billing_address=address(),
        line_items=[line(sku, 1, "2.00")],
    )
    failed = await journey.finished_run(order["id"])
    assert failed["state"] == "failed", failed

    async def alert_in(state: str) -> list[dict[str, Any]]:
        response = await journey.api.get(
            f"{notifier}/v1/alerts",
            params={"state": state, "integration_id": journey.seeded.integration_id},
        )
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    [alert] = await eventually(lambda: alert_in("open"), timeout=30)
    assert alert["kind"] == "run_failures"
    assert alert["code"] == failed["failure_code"]

    await journey.seed_articles({"articleNumber": sku, "description": "Salt", "priceIncl": 200})
    retried = await journey.api.post(f"{journey.urls.orchestrator}/v1/runs/{failed['id']}/retry")
    assert retried.status_code == 202, retried.text

    [resolved] = await eventually(lambda: alert_in("resolved"), timeout=60)
    assert resolved["id"] == alert["id"]
    assert resolved["resolution"] == "every failed run succeeded on retry"
    assert len(await journey.till_orders(order["id"])) == 1

    def notices() -> list[dict[str, Any]]:
        bodies = [orjson.loads(body) for _, body in list(webhook_receiver.inbox.requests)]
        return [
            b
            for b in bodies
            if b.get("type") == "alert.resolved" and b["fields"].get("alert_id") == alert["id"]
        ]

    [notice] = await eventually(notices, timeout=30)
    assert "succeeded on retry" in notice["text"]
