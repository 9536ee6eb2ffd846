"""The order flow's transitions, one behaviour per test; pure code, no I/O."""

import uuid

import pytest
from pydantic import ValidationError

from syncyard_common.canonical import Address, Customer, CustomerKind, OrderLine
from syncyard_common.messages import connector_errors, customers, mapping, orders, products, runs
from syncyard_common.messages.audit import StepOutcome
from syncyard_common.messages.envelope import Message
from syncyard_common.messages.orders import PlacementOutcome
from syncyard_orchestrator.flows.orders import (
    TRANSITIONS,
    FlowEvent,
    OrderFlowSettings,
    OrderFlowState,
    OrderRun,
    create_order_key,
    decide,
    reissue,
)
from tests.unit.orchestrator.flows.conftest import T0, Driver, make_order, make_run, placed

S = OrderFlowState
RECEIVED = orders.OrderReceivedV1(
    connection_id=make_run().source_connection_id,
    source_order_id="5001",
    topic="orders/updated",
    source_event_key="evt-2",
)


def mapped(order_changes: dict[str, object] | None = None) -> mapping.RecordMappedV1:
    order = make_order(**(order_changes or {}))
    return mapping.RecordMappedV1(
        record=order.model_dump(mode="json"), mapping_id="default", mapping_version=3
    )


NOT_IN_TARGET = orders.OrderFoundV1(external_reference="shopify:5001", target_order_id=None)


class TestStartFetchAndMap:
    def test_received_order_is_fetched_afresh_from_the_source(self, driver: Driver) -> None:
        decision = driver.step(make_run(), RECEIVED)
        assert decision.run.state is S.FETCHING
        assert decision.command == orders.FetchOrderV1(
            connection_id=make_run().source_connection_id, source_order_id="5001"
        )
        assert decision.run.pending_command_id == driver.command_ids[-1]
        assert decision.run.command_sent_at == driver.now
        assert [entry.step for entry in decision.audit] == ["start"]

    def test_fetched_order_goes_to_the_mapper_with_its_number_as_entity_ref(
        self, driver: Driver
    ) -> None:
        run = driver.run_until(S.FETCHING)
        decision = driver.step(run, orders.OrderFetchedV1(order=make_order()))
        assert decision.run.state is S.MAPPING
        assert decision.run.entity_ref == "#1001"
        assert decision.run.external_reference == "shopify:5001"
        command = decision.command
        assert isinstance(command, mapping.MapRecordV1)
        assert (command.flow, command.source_connector, command.target_connector) == (
            "orders",
            "shopify",
            "mplus",
        )
        assert command.record == make_order().model_dump(mode="json")
        (entry,) = decision.audit
        assert entry.step == "fetch"
        assert entry.entity_ref == "#1001"
        assert entry.source_payload == make_order().model_dump(mode="json")
        assert entry.sent_payload is not None
        assert entry.sent_payload["type"] == "gateway.order.fetch.v1"
        assert entry.duration_ms == pytest.approx(250.0)

    def test_fetched_order_with_another_id_fails_the_run(self, driver: Driver) -> None:
        run = driver.run_until(S.FETCHING)
        decision = driver.step(run, orders.OrderFetchedV1(order=make_order(source_id="6002")))
        assert decision.run.state is S.FAILED
        assert decision.run.failure_code == "fetched_wrong_order"
        assert decision.command is None

    def test_mapped_order_is_placed_in_the_target_in_one_command(self, driver: Driver) -> None:
        run = driver.run_until(S.MAPPING)
        decision = driver.step(run, mapped())
        again = driver.step(run, mapped())  # the same decision after a crash
        assert decision.run.state is S.PLACING
        command = decision.command
        assert isinstance(command, orders.PlaceOrderV1)
        assert command == again.command
        assert command.connection_id == run.target_connection_id
        assert command.external_reference == "shopify:5001"
        assert command.idempotency_key == create_order_key(run.id)
        assert command.idempotency_key == str(
            uuid.uuid5(uuid.UUID("6f1d3c1e-8a53-5b1e-9a3f-0c2b7d1e4f10"), f"{run.id}:create_order")
        )
        assert command.employee_number == 999999
        assert command.order == make_order()
        assert command.default_debtor_id is None
        assert command.customer is not None
        assert command.customer.email == "ann@example.com"
        assert decision.run.mapped_order == make_order()
        assert decision.run.mapping_version == 3
        assert decision.audit[0].mapping_version == 3

    def test_mapped_record_that_is_not_an_order_fails_the_run(self, driver: Driver) -> None:
        run = driver.run_until(S.MAPPING)
        message = mapping.RecordMappedV1(
            record={"source_id": "5001"}, mapping_id="default", mapping_version=3
        )
        decision = driver.step(run, message)
        assert decision.run.state is S.FAILED
        assert decision.run.failure_code == "mapped_order_invalid"
        assert "currency" in (decision.run.failure_reason or "")

    def test_mapping_failure_fails_the_run_naming_field_and_reason(self, driver: Driver) -> None:
        run = driver.run_until(S.MAPPING)
        message = mapping.RecordMappingFailedV1(
            mapping_id="m", mapping_version=4, field="lines[0].sku", reason="not a string"
        )
        decision = driver.step(run, message)
        assert decision.run.state is S.FAILED
        assert decision.run.failed_step == "map"
        assert decision.run.failure_code == "mapping_failed"
        assert decision.run.failure_reason == "mapping failed on field lines[0].sku: not a string"
        (event,) = decision.events
        assert isinstance(event, runs.RunFailedV1)
        assert (event.step, event.code, event.entity_ref) == ("map", "mapping_failed", "#1001")


