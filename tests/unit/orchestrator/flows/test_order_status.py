"""Order status sync back (a record flow without mapping): one pass per change, never a loop."""

import uuid
from datetime import timedelta

from syncyard_common.canonical import Order, OrderStatus
from syncyard_common.messages import order_status, orders
from syncyard_orchestrator.flows.order_status.rules import OrderStatusRules
from syncyard_orchestrator.flows.orders import OrderFlowSettings
from syncyard_orchestrator.flows.records import Decision, RecordFlowState, RecordRun, decide
from tests.unit.orchestrator.flows.records_driver import T0, changed, make_run

RULES = OrderStatusRules()
SETTINGS = OrderFlowSettings(sync_status_back=True)


def step(run: RecordRun, message: object, minute: int) -> Decision:
    return decide(
        RULES,
        run,
        message,  # type: ignore[arg-type]
        SETTINGS,
        causation_id=run.pending_command_id,
        command_id=uuid.uuid4(),
        now=T0 + timedelta(minutes=minute),
    )


def fetched(status: OrderStatus) -> orders.OrderFetchedV1:
    return orders.OrderFetchedV1(order=Order(source_id="55", currency="EUR", status=status))


def test_a_change_arriving_mid_run_is_read_once_more_then_the_run_ends() -> None:
    run = make_run(
        "order_status", "55", links={"origin_order_id": "7", "settable_statuses": "shipped"}
    )
    started = step(run, changed("orders", "55", {"source_id": "55"}), 0)
    assert isinstance(started.command, orders.FetchOrderV1)
    again = step(started.run, changed("orders", "55", {"source_id": "55"}), 1)
    assert again.run.newer_record is not None
    restarted = step(again.run, fetched(OrderStatus.PAID), 2)  # paid: cannot be told
    assert restarted.run.state is RecordFlowState.FINDING
    assert restarted.run.newer_record is None
    ended = step(restarted.run, fetched(OrderStatus.PAID), 3)
    assert ended.run.state is RecordFlowState.SKIPPED


def test_shipped_is_set_on_the_original_order() -> None:
    run = make_run(
        "order_status", "55", links={"origin_order_id": "7", "settable_statuses": "shipped"}
    )
    started = step(run, changed("orders", "55", {"source_id": "55"}), 0)
    written = step(started.run, fetched(OrderStatus.SHIPPED), 1)
    assert isinstance(written.command, order_status.SetOrderStatusV1)
    assert (written.command.order_id, written.command.status) == ("7", OrderStatus.SHIPPED)
