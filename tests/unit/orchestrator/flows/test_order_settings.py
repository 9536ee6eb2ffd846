"""Order-flow settings: wait-and-retry for missing products, invoices as orders or skipped."""

import uuid
from datetime import timedelta

from syncyard_common.canonical import OrderKind
from syncyard_common.messages import orders
from syncyard_orchestrator.flows.orders import OrderFlowSettings, OrderFlowState, reissue
from tests.unit.orchestrator.flows.conftest import Driver, make_order, make_run, placed

S = OrderFlowState
WAIT = OrderFlowSettings(
    missing_products="wait", missing_products_wait_minutes=10, missing_products_recheck_seconds=60
)
MISSING = placed(orders.PlacementOutcome.PRODUCTS_MISSING, missing_skus=["SKU-2"])
ALL_THERE = placed()


class TestWaitForProducts:
    def test_missing_products_wait_and_are_checked_again_later(self) -> None:
        driver = Driver(WAIT)
        run = driver.run_until(S.PLACING)
        waiting = driver.step(run, MISSING)
        assert waiting.run.state is S.WAITING_FOR_PRODUCTS
        assert waiting.command is None  # nothing is sent now
        assert waiting.wake_at == driver.now + timedelta(seconds=60)
        assert "SKU-2" in (waiting.audit[0].message or "")
        woken = reissue(waiting.run, command_id=uuid.uuid4(), now=driver.now, max_reissues=0)
        assert woken.run.state is S.PLACING
        assert isinstance(woken.command, orders.PlaceOrderV1)
        assert woken.command.model_dump(mode="json") == waiting.run.pending_command
        assert woken.run.reissue_count == 0  # waking is not a retry
        assert driver.step(woken.run, ALL_THERE).run.state is S.DONE

    def test_still_missing_when_the_window_closes_fails_with_the_skus(self) -> None:
        driver = Driver(WAIT)
        run = driver.step(driver.run_until(S.PLACING), MISSING).run
        for _ in range(9):
            driver.now += timedelta(seconds=60)
            run = reissue(run, command_id=uuid.uuid4(), now=driver.now, max_reissues=0).run
            run = driver.step(run, MISSING).run
            if run.state is S.FAILED:
                break
        assert run.state is S.FAILED
        assert "SKU-2" in (run.failure_reason or "")
        assert "still missing after 10 min" in (run.failure_reason or "")

    def test_fail_setting_fails_at_once(self, driver: Driver) -> None:
        failed = driver.step(driver.run_until(S.PLACING), MISSING)
        assert failed.run.state is S.FAILED
        assert failed.wake_at is None

    def test_the_same_order_arriving_while_waiting_is_coalesced(self) -> None:
        driver = Driver(WAIT)
        run = driver.step(driver.run_until(S.PLACING), MISSING).run
        again = orders.OrderReceivedV1(
            connection_id=make_run().source_connection_id,
            source_order_id="5001",
            topic="orders/updated",
            source_event_key="evt-2",
        )
        coalesced = driver.step(run, again)
        assert coalesced.run.state is S.WAITING_FOR_PRODUCTS
        assert coalesced.run.coalesced_count == 1


class TestInvoices:
    def test_invoice_is_created_as_an_order_by_default(self, driver: Driver) -> None:
        invoice = make_order(kind=OrderKind.INVOICE)
        run = driver.run_until(S.PLACING, invoice)
        assert run.pending_command is not None
        command = orders.PlaceOrderV1.model_validate(run.pending_command)
        assert command.order.kind is OrderKind.ORDER

    def test_invoice_is_skipped_by_setting_and_the_log_says_why(self) -> None:
        driver = Driver(OrderFlowSettings(invoices="skip"))
        run = driver.run_until(S.FETCHING)
        skipped = driver.step(run, orders.OrderFetchedV1(order=make_order(kind=OrderKind.INVOICE)))
        assert skipped.run.state is S.SKIPPED
        assert "invoice" in (skipped.audit[0].message or "")
        assert skipped.command is None
