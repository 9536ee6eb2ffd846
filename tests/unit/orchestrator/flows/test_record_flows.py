"""The record flows (products, stock, customers, categories) as pure state machines."""

import uuid

from syncyard_common.canonical import Customer, Product, StockLevel
from syncyard_common.messages import (
    categories,
    connector_errors,
    customers,
    mapping,
    products,
    runs,
    stock,
)
from syncyard_orchestrator.flows.categories.settings import CategoryFlowSettings
from syncyard_orchestrator.flows.customers.settings import CustomerFlowSettings
from syncyard_orchestrator.flows.products.settings import (
    FieldCondition,
    ProductField,
    ProductFilter,
    ProductFlowSettings,
)
from syncyard_orchestrator.flows.records import RecordFlowState, reissue
from syncyard_orchestrator.flows.stock.settings import StockCalculation, StockFlowSettings
from tests.unit.orchestrator.flows.records_driver import T0, Driver, make_run

S = RecordFlowState


def product(**changes: object) -> dict[str, object]:
    base = {
        "sku": "1001",
        "source_id": "1001",
        "name": "T-shirt",
        "description": "Soft cotton",
        "price": {"amount": 2420, "currency": "EUR"},
        "tax_rate": "0.21",
        "category_ids": ["7"],
    }
    return Product.model_validate({**base, **changes}).model_dump(mode="json")


def found_product(product_id: str | None, **changes: object) -> products.ProductFoundV1:
    existing = Product.model_validate(product(**changes)) if product_id else None
    return products.ProductFoundV1(sku="1001", product_id=product_id, product=existing)


