"""Orders by period (reconciliation): the connectors with a native date filter read exactly the
orders created in the period, page by page, with their lines and totals."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from syncyard_gateway.connectors.base import Connector, Entity, PeriodReader
from syncyard_gateway.connectors.errors import UnsupportedOperation
from tests.contract.connectors import capability_records as sample
from tests.contract.connectors.harness import Harness
from tests.contract.connectors.harnesses import *  # noqa: F403 - every vendor's fixtures

PERIOD_VENDORS = ("bigcommerce", "mplus", "shopify")


@pytest.fixture
def connector(harness: Harness, http_client: httpx.AsyncClient) -> Connector:
    return harness.connector_class(harness.credentials(), http=http_client)


async def read_all(
    reader: PeriodReader, start: datetime, end: datetime, limit: int
) -> list[dict[str, object]]:
    found, cursor = [], None
    for _ in range(20):
        page = await reader.read_period(Entity.ORDERS, start, end, cursor, limit=limit)
        found += [record.model_dump(mode="json") for record in page.records]
        if not page.has_more:
            return found
        cursor = page.cursor
    raise AssertionError("the period read never ended")


@pytest.mark.parametrize("vendor", PERIOD_VENDORS)
async def test_orders_of_a_period_are_read_page_by_page_with_lines_and_totals(
    harness: Harness, connector: Connector, vendor: str
) -> None:
    assert isinstance(connector, PeriodReader), vendor
    await harness.seed_product(sample.order_product())
    seeded = {await harness.seed_order(sample.order(2000 + n)) for n in range(3)}
    now = datetime.now(UTC)

    inside = await read_all(connector, now - timedelta(hours=1), now + timedelta(hours=1), 2)
    before = await read_all(connector, now - timedelta(days=3), now - timedelta(days=2), 2)

    mine = [order for order in inside if order["source_id"] in seeded]
    assert {order["source_id"] for order in mine} == seeded
    assert all(order["lines"] and order["total"] for order in mine)
    assert not [order for order in before if order["source_id"] in seeded]


@pytest.mark.parametrize("vendor", PERIOD_VENDORS)
async def test_only_orders_are_read_by_period(connector: Connector, vendor: str) -> None:
    assert isinstance(connector, PeriodReader), vendor
    with pytest.raises(UnsupportedOperation):
        await connector.read_period(Entity.PRODUCTS, None, None, None, limit=10)
