"""Later changes of a booked order follow it: the pure decision and the flow's update steps."""

import pytest

from syncyard_common.canonical import OrderStatus
from syncyard_common.messages import connector_errors, order_status, orders, runs
from syncyard_common.messages.audit import StepOutcome
from syncyard_common.messages.connector_errors import ConnectorErrorKind
from syncyard_orchestrator.flows.orders import OrderFlowState, OrderRun
from syncyard_orchestrator.flows.orders._update import change_for, target_answer
from tests.unit.orchestrator.flows.conftest import Driver, make_order, make_run, placed

S = OrderFlowState
TILL = frozenset({"cancelled", "shipped"})  # what the till's connector can set
SHOP = frozenset({"cancelled", "paid", "shipped"})
RECEIVED = orders.OrderReceivedV1(
    connection_id=make_run().source_connection_id,
    source_order_id="5001",
    topic="orders/cancelled",
    source_event_key="evt-9",
)


@pytest.mark.parametrize(
    ("status", "financial", "settable", "wanted"),
    [
        (OrderStatus.CANCELLED, "paid", TILL, OrderStatus.CANCELLED),
        (OrderStatus.PAID, "refunded", TILL, OrderStatus.CANCELLED),  # full refund cancels
        (OrderStatus.SHIPPED, "paid", TILL, OrderStatus.SHIPPED),
        (OrderStatus.CANCELLED, "refunded", TILL, OrderStatus.CANCELLED),
        (OrderStatus.PAID, "paid", SHOP, OrderStatus.PAID),
        (OrderStatus.PAID, "paid", TILL, None),  # the till cannot be told "paid"
        (None, "pending", TILL, None),
    ],
)
def test_the_newest_source_state_decides_the_one_change(
    status: OrderStatus | None, financial: str, settable: frozenset[str], wanted: OrderStatus | None
) -> None:
    assert change_for(status, financial, settable, "mplus").status is wanted


def test_a_change_the_target_cannot_make_is_named() -> None:
    change = change_for(OrderStatus.PAID, "paid", TILL, "mplus")
    assert change.not_applied == ["mplus cannot mark an order paid"]
    partial = change_for(OrderStatus.SHIPPED, "partially_refunded", TILL, "mplus")
    assert partial.status is OrderStatus.SHIPPED
    assert "a partial refund is not recorded" in partial.not_applied[0]


def test_the_target_order_is_left_when_it_has_the_state_or_is_cancelled() -> None:
    assert target_answer(OrderStatus.CANCELLED, OrderStatus.CANCELLED) is not None
    assert target_answer(OrderStatus.SHIPPED, OrderStatus.SHIPPED) is not None
    assert "not marked shipped" in (target_answer(OrderStatus.SHIPPED, OrderStatus.CANCELLED) or "")
    assert target_answer(OrderStatus.CANCELLED, OrderStatus.SHIPPED) is None
    assert target_answer(OrderStatus.SHIPPED, None) is None


def booked_run(driver: Driver, order_status: OrderStatus | None, **order: object) -> OrderRun:
    """A new run for order 5001, booked earlier as till order O-7, once the order is read."""
    run = driver.step(make_run(), RECEIVED).run
    fetched = orders.OrderFetchedV1(order=make_order(status=order_status, **order))
    return driver.step(run, fetched, booked_as="O-7").run


def target(status: OrderStatus | None) -> orders.OrderFetchedV1:
    return orders.OrderFetchedV1(order=make_order(source_id="O-7", status=status))


def test_a_cancelled_booked_order_cancels_the_target_order_once(driver: Driver) -> None:
    run = booked_run(driver, OrderStatus.CANCELLED, financial_status="voided")
    assert run.state is S.READING_TARGET_ORDER  # not skipped as "not booked": it is booked
    assert run.pending_command is not None
    assert run.pending_command["connection_id"] == str(run.target_connection_id)
    assert run.pending_command["source_order_id"] == "O-7"
    decision = driver.step(run, target(None))
    assert isinstance(decision.command, order_status.SetOrderStatusV1)
    assert (decision.command.order_id, decision.command.status) == ("O-7", OrderStatus.CANCELLED)
    assert decision.run.state is S.UPDATING_ORDER
    done = driver.step(
        decision.run, order_status.OrderStatusSetV1(order_id="O-7", status="cancelled")
    )
    assert done.run.state is S.DONE
    assert done.run.target_order_id == "O-7"
    assert done.run.result == ("order O-7 in the target marked cancelled (cancelled in the source)")
    (event,) = done.events
    assert isinstance(event, runs.RunCompletedV1)
    assert (event.outcome, event.target_id) == ("done", "O-7")


def test_an_order_cancelled_in_the_target_already_is_not_cancelled_again(driver: Driver) -> None:
    run = booked_run(driver, OrderStatus.CANCELLED)
    decision = driver.step(run, target(OrderStatus.CANCELLED))
    assert decision.command is None
    assert decision.run.state is S.SKIPPED
    assert "it is cancelled there already" in (decision.run.result or "")


def test_fulfilled_then_paid_webhooks_in_any_order_end_delivered(driver: Driver) -> None:
    """Both webhooks' runs read the order as it is now (paid and fulfilled): the first
    delivers the target order, the second finds it delivered."""
    first = booked_run(driver, OrderStatus.SHIPPED, financial_status="paid")
    setting = driver.step(first, target(None))
    assert isinstance(setting.command, order_status.SetOrderStatusV1)
    assert setting.command.status is OrderStatus.SHIPPED
    second = booked_run(driver, OrderStatus.SHIPPED, financial_status="paid")
    left = driver.step(second, target(OrderStatus.SHIPPED))
    assert left.run.state is S.SKIPPED
    assert "it is shipped there already" in (left.run.result or "")