class TestProducts:
    def test_new_product_is_created_with_every_field(self) -> None:
        driver = Driver("products")
        started = driver.start(make_run("products", "1001"), product())
        assert started.run.state is S.MAPPING
        assert isinstance(started.command, mapping.MapRecordV1)
        finding = driver.mapped(started.run, product())
        assert isinstance(finding.command, products.FindProductV1)
        assert finding.command.sku == "1001"
        writing = driver.step(finding.run, found_product(None))
        assert isinstance(writing.command, products.WriteProductV1)
        assert writing.command.product_id is None
        done = driver.step(
            writing.run, products.ProductWrittenV1(sku="1001", product_id="p-9", was_created=True)
        )
        assert done.run.state is S.DONE
        assert done.run.record is None
        assert done.run.mapped is None
        assert [(link.entity, link.source_id, link.target_id) for link in done.links] == [
            ("products", "1001", "p-9")
        ]
        assert isinstance(done.events[0], runs.RunCompletedV1)

    def test_update_only_overwrites_ticked_fields_that_changed(self) -> None:
        settings = ProductFlowSettings(update_fields=[ProductField.PRICE, ProductField.NAME])
        driver = Driver("products", settings)
        run = driver.mapped(
            driver.start(make_run("products", "1001"), product()).run,
            product(
                name="T-shirt (new)",
                description="Rewritten",
                price={"amount": 2500, "currency": "EUR"},
            ),
        ).run
        # The target's description was enriched by hand: it is not ticked, so it stays.
        writing = driver.step(run, found_product("p-9", description="Enriched by the shop"))
        assert isinstance(writing.command, products.WriteProductV1)
        assert writing.command.product_id == "p-9"
        assert writing.command.fields == ["name", "price"]

    def test_nothing_ticked_changed_is_skipped_with_the_reason(self) -> None:
        driver = Driver("products", ProductFlowSettings(update_fields=[ProductField.PRICE]))
        run = driver.mapped(
            driver.start(make_run("products", "1001"), product()).run, product(name="Other name")
        ).run
        skipped = driver.step(run, found_product("p-9"))
        assert skipped.run.state is S.SKIPPED
        assert "no field allowed to update has changed" in (skipped.audit[-1].message or "")

    def test_offer_switched_off_never_updates_price(self) -> None:
        driver = Driver("products", ProductFlowSettings(sync_offer=False))
        run = driver.mapped(
            driver.start(make_run("products", "1001"), product()).run,
            product(price={"amount": 9999, "currency": "EUR"}),
        ).run
        assert driver.step(run, found_product("p-9")).run.state is S.SKIPPED

    def test_filtered_out_product_is_not_sent_and_the_log_says_why(self) -> None:
        settings = ProductFlowSettings(
            filter=ProductFilter(
                conditions=[FieldCondition(field="features.webshop", equals="yes")]
            )
        )
        decision = Driver("products", settings).start(
            make_run("products", "1001"), product(features={"webshop": "no"})
        )
        assert decision.run.state is S.SKIPPED
        assert decision.command is None
        assert "features.webshop is 'no', not 'yes'" in (decision.audit[0].message or "")

    def test_category_filter_and_inactive_products(self) -> None:
        in_other = Driver("products", ProductFlowSettings(filter=ProductFilter(category_ids=["8"])))
        assert in_other.start(make_run("products", "1"), product()).run.state is S.SKIPPED
        inactive = Driver("products").start(make_run("products", "1"), product(is_active=False))
        assert "not active" in (inactive.audit[0].message or "")

    def test_prices_converted_to_excluding_tax_with_the_rate(self) -> None:
        driver = Driver("products", ProductFlowSettings(target_prices_include_tax=False))
        run = driver.mapped(
            driver.start(make_run("products", "1001"), product()).run, product()
        ).run
        command = driver.step(run, found_product(None)).command
        assert isinstance(command, products.WriteProductV1)
        assert command.product.price is not None
        assert command.product.price.amount == 2000  # 24.20 incl. 21 % → 20.00 excl.
        assert command.product.prices_include_tax is False

    def test_category_links_travel_with_the_write(self) -> None:
        driver = Driver("products")
        run = make_run("products", "1001", links={"7": "cat-77"})
        run = driver.mapped(driver.start(run, product()).run, product()).run
        command = driver.step(run, found_product(None)).command
        assert isinstance(command, products.WriteProductV1)
        assert command.options.category_ids == {"7": "cat-77"}

    def test_a_newer_version_mid_run_is_synced_right_after(self) -> None:
        driver = Driver("products")
        run = driver.mapped(
            driver.start(make_run("products", "1001"), product()).run, product()
        ).run
        run = driver.step(run, found_product(None)).run
        newer = product(name="Newer")
        coalesced = driver.start(run, newer)  # a RecordChangedV1 while writing
        assert coalesced.run.newer_record == newer
        assert coalesced.command is None
        after = driver.step(
            coalesced.run, products.ProductWrittenV1(sku="1001", product_id="p-9", was_created=True)
        )
        assert after.run.state is S.MAPPING
        assert isinstance(after.command, mapping.MapRecordV1)
        assert after.command.record["name"] == "Newer"
        assert after.links  # the first write's link is kept

    def test_a_failed_write_fails_the_run_with_the_connector_reason(self) -> None:
        driver = Driver("products")
        run = driver.mapped(
            driver.start(make_run("products", "ABC-12"), product(sku="ABC-12")).run,
            product(sku="ABC-12"),
        ).run
        run = driver.step(run, found_product(None)).run
        reason = "SKU 'ABC-12' is not numeric and cannot be an article number."
        failed = driver.step(
            run,
            connector_errors.CommandFailedV1(
                command_type="gateway.product.write.v1",
                kind="data",
                code="article_number_not_numeric",
                reason=reason,
            ),
        )
        assert failed.run.state is S.FAILED
        assert failed.run.failure_reason == reason
        assert isinstance(failed.events[0], runs.RunFailedV1)
        assert failed.events[0].reason == reason

    def test_stale_results_are_ignored(self) -> None:
        driver = Driver("products")
        run = driver.start(make_run("products", "1001"), product()).run
        ignored = driver.step(run, found_product(None), causation_id=uuid.uuid4())
        assert ignored.changed is False

    def test_mapping_failure_never_writes(self) -> None:
        driver = Driver("products")
        run = driver.start(make_run("products", "1001"), product()).run
        failed = driver.step(
            run,
            mapping.RecordMappingFailedV1(
                mapping_id="m", mapping_version=3, field="name", reason="boom"
            ),
        )
        assert failed.run.state is S.FAILED
        assert failed.command is None
        assert "on field name" in (failed.run.failure_reason or "")

    def test_no_answer_reissues_then_gives_up(self) -> None:
        driver = Driver("products")
        run = driver.start(make_run("products", "1001"), product()).run
        again = reissue(run, command_id=uuid.uuid4(), now=T0, max_reissues=1)
        assert again.command is not None
        assert again.run.reissue_count == 1
        gave_up = reissue(again.run, command_id=uuid.uuid4(), now=T0, max_reissues=1)
        assert gave_up.run.state is S.FAILED
        assert gave_up.run.failure_code == "step_timed_out"