class TestPlacing:
    def test_order_that_already_exists_in_target_is_skipped(self, driver: Driver) -> None:
        run = driver.run_until(S.PLACING)
        decision = driver.step(run, placed(PlacementOutcome.EXISTS, target_order_id="777"))
        assert decision.run.state is S.SKIPPED
        assert decision.command is None
        assert decision.run.target_order_id == "777"
        assert decision.run.mapped_order is None  # personal data not kept past the run
        found, ended = decision.audit
        assert found.message == "order #1001 already exists in the target as 777"
        assert found.response_payload is not None
        assert ended.outcome is StepOutcome.SKIPPED
        assert decision.run.result == ended.message
        assert "open in the source: nothing to change" in ended.message
        (event,) = decision.events
        assert isinstance(event, runs.RunCompletedV1)
        assert (event.outcome, event.target_id) == ("skipped", "777")

    def test_default_debtor_books_without_a_customer(self) -> None:
        driver = Driver(OrderFlowSettings(default_debtor_id="D-42", employee_number=42))
        run = driver.run_until(S.MAPPING)
        decision = driver.step(run, mapped())
        command = decision.command
        assert isinstance(command, orders.PlaceOrderV1)
        assert (command.customer, command.default_debtor_id) == (None, "D-42")
        assert command.employee_number == 42
        assert [entry.step for entry in decision.audit] == ["map", "customer"]

    def test_order_without_email_fails_before_the_target_is_asked(self, driver: Driver) -> None:
        run = driver.run_until(S.MAPPING)
        decision = driver.step(run, mapped({"email": None, "customer": None}))
        assert decision.run.state is S.FAILED
        assert decision.command is None
        assert decision.run.failure_code == "customer_email_missing"
        assert decision.run.failure_reason == (
            "order #1001 has no e-mail address to match the customer on"
        )

    def test_order_without_email_is_booked_on_the_default_debtor(self) -> None:
        driver = Driver(OrderFlowSettings(default_debtor_id="D-42"))
        run = driver.run_until(S.MAPPING)
        decision = driver.step(run, mapped({"email": None, "customer": None}))
        assert decision.run.state is S.PLACING

    def test_unknown_customer_is_a_company_when_billing_has_a_company(self, driver: Driver) -> None:
        billing = Address(first_name="Ann", last_name="Smit", company="Smit BV", city="Utrecht")
        run = driver.run_until(S.MAPPING)
        command = driver.step(run, mapped({"billing_address": billing})).command
        assert isinstance(command, orders.PlaceOrderV1)
        assert command.customer is not None
        assert command.customer.company_name == "Smit BV"
        assert command.customer.kind is CustomerKind.COMPANY
        assert command.customer.full_name == "Ann Smit"

    def test_company_name_of_the_order_customer_makes_a_company_debtor(
        self, driver: Driver
    ) -> None:
        customer = Customer(email="ann@example.com", first_name="Ann", company_name="Ann Co")
        run = driver.run_until(S.MAPPING)
        command = driver.step(run, mapped({"customer": customer})).command
        assert isinstance(command, orders.PlaceOrderV1)
        assert command.customer is not None
        assert command.customer.company_name == "Ann Co"
        assert command.customer.last_name == "Smit"  # from the billing address
        assert command.customer.kind is CustomerKind.COMPANY

    def test_missing_products_fail_the_run_naming_every_sku(self, driver: Driver) -> None:
        run = driver.run_until(S.PLACING)
        missing = placed(PlacementOutcome.PRODUCTS_MISSING, missing_skus=["SKU-1", "SKU-2"])
        decision = driver.step(run, missing)
        assert decision.run.state is S.FAILED
        assert decision.run.failed_step == "check_products"
        assert decision.run.failure_code == "products_missing"
        assert decision.run.failure_reason == "products not found in the target: SKU-1, SKU-2"
        (event,) = decision.events
        assert isinstance(event, runs.RunFailedV1)
        assert event.reason == "products not found in the target: SKU-1, SKU-2"
        assert decision.audit[0].outcome is StepOutcome.FAILED

    def test_line_without_sku_fails_before_asking_the_target(self, driver: Driver) -> None:
        line = OrderLine(name="Gift wrap", quantity=1, unit_price=make_order().lines[0].unit_price)
        run = driver.run_until(S.MAPPING)
        decision = driver.step(run, mapped({"lines": [*make_order().lines, line]}))
        assert decision.run.state is S.FAILED
        assert decision.command is None
        assert decision.run.failure_code == "line_without_sku"
        assert "Gift wrap" in (decision.run.failure_reason or "")

    def test_order_without_lines_fails_before_asking_the_target(self, driver: Driver) -> None:
        run = driver.run_until(S.MAPPING)
        decision = driver.step(run, mapped({"lines": []}))
        assert decision.run.failure_code == "order_without_lines"

    def test_placed_order_ends_the_run_done(self, driver: Driver) -> None:
        run = driver.run_until(S.PLACING)
        decision = driver.step(run, placed())
        assert decision.run.state is S.DONE
        assert decision.run.target_order_id == "O-1"
        assert decision.run.customer_id == "R-10"
        assert decision.run.product_ids == {"SKU-1": "11", "SKU-2": "22"}
        assert decision.run.pending_command_id is None
        assert decision.run.mapped_order is None
        (event,) = decision.events
        assert isinstance(event, runs.RunCompletedV1)
        assert (event.outcome, event.target_id, event.entity_ref) == ("done", "O-1", "#1001")
        assert decision.audit[0].message == "order #1001 booked in the target as O-1 on debtor R-10"

    def test_failure_names_the_sub_step_that_was_refused(self, driver: Driver) -> None:
        run = driver.run_until(S.PLACING)
        failed = connector_errors.CommandFailedV1(
            command_type="gateway.order.place.v1",
            kind=connector_errors.ConnectorErrorKind.DATA,
            code="relation_refused",
            reason="MplusKASSA refused the debtor: name too long",
            step="upsert_customer",
        )
        decision = driver.step(run, failed)
        assert decision.run.state is S.FAILED
        assert decision.run.failed_step == "upsert_customer"
        (event,) = decision.events
        assert isinstance(event, runs.RunFailedV1)
        assert (event.step, event.code) == ("upsert_customer", "relation_refused")


