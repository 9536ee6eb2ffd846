"""A Shopify order reaches MplusKASSA exactly once, through all five services."""

import asyncio
import json

from tests.e2e.journey import JourneyFactory, address, line, unique_sku
from tests.fixtures.barrier import settled
from tests.fixtures.eventually import eventually
from tests.fixtures.receivers import SmtpServer, WebhookReceiver


async def test_signed_webhook_creates_one_order_with_mapped_fields_and_a_full_log(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey(flow_settings={"employee_number": 4321})
    await journey.seed_employees(4321)
    sku_a, sku_b = unique_sku(), unique_sku()
    await journey.seed_articles(
        {"articleNumber": sku_a, "description": "Espresso beans", "priceIncl": 2495},
        {"articleNumber": sku_b, "description": "Milk jug", "priceIncl": 1450},
    )
    email = f"jan.{sku_a}@example.nl"
    order = await journey.shop_order(
        email=email,
        billing_address=address(),
        shipping_address=address(address1="Prinsengracht 7", zip="1016 AA"),
        line_items=[line(sku_a, 2, "24.95"), line(sku_b, 1, "14.50")],
        source_name="pos",
    )

    run = await journey.finished_run(order["id"])
    assert run["state"] == "done", (run["failed_step"], run["failure_code"], run["failure_reason"])
    [till_order] = await eventually(lambda: journey.till_orders(order["id"]))
    assert till_order["employeeNumber"] == 4321
    assert [(x["articleNumber"], x["quantity"], x["price"]) for x in till_order["lines"]] == [
        (sku_a, 2, 2495),
        (sku_b, 1, 1450),
    ]
    assert till_order["invoiceAddress"]["address"] == "Keizersgracht 123a"
    assert till_order["invoiceAddress"]["zipcode"] == "1015 CJ"
    assert till_order["invoiceAddress"]["city"] == "Amsterdam"
    assert till_order["invoiceAddress"]["country"] == "NL"
    assert till_order["deliveryAddress"]["address"] == "Prinsengracht 7"
    [debtor] = await journey.till_relations(email)
    assert till_order["relationNumber"] == debtor["relationNumber"]
    assert debtor["name"] == "Jan Jansen"

    log = await eventually(lambda: _complete_log(journey, run["id"]))
    # Each service logs the step it performed; the orchestrator logs its decisions too.
    by_step = {(e["source_service"], e["step"]): e for e in log}
    steps = [e["step"] for e in log]
    assert steps.index("webhook") < steps.index("map") < steps.index("create_order")
    assert by_step["connector-gateway", "webhook"]["source_payload"]["id"] == order["id"]
    fetched = by_step["connector-gateway", "fetch_order"]
    assert fetched["response_payload"]
    create = by_step["connector-gateway", "create_order"]
    assert create["outcome"] == "ok"
    assert create["sent_payload"]
    assert create["response_payload"]
    assert create["duration_ms"] is not None
    mapped = by_step["mapper", "map"]
    assert mapped["mapping_version"] == 0  # the shipped default mapping
    assert mapped["sent_payload"]["lines"][0]["sku"] == str(sku_a)
    assert mapped["sent_payload"]["billing_address"]["street"] == "Keizersgracht"


async def _complete_log(journey, run_id):  # type: ignore[no-untyped-def]
    log = await journey.run_log(run_id)
    steps = {entry["step"] for entry in log}
    return log if {"webhook", "map", "create_order"} <= steps else None


async def test_company_name_makes_a_company_debtor_with_the_contact_person(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey()
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Bag", "priceIncl": 995})
    email = f"inkoop.{sku}@bakkerij.nl"
    order = await journey.shop_order(
        email=email,
        billing_address=address(company="Bakkerij De Korf BV", first_name="Els", last_name="Korf"),
        line_items=[line(sku, 1, "9.95")],
    )
    assert (await journey.finished_run(order["id"]))["state"] == "done"
    [company] = [r for r in await journey.till_relations(email) if r.get("companyName")]
    assert company["companyName"] == "Bakkerij De Korf BV"
    contacts = company["contactList"]["relation"]
    assert [c["name"] for c in contacts] == ["Els Korf"]


async def test_without_company_name_a_person_debtor_is_made(new_journey: JourneyFactory) -> None:
    journey = await new_journey()
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Cup", "priceIncl": 500})
    email = f"p.{sku}@example.nl"
    order = await journey.shop_order(
        email=email, billing_address=address(), line_items=[line(sku, 1, "5.00")]
    )
    assert (await journey.finished_run(order["id"]))["state"] == "done"
    [person] = await journey.till_relations(email)
    assert not person.get("companyName")
    assert person["name"] == "Jan Jansen"


async def test_existing_customer_with_other_case_email_is_updated_not_duplicated(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey()
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Pot", "priceIncl": 1200})
    email = f"Marie.{sku}@Example.NL"
    await journey.seed_relations(
        {"name": "M. de Vries", "email": email, "city": "Oude stad", "address": "Oud 1"}
    )
    order = await journey.shop_order(
        email=email.lower(),
        billing_address=address(first_name="Marie", last_name="de Vries", city="Utrecht"),
        line_items=[line(sku, 1, "12.00")],
    )
    assert (await journey.finished_run(order["id"]))["state"] == "done"
    [debtor] = await journey.till_relations(email)
    assert debtor["city"] == "Utrecht"
    [till_order] = await journey.till_orders(order["id"])
    assert till_order["relationNumber"] == debtor["relationNumber"]


async def test_order_that_already_exists_in_the_till_is_skipped_and_the_log_says_so(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey(subscribe_webhook=False)
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Tea", "priceIncl": 350})
    order = await journey.shop_order(
        email=f"t.{sku}@example.nl", billing_address=address(), line_items=[line(sku, 1, "3.50")]
    )
    await journey.seed_till_orders(
        {"extOrderId": f"shopify:{order['id']}", "lines": [{"articleNumber": sku}]}
    )
    response = await journey.post_webhook(json.dumps(order).encode())
    assert response.status_code == 200
    run = await journey.finished_run(order["id"])
    assert run["state"] == "skipped"
    assert len(await journey.till_orders(order["id"])) == 1
    log = await eventually(lambda: journey.run_log(run["id"]))
    skipped = [e for e in log if e["outcome"] == "skipped"]
    assert skipped
    assert "already exists" in skipped[0]["message"]


async def test_missing_sku_fails_the_run_and_alerts_by_email_and_webhook(
    new_journey: JourneyFactory, smtp_server: SmtpServer, webhook_receiver: WebhookReceiver
) -> None:
    journey = await new_journey()
    for channel in (
        {"kind": "email", "address": "ops@merchant.example"},
        {"kind": "webhook", "url": webhook_receiver.url},
    ):
        response = await journey.api.post(f"{journey.urls.notifier}/v1/channels", json=channel)
        assert response.status_code == 201, response.text
    known, missing = unique_sku(), f"GHOST-{unique_sku()}"
    await journey.seed_articles({"articleNumber": known, "description": "Jam", "priceIncl": 450})
    order = await journey.shop_order(
        email=f"m.{known}@example.nl",
        billing_address=address(),
        line_items=[line(known, 1, "4.50"), line(missing, 1, "1.00")],
    )
    run = await journey.finished_run(order["id"])
    assert run["state"] == "failed"
    assert missing in run["failure_reason"]
    assert await journey.till_orders(order["id"]) == []

    mail = await eventually(
        lambda: [b for b in smtp_server.mailbox.bodies() if run["id"] in b], timeout=60
    )
    assert missing in mail[0]
    hooks = await eventually(
        lambda: [b for _, b in webhook_receiver.inbox.requests if run["id"].encode() in b],
        timeout=60,
    )
    assert missing.encode() in hooks[0]


async def test_the_same_webhook_three_times_and_a_concurrent_update_make_one_order(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey(subscribe_webhook=False)
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Oil", "priceIncl": 899})
    order = await journey.shop_order(
        email=f"d.{sku}@example.nl", billing_address=address(), line_items=[line(sku, 1, "8.99")]
    )
    body = json.dumps(order).encode()
    same_delivery = {"webhook_id": f"delivery-{sku}", "event_id": f"event-{sku}"}
    answers = await asyncio.gather(
        *(journey.post_webhook(body, **same_delivery) for _ in range(3)),
        # A different event about the same order while the first run is still busy.
        journey.post_webhook(body, topic="orders/updated"),
    )
    assert [a.status_code for a in answers] == [200, 200, 200, 200]
    run = await journey.finished_run(order["id"])
    assert run["state"] == "done"
    await settled(journey.system)  # any stray second run has finished before counting
    assert len(await journey.till_orders(order["id"])) == 1
    assert [r["state"] for r in await journey.runs_for(order["id"])].count("done") == 1