def level(**changes: object) -> dict[str, object]:
    return (
        StockLevel(sku="1001", available=10, reserved=3, incoming=5)
        .model_copy(update=changes)
        .model_dump(mode="json")
    )


def target_has(quantity: int | None) -> stock.StockReadV1:
    levels = [] if quantity is None else [StockLevel(sku="1001", available=quantity)]
    return stock.StockReadV1(levels=levels)


class TestStock:
    def _through_find(self, driver: Driver) -> object:
        run = driver.start(make_run("stock", "1001"), level()).run
        return driver.mapped(run, level()).run

    def test_default_sends_available_minus_reserved(self) -> None:
        driver = Driver("stock")
        run = self._through_find(driver)
        writing = driver.step(run, target_has(0))  # type: ignore[arg-type]
        assert isinstance(writing.command, stock.SetStockV1)
        assert writing.command.quantity == 7

    def test_other_calculations(self) -> None:
        for calculation, expected in (
            (StockCalculation.AVAILABLE, 10),
            (StockCalculation.AVAILABLE_PLUS_INCOMING, 15),
        ):
            driver = Driver("stock", StockFlowSettings(calculation=calculation))
            run = self._through_find(driver)
            command = driver.step(run, target_has(0)).command  # type: ignore[arg-type]
            assert isinstance(command, stock.SetStockV1)
            assert command.quantity == expected

    def test_only_changed_levels_are_sent(self) -> None:
        driver = Driver("stock")
        run = self._through_find(driver)
        skipped = driver.step(run, target_has(7))  # type: ignore[arg-type]
        assert skipped.run.state is S.SKIPPED
        assert skipped.command is None

    def test_target_that_manages_no_stock_gets_nothing(self) -> None:
        driver = Driver("stock", StockFlowSettings(target_manages_stock=False))
        decision = driver.start(make_run("stock", "1001"), level())
        assert decision.run.state is S.SKIPPED
        assert "does not manage stock" in (decision.audit[0].message or "")

    def test_unknown_sku_in_target_fails_clearly(self) -> None:
        driver = Driver("stock")
        failed = driver.step(self._through_find(driver), target_has(None))  # type: ignore[arg-type]
        assert failed.run.state is S.FAILED
        assert "SKU 1001 does not exist in the target" in (failed.run.failure_reason or "")

    def test_never_negative(self) -> None:
        driver = Driver("stock")
        run = driver.mapped(
            driver.start(make_run("stock", "1001"), level()).run, level(available=1, reserved=4)
        ).run
        command = driver.step(run, target_has(5)).command
        assert isinstance(command, stock.SetStockV1)
        assert command.quantity == 0


def customer(**changes: object) -> dict[str, object]:
    return (
        Customer(
            id="r-1",
            email="Ann@Example.com",
            first_name="Ann",
            last_name="Smit",
            company_name="Bakkerij B.V.",
        )
        .model_copy(update=changes)
        .model_dump(mode="json")
    )


class TestCustomers:
    def test_new_company_customer_is_created(self) -> None:
        driver = Driver("customers")
        run = driver.mapped(
            driver.start(make_run("customers", "r-1"), customer()).run, customer()
        ).run
        assert isinstance(run.pending_command, dict)
        writing = driver.step(
            run, customers.CustomerFoundV1(email="Ann@Example.com", customer=None)
        )
        assert isinstance(writing.command, customers.UpsertCustomerV1)
        assert writing.command.existing_id is None
        assert writing.run.written_fields == ["new company debtor"]

    def test_existing_customer_updated_or_left_by_setting(self) -> None:
        existing = Customer.model_validate(customer(id="t-5", last_name="Old"))
        found = customers.CustomerFoundV1(email="Ann@Example.com", customer=existing)
        driver = Driver("customers")
        run = driver.mapped(
            driver.start(make_run("customers", "r-1"), customer()).run, customer()
        ).run
        command = driver.step(run, found).command
        assert isinstance(command, customers.UpsertCustomerV1)
        assert command.existing_id == "t-5"
        frozen = Driver("customers", CustomerFlowSettings(update_existing=False))
        run = frozen.mapped(
            frozen.start(make_run("customers", "r-1"), customer()).run, customer()
        ).run
        assert frozen.step(run, found).run.state is S.SKIPPED

    def test_customer_without_email_is_skipped(self) -> None:
        decision = Driver("customers").start(make_run("customers", "r-1"), customer(email=None))
        assert decision.run.state is S.SKIPPED