def version_1_run(driver: Driver, state: OrderFlowState, command: Message) -> OrderRun:
    """A run of flow version 1, mapped and waiting in one of its one-call target steps."""
    run = driver.step(driver.run_until(S.MAPPING), mapped()).run
    return run.model_copy(
        update={
            "flow_version": 1,
            "state": state,
            "pending_command": command.model_dump(mode="json"),
        }
    )


TARGET = make_run().target_connection_id
VERSION_1_STEPS: list[tuple[OrderFlowState, Message, Message]] = [
    (
        S.CHECKING_EXISTING,
        orders.FindOrderV1(connection_id=TARGET, external_reference="shopify:5001"),
        orders.OrderFoundV1(external_reference="shopify:5001", target_order_id=None),
    ),
    (
        S.FINDING_CUSTOMER,
        customers.FindCustomerV1(connection_id=TARGET, email="ann@example.com"),
        customers.CustomerFoundV1(email="ann@example.com", customer=None),
    ),
    (
        S.UPSERTING_CUSTOMER,
        customers.UpsertCustomerV1(connection_id=TARGET, customer=Customer(email="a@b.nl")),
        customers.CustomerUpsertedV1(customer_id="R-10", was_created=True),
    ),
    (
        S.CHECKING_PRODUCTS,
        products.CheckProductsV1(connection_id=TARGET, skus=["SKU-1", "SKU-2"]),
        products.ProductsCheckedV1(found={"SKU-1": "11", "SKU-2": "22"}, missing=[]),
    ),
]


