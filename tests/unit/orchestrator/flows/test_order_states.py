"""Which order states are booked (setting not_booked), and the booking settings the gateway gets."""

from syncyard_common.canonical import ChargeKind, OrderStatus
from syncyard_common.messages import orders
from syncyard_orchestrator.flows.orders import Decision, OrderFlowSettings, OrderFlowState
from tests.unit.orchestrator.flows.conftest import Driver, make_order, placed

S = OrderFlowState


def fetched(driver: Driver, **fields: object) -> Decision:
    run = driver.run_until(S.FETCHING)
    return driver.step(run, orders.OrderFetchedV1(order=make_order(**fields)))


def test_a_voided_order_is_not_booked_by_default_and_the_log_says_why() -> None:
    decision = fetched(Driver(OrderFlowSettings()), financial_status="voided")
    assert decision.run.state is S.SKIPPED
    text = decision.audit[0].message or ""
    assert "voided" in text
    assert "not_booked" in text


def test_a_cancelled_order_is_not_booked_by_default() -> None:
    decision = fetched(Driver(OrderFlowSettings()), status=OrderStatus.CANCELLED)
    assert decision.run.state is S.SKIPPED


def test_the_setting_decides_which_states_are_booked() -> None:
    settings = OrderFlowSettings(not_booked=["pending"])
    assert fetched(Driver(settings), financial_status="voided").run.state is S.MAPPING
    assert fetched(Driver(settings), financial_status="pending").run.state is S.SKIPPED


def test_the_placing_command_carries_the_booking_settings() -> None:
    settings = OrderFlowSettings(
        shipping_article_sku="900001", foreign_currency="convert", long_texts="truncate"
    )
    run = Driver(settings).run_until(S.PLACING)
    assert run.pending_command is not None
    command = orders.PlaceOrderV1.model_validate(run.pending_command)
    assert command.booking.charge_articles[ChargeKind.SHIPPING] == "900001"
    assert command.booking.foreign_currency == "convert"
    assert command.booking.long_texts == "truncate"


def test_what_the_check_changed_to_book_the_order_is_in_the_runs_log() -> None:
    driver = Driver(OrderFlowSettings())
    run = driver.run_until(S.PLACING)
    note = "Ecwid's total is 398.00 EUR, the source's 408.00 EUR (difference 1000 minor units)"
    done = driver.step(run, placed(booking_notes=[note]))
    assert done.run.state is S.DONE
    assert note in (done.audit[-1].message or "")


def test_a_missing_charge_article_names_the_setting_to_change() -> None:
    driver = Driver(OrderFlowSettings())
    run = driver.run_until(S.PLACING)
    missing = placed(orders.PlacementOutcome.PRODUCTS_MISSING, missing_skus=["SHIPPING"])
    failed = driver.step(run, missing)
    assert failed.run.state is S.FAILED
    assert "SHIPPING is the order flow setting shipping_article_sku" in (
        failed.run.failure_reason or ""
    )
