"""Order status sync back: read the order we created, set its status on the original order.

A run of this flow starts when an order this integration created changes in the target. Its
``source`` is that target side (read), its ``target`` the side the order came from (written);
``links["origin_order_id"]`` is the original order's id there, ``links["settable_statuses"]``
what that side can be told (from its connector's capabilities)."""

from typing import Any

from pydantic import BaseModel

from syncyard_common.messages import order_status, orders
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows.orders import OrderFlowSettings
from syncyard_orchestrator.flows.records import EntityLink, Plan, RecordRun

FLOW = "order_status"


class OrderStatusRules:
    flow = FLOW
    entity = "orders"
    maps = False
    settings_model: type[BaseModel] = OrderFlowSettings
    found_type: type[Message] | None = orders.OrderFetchedV1
    written_type: type[Message] = order_status.OrderStatusSetV1

    def entity_ref(self, record: dict[str, Any]) -> str:
        return str(record.get("number") or record.get("source_id") or "?")

    def screen(self, record: dict[str, Any], settings: OrderFlowSettings) -> str | None:
        if not settings.sync_status_back:
            return "order status sync back is off (setting)"
        return None

    def find(self, run: RecordRun, mapped: dict[str, Any], settings: OrderFlowSettings) -> Message:
        return orders.FetchOrderV1(
            connection_id=run.source_connection_id, source_order_id=run.source_id
        )

    def plan(
        self,
        run: RecordRun,
        mapped: dict[str, Any],
        found: Message | None,
        settings: OrderFlowSettings,
    ) -> Plan:
        assert isinstance(found, orders.OrderFetchedV1)
        status = found.order.status
        if status is None:
            return Plan(skip_reason="the order is not paid, shipped or cancelled yet")
        settable = run.links.get("settable_statuses", "").split(",")
        if status.value not in settable:
            return Plan(skip_reason=f"the order's source cannot be marked {status.value}")
        command = order_status.SetOrderStatusV1(
            connection_id=run.target_connection_id,
            order_id=run.links["origin_order_id"],
            status=status,
        )
        return Plan(command=command, fields=[f"status {status.value}"])

    def written(self, run: RecordRun, result: Message) -> tuple[str, list[EntityLink]]:
        assert isinstance(result, order_status.OrderStatusSetV1)
        return result.order_id, []