class TestUpgradeFromVersion1:
    """Runs that waited in a version 1 step when the service was upgraded still finish."""

    @pytest.mark.parametrize(("state", "command", "answer"), VERSION_1_STEPS)
    def test_an_answer_to_a_version_1_step_goes_on_to_the_placing_command(
        self, driver: Driver, state: OrderFlowState, command: Message, answer: Message
    ) -> None:
        run = version_1_run(driver, state, command)
        decision = driver.step(run, answer)
        assert decision.run.state is S.PLACING
        placing = decision.command
        assert isinstance(placing, orders.PlaceOrderV1)
        assert placing.idempotency_key == create_order_key(run.id)  # the same key as v1's create
        assert driver.step(decision.run, placed()).run.state is S.DONE

    def test_an_order_found_by_a_version_1_check_is_skipped(self, driver: Driver) -> None:
        state, command, _ = VERSION_1_STEPS[0]
        run = version_1_run(driver, state, command)
        found = orders.OrderFoundV1(external_reference="shopify:5001", target_order_id="777")
        decision = driver.step(run, found)
        assert decision.run.state is S.SKIPPED
        assert decision.run.target_order_id == "777"

    def test_a_version_1_create_answer_ends_the_run_done(self, driver: Driver) -> None:
        create = orders.CreateOrderV1(
            connection_id=TARGET,
            order=make_order(),
            external_reference="shopify:5001",
            idempotency_key="k",
        )
        run = version_1_run(driver, S.CREATING_ORDER, create)
        created = orders.OrderCreatedV1(external_reference="shopify:5001", target_order_id="O-1")
        decision = driver.step(run, created)
        assert decision.run.state is S.DONE
        assert decision.audit[0].message == "order #1001 created in the target as O-1"

    def test_a_version_1_run_waiting_for_products_checks_them_when_it_wakes(
        self, driver: Driver
    ) -> None:
        _, check, _ = VERSION_1_STEPS[3]
        run = version_1_run(driver, S.WAITING_FOR_PRODUCTS, check)
        woken = reissue(run, command_id=uuid.uuid4(), now=T0, max_reissues=0)
        assert woken.run.state is S.CHECKING_PRODUCTS
        assert woken.command == check

    def test_a_stored_version_1_run_still_loads(self) -> None:
        stored = make_run().model_dump(mode="json") | {
            "flow_version": 1,
            "state": "finding_customer",
        }
        assert OrderRun.model_validate(stored).state is S.FINDING_CUSTOMER


WAITING = [S.FETCHING, S.MAPPING, S.PLACING]


class TestFailuresDuplicatesAndStaleResults:
    @pytest.mark.parametrize("state", WAITING)
    def test_failed_command_fails_the_run_with_its_code_and_reason(
        self, driver: Driver, state: OrderFlowState
    ) -> None:
        run = driver.run_until(state)
        failed = connector_errors.CommandFailedV1(
            command_type="x",
            kind=connector_errors.ConnectorErrorKind.DATA,
            code="article_not_numeric",
            reason="MplusKASSA rejected article ABC-12: article numbers must be numeric",
        )
        decision = driver.step(run, failed)
        assert decision.run.state is S.FAILED
        assert decision.run.failure_code == "article_not_numeric"
        (event,) = decision.events
        assert isinstance(event, runs.RunFailedV1)
        assert event.reason == failed.reason
        assert decision.audit[0].response_payload == failed.model_dump(mode="json")

    @pytest.mark.parametrize("state", WAITING)
    def test_same_order_again_during_a_run_is_coalesced(
        self, driver: Driver, state: OrderFlowState
    ) -> None:
        run = driver.run_until(state)
        decision = driver.step(run, RECEIVED, causation_id=uuid.uuid4())
        assert decision.run.state is state
        assert decision.command is None
        assert decision.run.coalesced_count == 1
        assert decision.run.pending_command_id == run.pending_command_id
        assert [entry.step for entry in decision.audit] == ["coalesce"]

    def test_result_of_another_command_is_ignored(self, driver: Driver) -> None:
        run = driver.run_until(S.FETCHING)
        fetched = orders.OrderFetchedV1(order=make_order())
        decision = driver.step(run, fetched, causation_id=uuid.uuid4())
        assert not decision.changed
        assert decision.run == run

    def test_duplicate_result_after_the_step_moved_on_is_ignored(self, driver: Driver) -> None:
        run = driver.run_until(S.FETCHING)
        fetched = orders.OrderFetchedV1(order=make_order())
        moved = driver.step(run, fetched).run
        decision = driver.step(moved, fetched, causation_id=run.pending_command_id)
        assert not decision.changed

    @pytest.mark.parametrize("state", [S.DONE, S.SKIPPED, S.FAILED])
    def test_ended_run_ignores_everything(self, driver: Driver, state: OrderFlowState) -> None:
        run = make_run(state=state, pending_command_id=uuid.uuid4())
        for message in (RECEIVED, orders.OrderFetchedV1(order=make_order())):
            assert not driver.step(run, message).changed

    def test_every_waiting_state_handles_failure_and_coalescing(self) -> None:
        version_1 = [S.CHECKING_EXISTING, S.FINDING_CUSTOMER, S.UPSERTING_CUSTOMER]
        for state in [*WAITING, *version_1, S.CHECKING_PRODUCTS, S.CREATING_ORDER]:
            assert (state, connector_errors.CommandFailedV1) in TRANSITIONS
            assert (state, orders.OrderReceivedV1) in TRANSITIONS