class TestCategories:
    def test_child_is_written_under_the_parents_target_id(self) -> None:
        driver = Driver("categories")
        run = make_run("categories", "12", links={"10": "col-10"})
        record = {"source_id": "12", "name": "Shirts", "parent_source_id": "10"}
        writing = driver.mapped(driver.start(run, record).run, record)
        assert isinstance(writing.command, categories.UpsertCategoryV1)
        assert writing.command.parent_id == "col-10"
        done = driver.step(
            writing.run, categories.CategoryUpsertedV1(source_id="12", category_id="col-12")
        )
        assert [(link.source_id, link.target_id) for link in done.links] == [("12", "col-12")]

    def test_unsynced_parent_fails_with_the_reason(self) -> None:
        driver = Driver("categories", CategoryFlowSettings())
        record = {"source_id": "12", "name": "Shirts", "parent_source_id": "10"}
        failed = driver.mapped(driver.start(make_run("categories", "12"), record).run, record)
        assert failed.run.state is S.FAILED
        assert failed.run.failure_code == "parent_category_not_synced"


class TestProductChangeDetection:
    def test_a_product_read_back_unchanged_is_not_rewritten(self) -> None:
        """Ids only the source has, target category ids and empty features are not changes."""
        variants = [
            {
                "sku": "1001-S",
                "price": {"amount": 2420, "currency": "EUR"},
                "attributes": {"size": "S"},
            },
            {
                "sku": "1001-M",
                "price": {"amount": 2420, "currency": "EUR"},
                "attributes": {"size": "M"},
            },
        ]
        source = product(variants=variants, features={"origin": "NL"})
        in_target = [
            {**variant, "source_id": f"gid-{variant['sku']}", "quantity": None}
            for variant in reversed(variants)
        ]
        driver = Driver("products")
        run = make_run("products", "1001", links={"7": "col-77"})
        run = driver.mapped(driver.start(run, source).run, source).run
        found = products.ProductFoundV1(
            sku="1001",
            product_id="p-9",
            product=Product.model_validate(
                {**source, "variants": in_target, "features": {}, "category_ids": ["col-77"]}
            ),
        )
        skipped = driver.step(run, found)
        assert skipped.run.state is S.SKIPPED, skipped.audit[-1].message

    def test_features_new_to_a_target_that_keeps_them_are_written(self) -> None:
        """A target keeping features (its product_fields) that shows none has none yet; one
        keeping none shows none either way, which is no change."""
        source = product(features={"origin": "NL"})
        found = products.ProductFoundV1(
            sku="1001",
            product_id="p-9",
            product=Product.model_validate({**source, "features": {}}),
        )
        for kept, written in ((["features"], ["features"]), ([], None)):
            driver = Driver("products")
            run = make_run("products", "1001", target_product_fields=kept)
            run = driver.mapped(driver.start(run, source).run, source).run
            decision = driver.step(run, found)
            if written is None:
                assert decision.run.state is S.SKIPPED, decision.audit[-1].message
            else:
                assert isinstance(decision.command, products.WriteProductV1)
                assert decision.command.fields == written

    def test_a_changed_variant_price_or_new_category_is_written(self) -> None:
        source = product(variants=[{"sku": "1001-S", "price": {"amount": 2500, "currency": "EUR"}}])
        driver = Driver("products")
        run = make_run("products", "1001", links={"7": "col-77"})
        run = driver.mapped(driver.start(run, source).run, source).run
        found = products.ProductFoundV1(
            sku="1001",
            product_id="p-9",
            product=Product.model_validate(
                {
                    **source,
                    "variants": [{"sku": "1001-S", "price": {"amount": 2420, "currency": "EUR"}}],
                    "category_ids": ["col-1"],
                }
            ),
        )
        command = driver.step(run, found).command
        assert isinstance(command, products.WriteProductV1)
        assert command.fields == ["category_ids", "variants"]
