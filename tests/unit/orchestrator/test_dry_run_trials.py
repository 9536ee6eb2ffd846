"""The dry run's pure part: sample records through the flows' real ``decide``, answered from
look-ups; the first write ends the trial and becomes the decision shown."""

import uuid
from datetime import UTC, datetime
from typing import Any

from syncyard_common.messages import products
from syncyard_orchestrator.dry_run import lookups, trials
from syncyard_orchestrator.dry_run.peers import Preview
from syncyard_orchestrator.dry_run.schemas import FieldProblem
from syncyard_orchestrator.flows import flow_rules, orders
from syncyard_orchestrator.flows.products.settings import ProductFlowSettings
from syncyard_orchestrator.flows.stock.settings import StockFlowSettings

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
SIDES = trials.Sides(
    integration_id=uuid.UUID("00000000-0000-4000-8000-0000000000bb"),
    tenant_id=uuid.UUID("00000000-0000-4000-8000-0000000000aa"),
    direction="source_to_target",
    source_connection_id=uuid.UUID("00000000-0000-4000-8000-0000000000c1"),
    source_connector="mplus",
    target_connection_id=uuid.UUID("00000000-0000-4000-8000-0000000000c2"),
    target_connector="shopify",
)


def product(sku: str, **changes: Any) -> dict[str, Any]:
    base = {
        "sku": sku,
        "source_id": f"src-{sku}",
        "name": "Vase",
        "price": {"amount": 2450, "currency": "EUR"},
        "description": "Blue",
        "quantity": 4,
    }
    return {**base, **changes}


def start_product(record: dict[str, Any], settings: ProductFlowSettings) -> trials.Trial:
    machine = trials.RecordMachine(flow_rules.rules_for("products"), settings)
    return trials.start_record(
        SIDES, machine, record, run_id=uuid.uuid4(), links={}, found_id=None, now=NOW
    )


def map_as_is(trial: trials.Trial, version: int = 3) -> None:
    assert trial.needs_mapping
    record = dict(getattr(trial.waiting_for, "record", {}))
    trials.mapped(trial, Preview(record, []), mapping_id="m-1", version=version, now=NOW)


class TestProducts:
    settings = ProductFlowSettings(update_fields=["name", "price"])

    def test_an_existing_product_is_updated_in_the_ticked_fields_that_changed(self) -> None:
        trial = start_product(product("100"), self.settings)
        map_as_is(trial)
        assert trial.lookup == lookups.Lookup("products", ("100",))
        # In the target: another name (ticked), another description and stock (not ticked).
        theirs = product("100", name="Old vase", description="Red", quantity=9)
        trials.answered(trial, {"100": {"product_id": "p-7", "product": theirs}}, now=NOW)
        assert trial.decision is not None
        assert trial.decision.action == "update"
        assert trial.decision.fields == ["name"]
        assert trial.decision.target_id == "p-7"
        assert trial.mapping_version == 3
        assert trial.mapped is not None
        assert trial.mapped["sku"] == "100"

    def test_nothing_changed_in_the_ticked_fields_is_a_skip_saying_so(self) -> None:
        trial = start_product(product("100"), self.settings)
        map_as_is(trial)
        theirs = product("100", description="Red")
        trials.answered(trial, {"100": {"product_id": "p-7", "product": theirs}}, now=NOW)
        assert trial.decision is not None
        assert trial.decision.action == "skip"
        assert "no field allowed to update has changed" in (trial.decision.reason or "")

    def test_a_product_the_target_lacks_is_created_with_every_field(self) -> None:
        trial = start_product(product("200"), self.settings)
        map_as_is(trial)
        trials.answered(trial, {"200": {"product_id": None, "product": None}}, now=NOW)
        assert trial.decision is not None
        assert (trial.decision.action, trial.decision.fields) == ("create", ["all (new product)"])

    def test_a_filtered_product_is_skipped_with_the_filter_reason_before_mapping(self) -> None:
        trial = start_product(product("300", is_active=False), self.settings)
        assert not trial.needs_mapping
        assert trial.lookup is None
        assert trial.decision is not None
        assert trial.decision.action == "skip"
        assert "filter: only active products" in (trial.decision.reason or "")
        assert trial.mapped is None

    def test_a_mapping_error_fails_the_record_with_the_field(self) -> None:
        trial = start_product(product("400"), self.settings)
        problem = FieldProblem(field="price", reason="Input should be a valid dictionary")
        trials.mapped(trial, Preview(None, [problem]), mapping_id="m-1", version=2, now=NOW)
        assert trial.decision is not None
        assert trial.decision.action == "fail"
        assert trial.decision.code == "mapping_failed"
        assert "on field price" in (trial.decision.reason or "")
        assert trial.errors == [problem]
        assert trial.mapped is None


