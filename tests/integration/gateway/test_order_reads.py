"""Re-reads of many orders of one shop go out together: one remote call serves many commands,
each command still gets its own order (as the shop has it now), the same order read once."""

import asyncio
import uuid
from typing import Any

from syncyard_common.broker.publisher import Publisher
from syncyard_common.messages import Envelope, orders
from tests.fixtures.eventually import eventually
from tests.integration.gateway import factories
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.test_commands import command, publisher
from tests.integration.gateway.test_shopify_intake import credentials, shop_sim, shopify

__all__ = ["publisher", "shopify"]  # module fixtures shared with other tests

ORDERS = 30


def order_reads(seen: list[dict[str, Any]]) -> int:
    """Calls among ``seen`` (the shop's request log) that read orders (one by id, or a list)."""
    return sum(
        1 for r in seen if r["method"] == "GET" and r["path"].split("/")[-1].startswith("orders")
    ) + sum(1 for r in seen if r["method"] == "GET" and "/orders/" in r["path"])


async def test_a_burst_of_re_reads_is_served_by_a_few_calls_with_the_newest_data(
    gateway: RunningGateway,
    bus: BusRecorder,
    publisher: Publisher,
    shopify: str,
    tenant_id: uuid.UUID,
) -> None:
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client, **credentials(shopify))
    connection_id = uuid.UUID(created["id"])
    async with shop_sim(shopify) as sim:
        placed = []
        for n in range(ORDERS):
            body = {
                "email": f"burst{n}@example.nl",
                "line_items": [{"title": "Roggebrood", "price": "3.95", "quantity": 1}],
            }
            placed.append(await sim.place_order(body))
        # The first order changed after its webhook was sent: the re-read must see the change.
        first = placed[0]["id"]
        await sim.admin_call(
            "POST", f"/orders/{first}/cancel.json", {"reason": "customer"}, expect=200
        )
        # Only the calls from here on are counted.
        seen_before = len(await sim.requests())
        # Every order announced once, the first one twice more (duplicate, out of order).
        sent: list[Envelope] = [
            command(
                tenant_id,
                orders.FetchOrderV1(connection_id=connection_id, source_order_id=str(o["id"])),
            )
            for o in [*placed, placed[0], placed[0]]
        ]
        await asyncio.gather(*(publisher.publish(envelope) for envelope in sent))

        def answered() -> list[Envelope]:
            ids = {e.id for e in sent}
            return [
                e
                for e in bus.of_tenant(tenant_id, "connector.order.fetched.v1")
                if e.causation_id in ids
            ]

        results = await eventually(lambda: len(answered()) == len(sent) and answered(), timeout=30)
        calls = order_reads((await sim.requests())[seen_before:])
    by_command = {e.causation_id: e.payload["order"] for e in results}
    for envelope in sent:
        assert by_command[envelope.id]["source_id"] == envelope.payload["source_order_id"]
    firsts = [by_command[e.id] for e in sent if e.payload["source_order_id"] == str(first)]
    assert [o["status"] for o in firsts] == ["cancelled"] * 3
    # Without coalescing: one call per command (32). Batches form while reads wait together.
    assert calls < len(sent) // 2, calls
