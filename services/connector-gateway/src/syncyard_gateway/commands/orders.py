"""Order commands: fetch from a source, look up and create in a target, set a status."""

from syncyard_common.messages import order_status, orders
from syncyard_gateway.commands.outcome import Outcome, require, unsupported
from syncyard_gateway.connectors import base
from syncyard_gateway.connectors.errors import UnsupportedOperation


async def fetch_order(connector: base.Connector, command: orders.FetchOrderV1) -> Outcome:
    require(connector, base.Entity.ORDERS, "read")
    if not isinstance(connector, base.OrderSource):
        raise unsupported(connector, "read orders")
    order = await connector.get_order(command.source_order_id)
    return Outcome(orders.OrderFetchedV1(order=order), order.number or order.source_id)


async def find_order(connector: base.Connector, command: orders.FindOrderV1) -> Outcome:
    require(connector, base.Entity.ORDERS, "write")
    if not isinstance(connector, base.OrderTarget):
        raise unsupported(connector, "look up orders")
    found = await connector.find_order(command.external_reference)
    result = orders.OrderFoundV1(
        external_reference=command.external_reference, target_order_id=found
    )
    return Outcome(result, command.external_reference)


async def create_order(connector: base.Connector, command: orders.CreateOrderV1) -> Outcome:
    require(connector, base.Entity.ORDERS, "write")
    if not isinstance(connector, base.OrderTarget):
        raise unsupported(connector, "create orders")
    created = await connector.create_order(
        command.order,
        external_reference=command.external_reference,
        idempotency_key=command.idempotency_key,
        options=command.options,
    )
    result = orders.OrderCreatedV1(
        external_reference=command.external_reference,
        target_order_id=created.target_order_id,
        was_replayed=created.was_replayed,
    )
    return Outcome(result, command.order.number or command.external_reference)


async def set_order_status(
    connector: base.Connector, command: order_status.SetOrderStatusV1
) -> Outcome:
    if command.status not in connector.capabilities.order_statuses or not isinstance(
        connector, base.OrderStatusTarget
    ):
        raise UnsupportedOperation(
            f"{connector.title} cannot mark an order {command.status.value}."
        )
    await connector.set_order_status(command.order_id, command.status)
    result = order_status.OrderStatusSetV1(order_id=command.order_id, status=command.status)
    return Outcome(result, command.order_id)
