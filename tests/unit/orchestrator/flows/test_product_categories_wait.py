"""A product never goes out under a foreign category id: it waits for its unlinked categories
when the integration syncs categories from its source, else they are left out."""

import uuid

from syncyard_common.messages import products
from syncyard_orchestrator.flows.products.rules import CATEGORY_NOT_SYNCED, ProductRules
from syncyard_orchestrator.flows.products.settings import ProductFlowSettings
from syncyard_orchestrator.flows.records import RecordRun

MAPPED = {"sku": "100", "name": "Tea", "category_ids": ["7", "8"]}
NEW = products.ProductFoundV1(sku="100", product_id=None, product=None)


def run(*, categories_synced: bool) -> RecordRun:
    return RecordRun(
        id=uuid.uuid4(),
        tenant_id=uuid.uuid4(),
        integration_id=uuid.uuid4(),
        flow="products",
        source_connection_id=uuid.uuid4(),
        target_connection_id=uuid.uuid4(),
        source_connector="bigcommerce",
        target_connector="mplus",
        source_id="5",
        links={"7": "70"},
        categories_synced=categories_synced,
    )


def test_with_categories_synced_it_waits_naming_the_unlinked_ones() -> None:
    plan = ProductRules().plan(run(categories_synced=True), MAPPED, NEW, ProductFlowSettings())
    assert plan.command is None
    assert plan.failure is not None
    code, reason = plan.failure
    assert code == CATEGORY_NOT_SYNCED
    assert "categories 8 of 100" in reason


def test_without_a_categories_flow_only_linked_categories_are_sent() -> None:
    plan = ProductRules().plan(run(categories_synced=False), MAPPED, NEW, ProductFlowSettings())
    assert isinstance(plan.command, products.WriteProductV1)
    assert plan.command.product.category_ids == ["7"]
    assert plan.command.options.category_ids == {"7": "70"}


def test_categories_switched_off_sends_none() -> None:
    settings = ProductFlowSettings(sync_categories=False)
    plan = ProductRules().plan(run(categories_synced=True), MAPPED, NEW, settings)
    assert isinstance(plan.command, products.WriteProductV1)
    assert plan.command.product.category_ids == []
