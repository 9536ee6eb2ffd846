"""The one connector contract suite: each capability a connector declares is exercised against
its simulator through the production commands, and each one it does not declare is refused
before any request is sent. Parameters come from ``capabilities``, so a new declaration is
tested without touching this file."""

from collections import Counter

import httpx
import pytest

from syncyard_common.canonical import OrderStatus
from syncyard_common.messages import (
    categories,
    customers,
    order_status,
    orders,
    products,
    stock,
)
from syncyard_common.messages.envelope import Message
from syncyard_gateway.connectors import by_name
from syncyard_gateway.connectors.base import Connector, Entity
from syncyard_gateway.connectors.errors import ConnectorTransientError, UnsupportedOperation
from tests.contract.connectors import capability_cases as cases
from tests.contract.connectors import capability_commands as commands
from tests.contract.connectors import capability_feed as feed
from tests.contract.connectors import capability_records as sample
from tests.contract.connectors.harness import Harness
from tests.contract.connectors.harnesses import *  # noqa: F403 - every vendor's fixtures


def connect(harness: Harness, http: httpx.AsyncClient) -> Connector:
    return harness.connector_class(harness.credentials(), http=http)


@pytest.fixture
def connector(harness: Harness, http_client: httpx.AsyncClient) -> Connector:
    """The vendor's connector as the gateway builds it, against the harness's simulator."""
    return connect(harness, http_client)


@pytest.mark.parametrize("vendor", cases.vendors())
def test_harness_drives_the_registered_connector(harness: Harness, vendor: str) -> None:
    assert harness.connector_class is by_name.get(vendor)


@pytest.mark.parametrize(("vendor", "entity"), cases.entities("reads", declared=True))
async def test_change_feed_hands_on_every_change_exactly_once(
    harness: Harness, connector: Connector, vendor: str, entity: Entity
) -> None:
    limit = harness.page_size()
    await feed.prepare(harness, entity)
    seeded = [await feed.seed(harness, entity, number) for number in range(3 * limit + 1)]

    initial = await feed.drain(connector, entity, None, limit)
    assert Counter(initial.keys) == Counter(s.key for s in seeded)
    assert sum(1 for page in initial.pages if page) >= 3, "the limit was not honoured"
    assert initial.cursor is not None

    added = await feed.seed(harness, entity, 3 * limit + 1)
    after_add = await feed.drain(connector, entity, initial.cursor, limit)
    assert after_add.keys == [added.key]

    if (vendor, entity.value) in sample.EDITS_NOT_SEEN:
        return  # documented in the connector's README and capabilities.not_supported
    await feed.change(harness, entity, seeded[0])
    after_edit = await feed.drain(connector, entity, after_add.cursor, limit)
    assert after_edit.keys == [seeded[0].key]


async def refuse_without_a_request(
    harness: Harness, connector: Connector, refused: list[Message], named: str
) -> None:
    """Each command is refused by name; a request reaching the simulator would have met the
    armed 503 (a transient error instead), and the fault is still armed afterwards."""
    writes = await harness.write_requests()
    await harness.fail_next(503)
    for command in refused:
        with pytest.raises(UnsupportedOperation) as caught:
            await commands.send(connector, command, Message)
        assert connector.title in caught.value.reason, caught.value.reason
        assert named in caught.value.reason, caught.value.reason
    assert await harness.write_requests() == writes
    with pytest.raises(ConnectorTransientError):
        await connector.test_connection()


@pytest.mark.parametrize(("vendor", "entity"), cases.entities("reads", declared=False))
async def test_undeclared_read_is_refused_before_any_request(
    harness: Harness, connector: Connector, vendor: str, entity: Entity
) -> None:
    await refuse_without_a_request(harness, connector, commands.reading(entity), entity.value)


@pytest.mark.parametrize(("vendor", "entity"), cases.entities("writes", declared=False))
async def test_undeclared_write_is_refused_before_any_request(
    harness: Harness, connector: Connector, vendor: str, entity: Entity
) -> None:
    await refuse_without_a_request(harness, connector, commands.writing(entity), entity.value)


@pytest.mark.parametrize(("vendor", "status"), cases.statuses(declared=False))
async def test_undeclared_order_status_is_refused_before_any_request(
    harness: Harness,
    connector: Connector,
    vendor: str,
    status: OrderStatus,
) -> None:
    refused: list[Message] = [commands.set_order_status("1", status)]
    await refuse_without_a_request(harness, connector, refused, status.value)


