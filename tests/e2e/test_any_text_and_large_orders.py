"""Any text a shop sends is safe, and a large order syncs: through all five services."""

import json
import re
from typing import Any

from tests.e2e.journey import Journey, JourneyFactory, address, line, unique_sku
from tests.fixtures.eventually import eventually

HEBREW = "\u05e9\u05dc\u05d5\u05dd"  # right-to-left text, kept as it is
WEBHOOK_LIMIT = 10 * 1_048_576  # the gateway's default SYNCYARD_WEBHOOK_MAX_BODY_BYTES


def _holds_no_unstorable_text(value: Any) -> bool:
    """No NUL, other C0 control (but tab, LF, CR) or lone surrogate in any string."""
    text = json.dumps(value, ensure_ascii=False)  # keys and values, unescaped
    return re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", text) is None


async def _till_order(journey: Journey, order_id: int) -> dict[str, Any]:
    run = await journey.finished_run(order_id)
    assert run["state"] == "done", (run["failed_step"], run["failure_code"], run["failure_reason"])
    [till_order] = await eventually(lambda: journey.till_orders(order_id))
    return dict(till_order)


async def test_nul_and_a_lone_surrogate_in_names_are_cleaned_and_the_order_synced(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey(subscribe_webhook=False)
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Salt", "priceIncl": 495})
    email = f"nul.{sku}@example.nl"
    # The shop keeps NUL and controls as sent (valid JSON); a lone surrogate it refuses, so
    # only the webhook below carries one.
    order = await journey.shop_order(
        email=email,
        billing_address=address(first_name="Jan\x00", last_name="de\x07 Vries"),
        line_items=[line(sku, 1, "4.95", title=f"Zee\x00zout \u202e{HEBREW} \U0001f9c2")],
    )
    body = json.dumps(order).encode().replace(b"de\\u0007 Vries", b"de\\u0007 \\ud800Vries")
    assert b"\\ud800" in body
    response = await journey.post_webhook(body)
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "accepted"}

    till_order = await _till_order(journey, order["id"])
    [debtor] = await journey.till_relations(email)
    assert debtor["name"] == "Jan de Vries"  # NUL and the bell removed
    assert _holds_no_unstorable_text(till_order), till_order
    assert f"\u202e{HEBREW} \U0001f9c2" in json.dumps(till_order, ensure_ascii=False)
    assert _holds_no_unstorable_text(debtor)
    run = (await journey.runs_for(order["id"]))[0]
    log = await eventually(lambda: journey.run_log(run["id"]))
    webhook = next(e for e in log if e["step"] == "webhook")
    shown = webhook["source_payload"]["billing_address"]
    assert (shown["first_name"], shown["last_name"]) == ("Jan", "de \ufffdVries"), webhook


async def test_a_thousand_line_order_of_1_7_mb_is_accepted_and_synced(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey(subscribe_webhook=False)
    skus = [unique_sku() for _ in range(10)]
    await journey.seed_articles(
        *({"articleNumber": sku, "description": f"Article {sku}", "priceIncl": 100} for sku in skus)
    )
    lines = [line(skus[i % 10], 1, "1.00", title=f"Line {i} " + "x" * 40) for i in range(1000)]
    order = await journey.shop_order(
        email=f"big.{skus[0]}@example.nl", billing_address=address(), line_items=lines
    )
    # Shopify's own lines are fuller than the simulator's (discount allocations, duties,
    # properties): the webhook carries them, the run reads the order afresh all the same.
    for item in order["line_items"]:
        item["properties"] = [{"name": "engraving", "value": "y" * 500}]
    body = json.dumps(order).encode()
    assert len(body) > 1_600_000, len(body)
    response = await journey.post_webhook(body)
    assert response.status_code == 200, response.text

    till_order = await _till_order(journey, order["id"])
    assert len(till_order["lines"]) == 1000
    assert len(await journey.runs_for(order["id"])) == 1


async def test_an_order_webhook_over_the_limit_is_refused_but_the_order_still_synced(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey(subscribe_webhook=False)
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Salt", "priceIncl": 100})
    order = await journey.shop_order(
        email=f"huge.{sku}@example.nl", billing_address=address(), line_items=[line(sku, 1, "1.00")]
    )
    assert next(iter(order)) == "id"  # as in Shopify's bodies: the id comes first
    padded = {**order, "note": "x" * (WEBHOOK_LIMIT + 1)}
    event_id = f"huge-{sku}"
    for _ in range(2):  # the shop retries a refused delivery: still one run
        response = await journey.post_webhook(json.dumps(padded).encode(), event_id=event_id)
        assert response.status_code == 413, response.text
        assert response.json()["read_instead"] == {"entity": "orders", "id": str(order["id"])}

    till_order = await _till_order(journey, order["id"])
    assert [x["articleNumber"] for x in till_order["lines"]] == [sku]
    assert len(await journey.runs_for(order["id"])) == 1