class TestStock:
    def start(self, available: int) -> trials.Trial:
        machine = trials.RecordMachine(flow_rules.rules_for("stock"), StockFlowSettings())
        record = {"sku": "100", "available": available, "reserved": 1}
        trial = trials.start_record(
            SIDES, machine, record, run_id=uuid.uuid4(), links={}, found_id=None, now=NOW
        )
        map_as_is(trial)
        return trial

    def test_a_different_level_is_an_update_of_the_quantity(self) -> None:
        trial = self.start(available=6)
        assert trial.lookup == lookups.Lookup("stock", ("100",))
        trials.answered(trial, {"100": {"level": {"sku": "100", "available": 2}}}, now=NOW)
        assert trial.decision is not None
        assert (trial.decision.action, trial.decision.fields) == ("update", ["quantity 2 → 5"])

    def test_a_sku_the_target_lacks_fails(self) -> None:
        trial = self.start(available=6)
        trials.answered(trial, {"100": {"level": None}}, now=NOW)
        assert trial.decision is not None
        assert (trial.decision.action, trial.decision.code) == ("fail", "sku_not_in_target")


def order(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "source_id": "5001",
        "number": "#1001",
        "currency": "EUR",
        "email": "ann@example.com",
        "customer": {"email": "ann@example.com", "first_name": "Ann", "last_name": "Smit"},
        "lines": [
            {"sku": "11", "quantity": 2, "unit_price": {"amount": 1995, "currency": "EUR"}},
            {"sku": "12", "quantity": 1, "unit_price": {"amount": 500, "currency": "EUR"}},
        ],
    }
    return {**base, **changes}


def start_order(
    record: dict[str, Any], settings: orders.OrderFlowSettings | None = None
) -> trials.Trial:
    machine = trials.OrderMachine(settings or orders.OrderFlowSettings())
    shop_to_till = trials.Sides(
        **{**SIDES.__dict__, "source_connector": "shopify", "target_connector": "mplus"}
    )
    trial = trials.start_order(shop_to_till, machine, record, run_id=uuid.uuid4(), now=NOW)
    map_as_is(trial, version=0)
    if trial.needs_check:  # the target can hold it as it is
        trials.checked(trial, passed(trial), now=NOW)
    return trial


def passed(trial: trials.Trial, *notes: str) -> dict[str, Any]:
    """The gateway's order check when nothing stands in the way."""
    placing = trial.placing
    customer = placing.customer.model_dump(mode="json") if placing.customer else None
    order_json = placing.order.model_dump(mode="json")
    return {"problems": [], "notes": list(notes), "order": order_json, "customer": customer}


