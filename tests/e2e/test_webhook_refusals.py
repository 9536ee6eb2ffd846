"""Bad webhooks get the right status and leave no trace: no run, no order, no message."""

import json
import uuid

import pytest

from tests.e2e.journey import Journey, JourneyFactory, address, line, unique_sku


async def _order(journey: Journey) -> dict:  # type: ignore[type-arg]
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Salt", "priceIncl": 100})
    return await journey.shop_order(
        email=f"r.{sku}@example.nl", billing_address=address(), line_items=[line(sku, 1, "1.00")]
    )


@pytest.mark.parametrize(
    ("case", "status"),
    [("forged", 401), ("unsigned", 401), ("malformed", 400), ("oversized", 413), ("unknown", 404)],
)
async def test_refused_webhooks_change_nothing(
    new_journey: JourneyFactory, case: str, status: int
) -> None:
    journey = await new_journey(subscribe_webhook=False)
    order = await _order(journey)
    body = json.dumps(order).encode()
    kwargs: dict[str, object] = {}
    if case == "forged":
        kwargs["secret"] = "not-the-app-secret"
    elif case == "unsigned":
        kwargs["signature"] = ""
    elif case == "malformed":
        body = b'{"id": ' + str(order["id"]).encode() + b', "line_items": ['
    elif case == "oversized":
        # Over the 10 MiB limit, and its id not among its first bytes: nothing is read
        # instead (tests/e2e/test_any_text_and_large_orders.py has the order that is).
        body = json.dumps({"padding": "x" * (10 * 1024 * 1024 + 1), **order}).encode()
    elif case == "unknown":
        kwargs["connection_id"] = str(uuid.uuid4())
    response = await journey.post_webhook(body, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    # A valid delivery afterwards still works, and is the only thing that ever ran.
    ok = await journey.post_webhook(json.dumps(order).encode())
    assert ok.status_code == 200
    run = await journey.finished_run(order["id"])
    assert run["state"] == "done"
    assert len(await journey.runs_for(order["id"])) == 1
    assert len(await journey.till_orders(order["id"])) == 1


async def test_signed_webhook_of_a_topic_no_flow_uses_is_acknowledged_and_ignored(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey(subscribe_webhook=False)
    order = await _order(journey)
    response = await journey.post_webhook(json.dumps(order).encode(), topic="app/uninstalled")
    assert response.status_code == 200  # so the shop does not retry and drop the subscription
    assert response.json() == {"status": "ignored"}
    assert await journey.runs_for(order["id"]) == []