def test_a_change_the_target_cannot_apply_ends_skipped_saying_why(driver: Driver) -> None:
    run = booked_run(driver, OrderStatus.PAID, financial_status="paid")
    assert run.state is S.SKIPPED
    assert run.pending_command is None
    assert run.result == (
        "order #1001 already exists in the target as O-7; paid in the source; "
        "mplus cannot mark an order paid"
    )


def test_a_cancelled_target_order_is_not_delivered(driver: Driver) -> None:
    run = booked_run(driver, OrderStatus.SHIPPED)
    decision = driver.step(run, target(OrderStatus.CANCELLED))
    assert decision.run.state is S.SKIPPED
    assert "a cancelled order is not marked shipped" in (decision.run.result or "")


def test_a_cancel_during_creation_is_applied_after_it(driver: Driver) -> None:
    run = driver.run_until(S.PLACING)
    run = driver.step(run, RECEIVED).run  # orders/cancelled while the order is being placed
    assert run.changed_meanwhile
    booked = driver.step(run, placed())
    assert booked.run.state is S.FETCHING  # read again before the run ends
    assert booked.run.booked_as == "O-1"
    assert booked.run.placed_now
    assert isinstance(booked.command, orders.FetchOrderV1)
    cancelled = orders.OrderFetchedV1(order=make_order(status=OrderStatus.CANCELLED))
    reading = driver.step(booked.run, cancelled)
    assert reading.run.state is S.READING_TARGET_ORDER
    setting = driver.step(reading.run, target(None))
    assert isinstance(setting.command, order_status.SetOrderStatusV1)
    assert setting.command.order_id == "O-1"
    done = driver.step(
        setting.run, order_status.OrderStatusSetV1(order_id="O-1", status="cancelled")
    )
    assert done.run.state is S.DONE


def test_an_order_read_again_unchanged_ends_done_as_booked(driver: Driver) -> None:
    run = driver.run_until(S.PLACING)
    run = driver.step(run, RECEIVED).run
    booked = driver.step(run, placed())
    again = driver.step(booked.run, orders.OrderFetchedV1(order=make_order()))
    assert again.run.state is S.DONE
    assert again.run.target_order_id == "O-1"
    (read, ended) = again.audit
    assert read.step == "fetch"
    assert ended.outcome is StepOutcome.OK
    assert "open in the source: nothing to change" in ended.message


def test_a_cancel_before_the_order_reached_the_target_books_nothing(driver: Driver) -> None:
    run = driver.step(make_run(), RECEIVED).run
    fetched = orders.OrderFetchedV1(order=make_order(status=OrderStatus.CANCELLED))
    decision = driver.step(run, fetched)  # no link: never booked
    assert decision.run.state is S.SKIPPED
    assert "not booked as sales" in (decision.run.result or "")


def test_a_target_that_lost_the_order_fails_the_update_with_its_reason(driver: Driver) -> None:
    run = booked_run(driver, OrderStatus.CANCELLED)
    failed = connector_errors.CommandFailedV1(
        command_type="gateway.order.fetch.v1",
        kind=ConnectorErrorKind.NOT_FOUND,
        code="not_found",
        reason="MplusKASSA has no order 'O-7'.",
    )
    decision = driver.step(run, failed)
    assert decision.run.state is S.FAILED
    assert decision.run.failed_step == "update_order"
    assert decision.run.failure_reason == "MplusKASSA has no order 'O-7'."


def test_a_cancel_arriving_while_a_delivery_is_made_is_applied_after_it(driver: Driver) -> None:
    run = booked_run(driver, OrderStatus.SHIPPED)
    delivering = driver.step(run, target(None)).run
    delivering = driver.step(delivering, RECEIVED).run  # orders/cancelled meanwhile
    delivered = driver.step(
        delivering, order_status.OrderStatusSetV1(order_id="O-7", status="shipped")
    )
    assert delivered.run.state is S.FETCHING  # read again: the newest state wins
    assert not delivered.run.changed_meanwhile
    cancelled = orders.OrderFetchedV1(order=make_order(status=OrderStatus.CANCELLED))
    reading = driver.step(delivered.run, cancelled)
    setting = driver.step(reading.run, target(OrderStatus.SHIPPED))
    assert isinstance(setting.command, order_status.SetOrderStatusV1)
    assert setting.command.status is OrderStatus.CANCELLED
    done = driver.step(
        setting.run, order_status.OrderStatusSetV1(order_id="O-7", status="cancelled")
    )
    assert done.run.state is S.DONE
    assert "marked cancelled" in (done.run.result or "")


def test_a_run_read_again_after_its_change_names_the_change_in_its_result(
    driver: Driver,
) -> None:
    run = booked_run(driver, OrderStatus.CANCELLED)
    setting = driver.step(run, target(None)).run
    setting = driver.step(setting, RECEIVED).run  # the same webhook delivered again
    again = driver.step(setting, order_status.OrderStatusSetV1(order_id="O-7", status="cancelled"))
    reading = driver.step(
        again.run, orders.OrderFetchedV1(order=make_order(status=OrderStatus.CANCELLED))
    )
    done = driver.step(reading.run, target(OrderStatus.CANCELLED))
    assert done.run.state is S.DONE
    assert (done.run.result or "").startswith(
        "order O-7 in the target marked cancelled (cancelled in the source); read again: "
    )