class TestOrders:
    def test_the_order_asks_for_itself_then_the_products_then_the_customer(self) -> None:
        trial = start_order(order())
        assert trial.lookup == lookups.Lookup("orders", ("shopify:5001",))
        trials.answered(trial, {"shopify:5001": {"order_id": None}}, now=NOW)
        assert trial.lookup == lookups.Lookup("products", ("11", "12"))
        trials.answered(
            trial, {"11": {"product_id": "a-11"}, "12": {"product_id": "a-12"}}, now=NOW
        )
        assert trial.lookup == lookups.Lookup("customers", ("ann@example.com",))
        found = {"id": "rel-4", "email": "ann@example.com"}
        trials.answered(trial, {"ann@example.com": {"customer": found}}, now=NOW)
        assert trial.decision is not None
        assert trial.decision.action == "create"
        assert trial.decision.fields == [
            "customer ann@example.com: update debtor rel-4",
            "order #1001 with 2 lines",
        ]
        assert trial.decision.reason == "all 2 products exist in the target"

    def test_a_missing_sku_fails_naming_it_before_any_customer_is_written(self) -> None:
        trial = start_order(order())
        trials.answered(trial, {"shopify:5001": {"order_id": None}}, now=NOW)
        trials.answered(trial, {"11": {"product_id": "a-11"}, "12": {"product_id": None}}, now=NOW)
        assert trial.decision is not None
        assert trial.decision.action == "fail"
        assert trial.decision.code == "products_missing"
        assert trial.decision.reason == "products not found in the target: 12"
        assert trial.decision.fields == []  # the order is checked before its debtor is written

    def test_a_new_customer_is_shown_as_a_new_debtor(self) -> None:
        trial = start_order(order())
        trials.answered(trial, {"shopify:5001": {"order_id": None}}, now=NOW)
        trials.answered(
            trial, {"11": {"product_id": "a-11"}, "12": {"product_id": "a-12"}}, now=NOW
        )
        trials.answered(trial, {"ann@example.com": {"customer": None}}, now=NOW)
        assert trial.decision is not None
        assert trial.decision.fields[0] == "customer ann@example.com: new person debtor"

    def test_with_the_wait_setting_a_missing_sku_waits(self) -> None:
        trial = start_order(order(), orders.OrderFlowSettings(default_debtor_id="999"))
        trials.answered(trial, {"shopify:5001": {"order_id": None}}, now=NOW)
        assert trial.lookup is not None
        assert trial.lookup.entity == "products"  # the default debtor: no customer look-up
        wait = orders.OrderFlowSettings(default_debtor_id="999", missing_products="wait")
        waiting = start_order(order(), wait)
        trials.answered(waiting, {"shopify:5001": {"order_id": None}}, now=NOW)
        trials.answered(waiting, {"11": {"product_id": None}, "12": {}}, now=NOW)
        assert waiting.decision is not None
        assert waiting.decision.action == "wait"
        assert "11, 12" in (waiting.decision.reason or "")

    def test_an_order_the_target_has_is_skipped_with_its_id(self) -> None:
        trial = start_order(order())
        trials.answered(trial, {"shopify:5001": {"order_id": "77"}}, now=NOW)
        assert trial.decision is not None
        assert (trial.decision.action, trial.decision.target_id) == ("skip", "77")
        assert "already exists in the target as 77" in (trial.decision.reason or "")

    def test_an_order_the_target_cannot_hold_fails_at_the_check_before_any_look_up(self) -> None:
        machine = trials.OrderMachine(orders.OrderFlowSettings())
        trial = trials.start_order(SIDES, machine, order(), run_id=uuid.uuid4(), now=NOW)
        map_as_is(trial, version=0)
        assert trial.needs_check
        assert trial.lookup is None
        reason = "order #1001 is in USD but MplusKASSA keeps EUR; it is not booked at face value"
        problem = {"code": "currency_not_kept", "field": "currency", "reason": reason}
        trials.checked(trial, {"problems": [problem], "notes": []}, now=NOW)
        assert trial.decision is not None
        assert (trial.decision.action, trial.decision.code) == ("fail", "currency_not_kept")
        assert "USD" in (trial.decision.reason or "")

    def test_what_booking_changes_is_listed_and_the_booked_skus_are_checked(self) -> None:
        machine = trials.OrderMachine(orders.OrderFlowSettings())
        trial = trials.start_order(SIDES, machine, order(), run_id=uuid.uuid4(), now=NOW)
        map_as_is(trial, version=0)
        verdict = passed(trial, "lines[1].name cut from 300 to 255 characters")
        shipping = {
            "sku": "SHIPPING",
            "quantity": 1,
            "unit_price": {"amount": 495, "currency": "EUR"},
        }
        verdict["order"]["lines"].append(shipping)
        trials.checked(trial, verdict, now=NOW)
        trials.answered(trial, {"shopify:5001": {"order_id": None}}, now=NOW)
        assert trial.lookup == lookups.Lookup("products", ("11", "12", "SHIPPING"))
        assert trial.steps == ["booking: lines[1].name cut from 300 to 255 characters"]

    def test_a_sample_that_is_not_an_order_fails_without_a_look_up(self) -> None:
        machine = trials.OrderMachine(orders.OrderFlowSettings())
        trial = trials.start_order(SIDES, machine, {"number": "#1"}, run_id=uuid.uuid4(), now=NOW)
        assert trial.lookup is None
        assert trial.decision is not None
        assert trial.decision.action == "fail"
        assert "not a valid order" in (trial.decision.reason or "")


class TestAnswers:
    def test_a_product_found_by_sku_only_counts_with_the_product_itself(self) -> None:
        assert lookups.lookup_of(None) is None
        command = products.FindProductV1(connection_id=SIDES.target_connection_id, sku="1")
        result = lookups.answer(command, {"1": {"product_id": "p-1", "product": None}})
        assert isinstance(result, products.ProductFoundV1)
        assert result.product_id is None  # as the gateway's find command: it is created


class TestLaterChanges:
    def test_a_fulfilled_order_the_till_has_would_be_delivered_there(self) -> None:
        trial = start_order(order(status="shipped"))
        trials.answered(trial, {"shopify:5001": {"order_id": "77"}}, now=NOW)
        assert trial.decision is not None
        assert (trial.decision.action, trial.decision.target_id) == ("update", "77")
        assert trial.decision.fields == ["order 77: status shipped (unless it is so already)"]
        assert "fulfilled in the source: reading the target order" in (trial.decision.reason or "")

    def test_a_paid_order_the_till_has_is_skipped_saying_the_till_cannot_be_told(self) -> None:
        trial = start_order(order(status="paid"))
        trials.answered(trial, {"shopify:5001": {"order_id": "77"}}, now=NOW)
        assert trial.decision is not None
        assert trial.decision.action == "skip"
        assert "mplus cannot mark an order paid" in (trial.decision.reason or "")
