"""`make up` seeds a demo tenant and prints a test order: that order reaches the till."""

import re

from scripts import up
from scripts.system import RunningSystem
from tests.e2e.journey import Journey
from tests.fixtures.eventually import eventually


async def test_the_demo_order_printed_by_make_up_reaches_the_till(system: RunningSystem) -> None:
    instructions = await up.seed(system)
    assert "_sim/orders" in instructions
    assert "export TOKEN=" in instructions
    token = instructions.split("export TOKEN=", 1)[1].split()[0]
    journey = Journey.for_token(system, tenant_id=up.DEMO_TENANT, token=token)
    try:
        order = await journey.shop_order(**up.DEMO_ORDER)
        run = await journey.finished_run(order["id"])
        assert run["state"] == "done", run.get("failure_reason")
        [till_order] = await eventually(lambda: journey.till_orders(order["id"]))
        assert till_order["employeeNumber"] == 999999
        assert [(x["articleNumber"], x["quantity"], x["price"]) for x in till_order["lines"]] == [
            (1001, 2, 2495)
        ]
        await assert_one_working_connection_per_vendor(journey, instructions)
    finally:
        # The demo subscribed its connection to orders/create; later tests' orders are theirs.
        for hook in await journey.shop.webhooks():
            if hook["address"] in instructions:
                await journey.shop.unsubscribe(str(hook["id"]))
        await journey.close()


async def assert_one_working_connection_per_vendor(journey: Journey, instructions: str) -> None:
    """Every vendor has a connection the gateway tested against its simulator, and every
    simulator URL the banner prints answers."""
    response = await journey.api.get(f"{journey.urls.gateway}/v1/connections")
    response.raise_for_status()
    connections = response.json()
    assert sorted(c["connector"] for c in connections) == sorted(
        ["shopify", "mplus", *up.FURTHER_VENDORS]
    )
    assert all(c["status"] == "active" for c in connections), connections
    assert instructions.count("test ok") == len(up.FURTHER_VENDORS), instructions
    assert "FAILED" not in instructions
    printed = re.findall(r"http://127\.0\.0\.1:\d+/\S+", instructions)
    for vendor in up.FURTHER_VENDORS:
        url = journey.system.url(f"sim-{vendor}") + up.SIM_REQUESTS
        assert url in printed, url
        answer = await journey.plain.get(url)
        assert answer.status_code == 200, (url, answer.text[:200])
        assert answer.json()["requests"], f"{vendor}: the connection test never reached it"
