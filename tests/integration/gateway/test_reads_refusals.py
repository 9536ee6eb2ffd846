"""What the live reads and the order check answer to requests they cannot serve: the caller's
mistake is a 422 naming the field, what the connection's kind cannot do a 409, the remote's
failure a 502, and never a 500 (schemathesis findings, issue 12 point 9)."""

import uuid
from typing import Any

from tests.integration.gateway import factories
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.test_commands import MplusSimulator
from tests.integration.gateway.test_polling import connect, references_of, seed_orders, simulator

__all__ = ["simulator"]  # shared fixture

UNREACHABLE = "http://127.0.0.1:9/"  # nothing listens: a remote call would fail


def _order(**changes: Any) -> dict[str, Any]:
    return {
        "source_id": "1001",
        "currency": "EUR",
        "lines": [
            {"sku": "8712345", "quantity": 1, "unit_price": {"amount": 2495, "currency": "EUR"}}
        ],
        **changes,
    }


class TestRecords:
    async def test_an_empty_cursor_is_the_first_page_and_a_made_up_one_is_the_callers_mistake(
        self, gateway: RunningGateway, simulator: MplusSimulator, tenant_id: uuid.UUID
    ) -> None:
        await seed_orders(simulator, references_of(2))
        connection = await connect(gateway, tenant_id, **simulator.credentials())
        path = f"/v1/connections/{connection}/records/products"
        async with gateway.client(tenant_id) as client:
            first = await client.get(path)
            empty = await client.get(path, params={"cursor": ""})
            made_up = await client.get(path, params={"cursor": "not-a-marker"})
        assert first.status_code == 200, first.text
        assert empty.status_code == 200, empty.text
        assert empty.json()["records"] == first.json()["records"]
        assert made_up.status_code == 422, made_up.text  # was 502, as if the till had failed
        assert made_up.json()["code"] == "bad_cursor"
        assert made_up.json()["field"] == "cursor"

    async def test_entities_that_are_not_reconciled_or_not_read_and_lax_instants(
        self, gateway: RunningGateway, simulator: MplusSimulator, tenant_id: uuid.UUID
    ) -> None:
        connection = await connect(gateway, tenant_id, **simulator.credentials())
        async with gateway.client(tenant_id) as client:
            store = await factories.create_connection(
                client,
                connector="bigcommerce",
                store_hash="abc123",
                access_token="token",
                client_secret="secret",
                base_url=UNREACHABLE,
            )
            categories = await client.get(f"/v1/connections/{connection}/records/categories")
            no_stock = await client.get(f"/v1/connections/{store['id']}/records/stock")
            epoch = await client.get(
                f"/v1/connections/{connection}/records/orders", params={"from": "0"}
            )
        assert categories.status_code == 422  # not one of the operation's entities
        assert categories.json()["field"] == "entity"
        assert no_stock.status_code == 409  # BigCommerce reads no stock: the connection's kind
        assert no_stock.json()["code"] == "entity_not_read"
        assert "bigcommerce connections do not read stock" in no_stock.text
        assert epoch.status_code == 422  # not read as 1970
        assert epoch.json()["field"] == "from"


class TestLookups:
    async def test_a_look_up_the_connector_cannot_make_is_409_and_made_without_a_call(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        async with gateway.client(tenant_id) as client:
            store = await factories.create_connection(
                client,
                connector="bigcommerce",
                store_hash="abc123",
                access_token="token",
                client_secret="secret",
                base_url=UNREACHABLE,
            )
            stock = await client.post(
                f"/v1/connections/{store['id']}/lookups/stock", json={"keys": ["4242"]}
            )
            invoices = await client.post(
                f"/v1/connections/{store['id']}/lookups/invoices", json={"keys": ["1"]}
            )
        assert stock.status_code == 409, stock.text  # BigCommerce reads no stock
        assert stock.json()["code"] == "lookup_not_supported"
        assert stock.json()["field"] == "entity"
        assert invoices.status_code == 422  # not one of the look-ups at all
        assert invoices.json()["field"] == "entity"


class TestOrderCheck:
    async def test_a_currency_that_is_no_iso_code_is_refused_not_a_500(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        async with gateway.client(tenant_id) as client:
            till = await factories.create_connection(
                client, connector="mplus", ident="i", secret="s", base_url=UNREACHABLE
            )
            path = f"/v1/connections/{till['id']}/order-check"
            digits = await client.post(path, json={"order": _order(currency="000")})
            rate = await client.post(
                path,
                json={"order": _order(exchange_rate={"currency": "eur", "rate": "1.1"})},
            )
            tiny = await client.post(
                path,
                json={"order": _order(exchange_rate={"currency": "USD", "rate": "0.0000000001"})},
            )
            epoch = await client.post(path, json={"order": _order(updated_at=0)})
            lax = await client.post(
                path, json={"order": _order(total={"amount": False, "currency": "EUR"})}
            )
            checked = await client.post(path, json={"order": _order()})
        assert digits.status_code == 422, digits.text  # was 500: Money refused it mid-check
        assert digits.json()["field"] == "order.currency"
        assert rate.status_code == 422, rate.text
        assert rate.json()["field"] == "order.exchange_rate.currency"
        assert tiny.status_code == 422, tiny.text  # below 1e-9: the document's bound
        assert tiny.json()["field"] == "order.exchange_rate.rate"
        assert epoch.status_code == 422, epoch.text
        assert epoch.json()["field"] == "order.updated_at"
        assert lax.status_code == 422, lax.text  # false is no amount (it was read as 0)
        assert lax.json()["field"] == "order.total.amount"
        # Nothing is called: the till's unreachable address does not matter.
        assert checked.status_code == 200, checked.text
        assert checked.json()["problems"] == []
