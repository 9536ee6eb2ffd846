"""What an integration's active flows read from each connection (told to the gateway's polling)."""

import uuid
from typing import Any

from syncyard_orchestrator.integrations import reads
from syncyard_orchestrator.integrations.tables import Integration, IntegrationFlow

SHOP, TILL = uuid.uuid4(), uuid.uuid4()


def integration() -> Integration:
    return Integration(
        id=uuid.uuid4(),
        tenant_id=uuid.uuid4(),
        name="shop and till",
        source_connection_id=SHOP,
        target_connection_id=TILL,
        source_connector="shopify",
        target_connector="mplus",
    )


def flow(name: str, direction: str, *, active: bool = True, **settings: Any) -> IntegrationFlow:
    return IntegrationFlow(flow=name, direction=direction, is_active=active, settings=settings)


class TestReadsOf:
    def test_an_order_flow_to_the_till_reads_nothing_from_the_till(self) -> None:
        found = reads.reads_of(integration(), [flow("orders", "source_to_target")])
        assert found == {SHOP: {"orders"}, TILL: set()}

    def test_stock_from_the_till_reads_the_till_stock_only(self) -> None:
        found = reads.reads_of(
            integration(),
            [flow("orders", "source_to_target"), flow("stock", "target_to_source")],
        )
        assert found == {SHOP: {"orders"}, TILL: {"stock"}}

    def test_a_flow_switched_off_reads_nothing(self) -> None:
        found = reads.reads_of(integration(), [flow("products", "target_to_source", active=False)])
        assert found == {SHOP: set(), TILL: set()}

    def test_orders_both_ways_read_both_sides(self) -> None:
        found = reads.reads_of(integration(), [flow("orders", "both")])
        assert found == {SHOP: {"orders"}, TILL: {"orders"}}

    def test_status_sync_back_reads_the_orders_of_the_side_written(self) -> None:
        found = reads.reads_of(
            integration(), [flow("orders", "source_to_target", sync_status_back=True)]
        )
        assert found == {SHOP: {"orders"}, TILL: {"orders"}}
