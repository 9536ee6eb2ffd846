"""The answers to order re-reads, built from an order read in a batch (see order_reads)."""

from pydantic import BaseModel

from syncyard_common.canonical import Order
from syncyard_common.messages import orders, records
from syncyard_gateway.commands.outcome import Outcome


def order_to_read(command: BaseModel) -> str | None:
    """The order id a command re-reads from its source, or None for any other command."""
    if isinstance(command, orders.FetchOrderV1):
        return command.source_order_id
    if isinstance(command, records.FetchRecordV1) and command.entity == "orders":
        return command.record_id
    return None


def outcome(command: BaseModel, order: Order) -> Outcome:
    """What the command answers: the order fetched, or announced as changed."""
    reference = order.number or order.source_id
    if isinstance(command, records.FetchRecordV1):
        changed = records.RecordChangedV1(
            connection_id=command.connection_id,
            entity=command.entity,
            source_id=order.source_id or command.record_id,
            record=order.model_dump(mode="json"),
            topic=command.topic,
            source_event_key=command.source_event_key,
        )
        return Outcome(changed, reference)
    return Outcome(orders.OrderFetchedV1(order=order), reference)
