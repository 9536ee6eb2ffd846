"""What a run would do, in the dry run's words: the write it would send, or why it stops.

Pure: built from the flow's own decision (its run, its command, its activity-log text)."""

from typing import Any

from syncyard_common.messages import categories, customers, orders, products, stock
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.dry_run.schemas import RecordDecision
from syncyard_orchestrator.flows.orders import change_for
from syncyard_orchestrator.integrations import connector_capabilities


def ended(run: Any, text: str | None, steps: list[str]) -> RecordDecision:
    """A run that ended before its write: skipped (why, as the log says) or failed (its
    reason); ``steps`` are writes it would have made before (an order's customer)."""
    if str(run.state) == "failed":
        return RecordDecision(
            action="fail", fields=steps, reason=run.failure_reason, code=run.failure_code
        )
    target_id = getattr(run, "target_id", None) or getattr(run, "target_order_id", None)
    return RecordDecision(action="skip", fields=steps, reason=text, target_id=target_id)


def order_update(run: Any, text: str | None, steps: list[str]) -> RecordDecision:
    """An order the target has already, whose newest state asks for a change: the run would
    read the target order and set that status (unless it has it already)."""
    change = change_for(
        run.source_status,
        run.source_financial_status,
        connector_capabilities.order_statuses(run.target_connector),
        run.target_connector,
    )
    status = change.status.value if change.status else "?"
    fields = [*steps, f"order {run.booked_as}: status {status} (unless it is so already)"]
    return RecordDecision(action="update", fields=fields, reason=text, target_id=run.booked_as)


def waiting(text: str | None, steps: list[str]) -> RecordDecision:
    """The order flow's wait setting: the run would check the products again later."""
    return RecordDecision(action="wait", fields=steps, reason=text, code="products_missing")


def write(run: Any, command: Message, text: str | None, steps: list[str]) -> RecordDecision:
    """The write the run would send now, with the fields it would write."""
    fields = list(getattr(run, "written_fields", []))
    if isinstance(command, products.WriteProductV1):
        action = "create" if command.product_id is None else "update"
        return RecordDecision(
            action=action, fields=fields, reason=text, target_id=command.product_id
        )
    if isinstance(command, customers.UpsertCustomerV1):
        action = "create" if command.existing_id is None else "update"
        return RecordDecision(
            action=action, fields=fields, reason=text, target_id=command.existing_id
        )
    if isinstance(command, stock.SetStockV1):
        return RecordDecision(action="update", fields=fields, reason=text, target_id=command.sku)
    if isinstance(command, categories.UpsertCategoryV1):
        action = "create" if run.found_id is None else "update"
        return RecordDecision(action=action, fields=fields, reason=text, target_id=run.found_id)
    if isinstance(command, orders.CreateOrderV1 | orders.PlaceOrderV1):
        order = command.order
        lines = f"{len(order.lines)} line{'s' if len(order.lines) != 1 else ''}"
        fields = [*steps, f"order {order.number or order.source_id} with {lines}"]
        return RecordDecision(action="create", fields=fields, reason=text)
    return RecordDecision(action="create", fields=[type(command).__name__], reason=text)