@pytest.mark.parametrize("vendor", cases.writing(Entity.PRODUCTS))
async def test_product_with_variants_is_found_by_its_own_and_its_variant_skus(
    connector: Connector, vendor: str
) -> None:
    shirt = sample.shirt()
    own, small, medium = shirt.sku, shirt.variants[0].sku, shirt.variants[1].sku
    written = await commands.send(
        connector, commands.write_product(shirt), products.ProductWrittenV1
    )

    expected = {small: written.product_id, medium: written.product_id}
    if vendor in sample.VARIANT_SKU_MAPS_TO_ITS_ARTICLE:
        expected = {small: small, medium: medium}
    if vendor not in sample.OWN_SKU_DROPPED_WITH_VARIANTS:
        expected[own] = written.product_id
    checked = await commands.send(
        connector,
        commands.check_products([own, small, medium, "59999"]),
        products.ProductsCheckedV1,
    )
    assert checked.found == expected
    assert "59999" in checked.missing

    by_variant = await commands.send(
        connector, commands.find_product(medium), products.ProductFoundV1
    )
    assert by_variant.product is not None
    assert by_variant.product_id == expected[medium]
    assert [v.sku for v in by_variant.product.variants] == [small, medium]
    by_own = await commands.send(connector, commands.find_product(own), products.ProductFoundV1)
    if vendor in sample.OWN_SKU_DROPPED_WITH_VARIANTS:
        assert by_variant.product.sku == small  # read back with the first variant's SKU
        assert by_own.product is None
    else:
        assert by_variant.product.sku == own
        assert by_own.product == by_variant.product


@pytest.mark.parametrize("vendor", cases.writing(Entity.PRODUCTS))
async def test_product_update_keeps_unnamed_fields_and_a_repeated_create_duplicates_nothing(
    harness: Harness, connector: Connector
) -> None:
    shirt = sample.shirt()
    medium = shirt.variants[1].sku
    written = await commands.send(
        connector, commands.write_product(shirt), products.ProductWrittenV1
    )
    before = (
        await commands.send(connector, commands.find_product(medium), products.ProductFoundV1)
    ).product
    assert before is not None

    changed = shirt.model_copy(
        update={
            "name": "T-shirt Bio",
            "description": "Niet overnemen",
            "price": sample.eur(2500),
            "variants": [v.model_copy(update={"price": sample.eur(2500)}) for v in shirt.variants],
        }
    )
    await commands.send(
        connector,
        commands.write_product(changed, written.product_id, ["name"]),
        products.ProductWrittenV1,
    )
    after = (
        await commands.send(connector, commands.find_product(medium), products.ProductFoundV1)
    ).product
    assert after is not None
    assert after.name == "T-shirt Bio"
    kept = {"name", "updated_at"}
    assert after.model_dump(exclude=kept) == before.model_dump(exclude=kept)

    stored = len(await harness.stored("products"))
    again = await commands.send(connector, commands.write_product(shirt), products.ProductWrittenV1)
    assert again.product_id == written.product_id
    assert len(await harness.stored("products")) == stored


@pytest.mark.parametrize("vendor", cases.writing(Entity.CUSTOMERS))
async def test_customers_are_upserted_once_and_found_only_by_their_exact_email(
    harness: Harness, connector: Connector, vendor: str
) -> None:
    for customer in (sample.company(), sample.anna()):
        email = str(customer.email)
        first = await commands.send(
            connector, commands.upsert_customer(customer), customers.CustomerUpsertedV1
        )
        assert first.was_created
        stored = len(await harness.stored("customers"))

        found = await commands.send(
            connector, commands.find_customer(email.swapcase()), customers.CustomerFoundV1
        )
        assert found.customer is not None, f"{email.swapcase()} not found"
        assert str(found.customer.email).casefold() == email.casefold()
        assert found.customer.id == first.customer_id
        assert found.customer.company_name == customer.company_name
        for partial in (email.split("@")[0], email[1:]):
            answer = await commands.send(
                connector, commands.find_customer(partial), customers.CustomerFoundV1
            )
            assert answer.customer is None, f"{partial!r} matched {answer.customer}"

        again = await commands.send(
            connector, commands.upsert_customer(customer), customers.CustomerUpsertedV1
        )
        assert (again.customer_id, again.was_created) == (first.customer_id, False)
        assert len(await harness.stored("customers")) == stored