class TestReissue:
    def test_stuck_command_is_sent_again_under_a_new_id(self, driver: Driver) -> None:
        run = driver.run_until(S.FETCHING)
        new_id = uuid.uuid4()
        decision = reissue(run, command_id=new_id, now=T0, max_reissues=3)
        assert decision.run.pending_command_id == new_id
        assert decision.run.superseded_command_ids == [run.pending_command_id]
        assert decision.command == orders.FetchOrderV1(
            connection_id=run.source_connection_id, source_order_id="5001"
        )
        assert decision.audit[0].outcome is StepOutcome.RETRYING

    def test_answer_to_the_superseded_command_still_counts(self, driver: Driver) -> None:
        run = driver.run_until(S.FETCHING)
        reissued = reissue(run, command_id=uuid.uuid4(), now=T0, max_reissues=3).run
        fetched = orders.OrderFetchedV1(order=make_order())
        decision = driver.step(reissued, fetched, causation_id=run.pending_command_id)
        assert decision.run.state is S.MAPPING

    def test_run_gives_up_after_the_last_reissue(self, driver: Driver) -> None:
        run = driver.run_until(S.FETCHING).model_copy(update={"reissue_count": 3})
        decision = reissue(run, command_id=uuid.uuid4(), now=T0, max_reissues=3)
        assert decision.run.state is S.FAILED
        assert decision.run.failure_code == "step_timed_out"
        assert decision.command is None


class TestSettings:
    def test_defaults_to_employee_999999_and_no_default_debtor(self) -> None:
        settings = OrderFlowSettings()
        assert (settings.employee_number, settings.default_debtor_id) == (999999, None)

    @pytest.mark.parametrize("value", [0, 100_000_000])
    def test_refuses_employee_number_out_of_range(self, value: int) -> None:
        with pytest.raises(ValidationError, match="employee_number"):
            OrderFlowSettings(employee_number=value)

    def test_refuses_unknown_fields(self) -> None:
        with pytest.raises(ValidationError, match="colour"):
            OrderFlowSettings.model_validate({"colour": "red"})


class TestEchoes:
    """An order this integration created, read back from its target, is never sent back."""

    def test_an_echo_ends_a_new_run_at_once(self, driver: Driver) -> None:
        event = FlowEvent(id=uuid.uuid4(), message=RECEIVED, made_by_us_from="4242")
        decision = decide(make_run(), event, OrderFlowSettings(), command_id=uuid.uuid4(), now=T0)
        assert decision.run.state is S.SKIPPED
        assert decision.command is None
        (entry,) = decision.audit
        assert entry.outcome is StepOutcome.SKIPPED
        assert entry.message == (
            "order 5001 was created by this integration from order 4242; it is not sent back "
            "(no ping-pong)"
        )
        (event_out,) = decision.events
        assert isinstance(event_out, runs.RunCompletedV1)
        assert event_out.outcome == "skipped"

    @pytest.mark.parametrize("state", [S.FETCHING, S.MAPPING, S.PLACING])
    def test_an_echo_known_only_later_ends_the_run_before_its_next_step(
        self, driver: Driver, state: OrderFlowState
    ) -> None:
        run = driver.run_until(state)
        event = FlowEvent(
            id=uuid.uuid4(),
            message=placed(),
            causation_id=run.pending_command_id,
            made_by_us_from="4242",
        )
        decision = decide(run, event, OrderFlowSettings(), command_id=uuid.uuid4(), now=T0)
        assert decision.run.state is S.SKIPPED
        assert decision.command is None
        assert decision.run.target_order_id is None

    def test_an_ended_run_stays_as_it_ended(self, driver: Driver) -> None:
        done = driver.step(driver.run_until(S.PLACING), placed()).run
        event = FlowEvent(id=uuid.uuid4(), message=RECEIVED, made_by_us_from="4242")
        decision = decide(done, event, OrderFlowSettings(), command_id=uuid.uuid4(), now=T0)
        assert not decision.changed
