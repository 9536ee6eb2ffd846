"""Gateway commands as production sends them: built here, run through ``OPERATIONS``."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

from syncyard_common.canonical import Category, Customer, Order, OrderStatus, Product
from syncyard_common.messages import (
    categories,
    customers,
    order_status,
    orders,
    products,
    records,
    stock,
)
from syncyard_common.messages.envelope import Message
from syncyard_gateway.commands import operations
from syncyard_gateway.connectors.base import Connector, Entity
from tests.contract.connectors import capability_records as sample
from tests.contract.connectors.capability_feed import CONNECTION
from tests.contract.connectors.harness import Harness

Answer = TypeVar("Answer", bound=Message)


async def send(connector: Connector, command: Message, answer: type[Answer]) -> Answer:
    """Run ``command`` as the gateway's command consumer does; the answer must be ``answer``."""
    operation = operations.OPERATIONS[type(command).model_fields["type"].default]
    outcome = await operation.run(connector, command)
    assert isinstance(outcome.result, answer), outcome.result
    return outcome.result


def write_product(
    product: Product, product_id: str | None = None, fields: list[str] | None = None
) -> products.WriteProductV1:
    return products.WriteProductV1(
        connection_id=CONNECTION, product=product, product_id=product_id, fields=fields
    )


def find_product(sku: str) -> products.FindProductV1:
    return products.FindProductV1(connection_id=CONNECTION, sku=sku)


def check_products(skus: list[str]) -> products.CheckProductsV1:
    return products.CheckProductsV1(connection_id=CONNECTION, skus=skus)


def upsert_customer(customer: Customer) -> customers.UpsertCustomerV1:
    return customers.UpsertCustomerV1(connection_id=CONNECTION, customer=customer)


def find_customer(email: str) -> customers.FindCustomerV1:
    return customers.FindCustomerV1(connection_id=CONNECTION, email=email)


def create_order(
    order: Order, reference: str, key: str, options: orders.OrderCreateOptions
) -> orders.CreateOrderV1:
    return orders.CreateOrderV1(
        connection_id=CONNECTION,
        order=order,
        external_reference=reference,
        idempotency_key=key,
        options=options,
    )


def find_order(reference: str) -> orders.FindOrderV1:
    return orders.FindOrderV1(connection_id=CONNECTION, external_reference=reference)


def set_stock(sku: str, quantity: int) -> stock.SetStockV1:
    return stock.SetStockV1(connection_id=CONNECTION, sku=sku, quantity=quantity)


def upsert_category(category: Category, parent_id: str | None) -> categories.UpsertCategoryV1:
    return categories.UpsertCategoryV1(
        connection_id=CONNECTION, category=category, parent_id=parent_id
    )


def set_order_status(order_id: str, status: OrderStatus) -> order_status.SetOrderStatusV1:
    return order_status.SetOrderStatusV1(connection_id=CONNECTION, order_id=order_id, status=status)


async def order_options(harness: Harness, connector: Connector) -> orders.OrderCreateOptions:
    """Seed what an order needs (its product, its debtor) and look them up as a run does."""
    await harness.seed_product(sample.order_product())
    customer_id = await harness.seed_customer(sample.person(7))
    checked = await send(connector, check_products([sample.ORDER_SKU]), products.ProductsCheckedV1)
    assert checked.missing == [], f"the seeded product {sample.ORDER_SKU} was not found"
    # Employee 1 exists in the MplusKASSA simulator; the other targets ignore the number.
    return orders.OrderCreateOptions(
        employee_number=1, customer_id=customer_id, product_ids=checked.found
    )


def reading(entity: Entity) -> list[Message]:
    """Every command that needs ``entity`` in ``capabilities.reads``."""
    commands: list[Message] = [
        records.ReadChangesV1(connection_id=CONNECTION, entity=entity.value),
        records.FetchRecordV1(
            connection_id=CONNECTION,
            entity=entity.value,
            record_id="1",
            topic="poll",
            source_event_key="capability-suite",
        ),
    ]
    if entity is Entity.ORDERS:
        commands.append(orders.FetchOrderV1(connection_id=CONNECTION, source_order_id="1"))
    # GetStockV1 is not here: a stock writer answers it too (the stock flow reads the target's
    # level before setting it), see syncyard_gateway.commands.products.get_stock.
    return commands


def writing(entity: Entity) -> list[Message]:
    """Every command that needs ``entity`` in ``capabilities.writes``."""
    commands: dict[Entity, list[Message]] = {
        Entity.PRODUCTS: [write_product(sample.shirt()), find_product("61001")],
        Entity.CUSTOMERS: [upsert_customer(sample.anna()), find_customer("a@example.nl")],
        Entity.ORDERS: [
            create_order(sample.order(1), "SYNC-1", "key-1", orders.OrderCreateOptions()),
            find_order("SYNC-1"),
        ],
        Entity.STOCK: [set_stock("50001", 3)],
        Entity.CATEGORIES: [upsert_category(sample.category(1), None)],
    }
    return commands[entity]


Write = Callable[[], Awaitable[object]]
STOCK_SKU = sample.simple_product(1).sku


async def stored_state(harness: Harness, entity: Entity) -> int | None:
    """What a single write of ``entity`` left behind: the stored count, or the stock level."""
    if entity is Entity.STOCK:
        return await harness.stock_of(STOCK_SKU)
    return len(await harness.stored(entity.value))


async def one_write(harness: Harness, connector: Connector, entity: Entity) -> Write:
    """Seed what a single write of ``entity`` needs; return that write (one command)."""
    if entity is Entity.PRODUCTS:
        command: Message = write_product(sample.shirt())
        answer: type[Message] = products.ProductWrittenV1
    elif entity is Entity.CUSTOMERS:
        command, answer = upsert_customer(sample.company()), customers.CustomerUpsertedV1
    elif entity is Entity.ORDERS:
        options = await order_options(harness, connector)
        command = create_order(sample.order(2001), "SYNC-2001", "key-2001", options)
        answer = orders.OrderCreatedV1
    elif entity is Entity.STOCK:
        await harness.seed_product(sample.simple_product(1, quantity=5))
        command, answer = set_stock(STOCK_SKU, 17), stock.StockSetV1
    else:
        command, answer = upsert_category(sample.category(1), None), categories.CategoryUpsertedV1

    async def write() -> object:
        return await send(connector, command, answer)

    return write