@pytest.mark.parametrize("vendor", cases.writing(Entity.ORDERS))
async def test_order_is_created_once_per_external_reference(
    harness: Harness, connector: Connector, vendor: str
) -> None:
    options = await commands.order_options(harness, connector)
    order = sample.order(5001)
    created = [
        await commands.send(
            connector,
            commands.create_order(order, "SYNC-5001", key, options),
            orders.OrderCreatedV1,
        )
        for key in ("key-a", "key-b")  # R11: the reference alone must find the first one
    ]
    assert [c.was_replayed for c in created] == [False, True]
    assert created[1].target_order_id == created[0].target_order_id
    assert len(await harness.stored("orders")) == 1

    found = await commands.send(connector, commands.find_order("SYNC-5001"), orders.OrderFoundV1)
    assert found.target_order_id == created[0].target_order_id
    unknown = await commands.send(connector, commands.find_order("SYNC-5002"), orders.OrderFoundV1)
    assert unknown.target_order_id is None


@pytest.mark.parametrize("vendor", cases.writing(Entity.STOCK))
async def test_stock_is_set_absolute_for_products_and_variants(
    harness: Harness, connector: Connector, vendor: str
) -> None:
    bread = sample.simple_product(1, quantity=5)
    shirt = sample.shirt()
    await harness.seed_product(bread)
    await harness.seed_product(shirt)
    small, medium = shirt.variants
    assert await harness.stock_of(bread.sku) == 5
    for sku, quantity in ((bread.sku, 17), (medium.sku, 9)):
        for _ in range(2):  # a redelivery sets the same level, it does not add
            answer = await commands.send(
                connector, commands.set_stock(sku, quantity), stock.StockSetV1
            )
            assert (answer.sku, answer.quantity) == (sku, quantity)
            assert await harness.stock_of(sku) == quantity
    assert await harness.stock_of(small.sku) == small.quantity


@pytest.mark.parametrize("vendor", cases.writing(Entity.CATEGORIES))
async def test_categories_are_upserted_under_their_parent_with_stable_ids(
    harness: Harness, connector: Connector, vendor: str
) -> None:
    parent = sample.category(1)
    child = sample.category(2, parent=parent)
    before = len(await harness.stored("categories"))
    rounds = []
    for _ in range(2):
        upserted = await commands.send(
            connector, commands.upsert_category(parent, None), categories.CategoryUpsertedV1
        )
        below = await commands.send(
            connector,
            commands.upsert_category(child, upserted.category_id),
            categories.CategoryUpsertedV1,
        )
        rounds.append((upserted.category_id, below.category_id))
    assert rounds[0] == rounds[1]
    assert rounds[0][0] != rounds[0][1]
    assert len(await harness.stored("categories")) == before + 2


@pytest.mark.parametrize(("vendor", "status"), cases.statuses(declared=True))
async def test_order_status_is_set_and_setting_it_again_is_harmless(
    harness: Harness,
    connector: Connector,
    vendor: str,
    status: OrderStatus,
) -> None:
    options = await commands.order_options(harness, connector)
    created = await commands.send(
        connector,
        commands.create_order(sample.order(6001), "SYNC-6001", "key-6001", options),
        orders.OrderCreatedV1,
    )
    for _ in range(2):
        answer = await commands.send(
            connector,
            commands.set_order_status(created.target_order_id, status),
            order_status.OrderStatusSetV1,
        )
        assert (answer.order_id, answer.status) == (created.target_order_id, status)


@pytest.mark.parametrize(("vendor", "entity"), cases.entities("writes", declared=True))
async def test_write_refused_with_429_is_transient_and_its_retry_writes_once(
    harness: Harness, http_client: httpx.AsyncClient, entity: Entity
) -> None:
    """The same write on a clean simulator sets the count of writes a retry may make."""
    connector = connect(harness, http_client)
    write = await commands.one_write(harness, connector, entity)
    baseline = await harness.write_requests()
    await write()
    clean = await harness.write_requests() - baseline
    assert clean >= 1, "the write reached the simulator as no writing request"
    written = await commands.stored_state(harness, entity)

    await harness.reset()
    connector = connect(harness, http_client)  # nothing cached from the first simulator state
    write = await commands.one_write(harness, connector, entity)
    baseline = await harness.write_requests()
    await harness.fail_next(429)
    with pytest.raises(ConnectorTransientError):
        await write()
    await write()
    assert await harness.write_requests() - baseline == clean
    assert await commands.stored_state(harness, entity) == written
