"""An operator's retry of a failed run, in every flow: pure code, no I/O."""

import uuid

from syncyard_common.canonical import Order
from syncyard_common.messages import mapping, orders
from syncyard_common.messages.audit import StepOutcome
from syncyard_common.messages.orders import PlacementOutcome
from syncyard_orchestrator.flows import machines
from syncyard_orchestrator.flows.orders import OrderFlowState, OrderRun, create_order_key
from syncyard_orchestrator.flows.records import RecordFlowState, RecordRun
from tests.unit.orchestrator.flows import records_driver
from tests.unit.orchestrator.flows.conftest import T0, Driver, make_order, placed
from tests.unit.orchestrator.flows.test_record_flows import product

ORDERS = machines.machine_for("orders")
PRODUCTS = machines.machine_for("products")


def failed_order(driver: Driver) -> OrderRun:
    run = driver.run_until(OrderFlowState.PLACING)
    missing = placed(PlacementOutcome.PRODUCTS_MISSING, missing_skus=["SKU-2"])
    failed = driver.step(run, missing).run
    assert failed.state is OrderFlowState.FAILED
    return failed


class TestOrderRetry:
    def test_failed_run_is_fetched_again_and_counts_the_retry(self, driver: Driver) -> None:
        failed = failed_order(driver)
        command_id = uuid.uuid4()
        decision = ORDERS.retry(failed, {}, asked_by="ops@shop", command_id=command_id, now=T0)
        run = decision.run
        assert run.state is OrderFlowState.FETCHING
        assert decision.command == orders.FetchOrderV1(
            connection_id=failed.source_connection_id, source_order_id="5001"
        )
        assert (run.pending_command_id, run.retry_count) == (command_id, 1)
        assert (run.failed_step, run.failure_code, run.failure_reason) == (None, None, None)
        (entry,) = decision.audit
        assert (entry.step, entry.outcome) == ("retry", StepOutcome.OK)
        assert entry.message is not None
        assert "asked by ops@shop" in entry.message
        assert "check_products" in entry.message
        assert "products_missing" in entry.message
        assert entry.source_payload is not None
        assert entry.source_payload["asked_by"] == "ops@shop"
        assert entry.source_payload["failure_code"] == "products_missing"

    def test_retried_run_is_mapped_again_and_placed_under_a_key_of_its_own(
        self, driver: Driver
    ) -> None:
        failed = failed_order(driver)
        run = ORDERS.retry(failed, {}, asked_by="a", command_id=uuid.uuid4(), now=T0).run
        assert isinstance(run, OrderRun)
        fetched = driver.step(run, orders.OrderFetchedV1(order=_order()))
        assert isinstance(fetched.command, mapping.MapRecordV1)  # the current mapping
        remapped = mapping.RecordMappedV1(
            record=_order().model_dump(mode="json"), mapping_id="default", mapping_version=4
        )
        placing = driver.step(fetched.run, remapped)
        command = placing.command
        assert isinstance(command, orders.PlaceOrderV1)
        assert placing.run.mapping_version == 4
        # A refused create is replayed for its key by the till: the retry needs a new one.
        assert command.idempotency_key == create_order_key(run.id, 1)
        assert command.idempotency_key != create_order_key(run.id)
        assert command.external_reference == "shopify:5001"  # looked up before any write
        done = driver.step(placing.run, placed())
        assert done.run.state is OrderFlowState.DONE
        (completed,) = done.events
        assert completed.model_dump()["run_id"] == run.id  # the event alerts resolve on

    def test_order_found_in_the_target_on_retry_is_not_booked_again(self, driver: Driver) -> None:
        failed = failed_order(driver)
        retried = ORDERS.retry(failed, {}, asked_by="a", command_id=uuid.uuid4(), now=T0).run
        assert isinstance(retried, OrderRun)
        run = driver.step(retried, orders.OrderFetchedV1(order=_order())).run
        mapped = mapping.RecordMappedV1(
            record=_order().model_dump(mode="json"), mapping_id="default", mapping_version=3
        )
        run = driver.step(run, mapped).run
        found = driver.step(run, placed(PlacementOutcome.EXISTS, target_order_id="O-7"))
        assert found.command is None
        assert found.run.state is OrderFlowState.SKIPPED
        assert found.run.target_order_id == "O-7"

    def test_only_failed_runs_are_retried(self, driver: Driver) -> None:
        run = driver.run_until(OrderFlowState.PLACING)
        done = driver.step(run, placed()).run
        assert ORDERS.why_not_retry(done) == "the run is done, not failed"
        decision = ORDERS.retry(done, {}, asked_by="a", command_id=uuid.uuid4(), now=T0)
        assert decision.changed is False


def _order() -> Order:
    return make_order()


class TestRecordRetry:
    def _failed(self) -> RecordRun:
        driver = records_driver.Driver("products")
        run = driver.start(records_driver.make_run("products", "1001"), product()).run
        failed = driver.step(
            run,
            mapping.RecordMappingFailedV1(
                mapping_id="m", mapping_version=3, field="name", reason="boom"
            ),
        ).run
        assert failed.state is RecordFlowState.FAILED
        return failed

    def test_failed_run_keeps_its_record_for_a_retry(self) -> None:
        assert self._failed().record == product()

    def test_retry_maps_the_kept_record_again(self) -> None:
        failed = self._failed()
        decision = PRODUCTS.retry(failed, {}, asked_by="ops", command_id=uuid.uuid4(), now=T0)
        assert decision.run.state is RecordFlowState.MAPPING
        assert isinstance(decision.command, mapping.MapRecordV1)
        assert decision.command.record == product()
        assert decision.run.retry_count == 1
        assert decision.run.failure_code is None
        assert [entry.step for entry in decision.audit] == ["retry", "start"]

    def test_run_without_a_kept_record_cannot_be_retried(self) -> None:
        failed = self._failed().model_copy(update={"record": None})
        assert PRODUCTS.why_not_retry(failed) is not None
        decision = PRODUCTS.retry(failed, {}, asked_by="ops", command_id=uuid.uuid4(), now=T0)
        assert decision.changed is False
