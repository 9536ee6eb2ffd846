"""`make up` seeds a demo tenant and prints a test order: that order reaches the till."""

from scripts import up
from scripts.system import RunningSystem
from scripts.system.seed import SHOP_API_VERSION, shop_api
from tests.e2e.journey import Journey
from tests.fixtures.receivers import eventually

WEBHOOKS = f"/admin/api/{SHOP_API_VERSION}/webhooks"


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
    finally:
        # The demo subscribed its connection to orders/create; later tests' orders are theirs.
        hooks = await shop_api(journey.plain, "GET", f"{journey.urls.sim_shopify}{WEBHOOKS}.json")
        for hook in hooks.json()["webhooks"]:
            if hook["address"] in instructions:
                url = f"{journey.urls.sim_shopify}{WEBHOOKS}/{hook['id']}.json"
                await shop_api(journey.plain, "DELETE", url)
        await journey.close()
