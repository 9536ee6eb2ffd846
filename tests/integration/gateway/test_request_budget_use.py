"""``GET /v1/request-budgets``: each of the caller's connections with its remote account's
budget use (the console's dashboard), shared by connections to one shop, never another
tenant's connections."""

import uuid

from sqlalchemy import text

from tests.integration.gateway import factories
from tests.integration.gateway.conftest import RunningGateway


async def _spent(gateway: RunningGateway, account: str, *, tokens: float) -> None:
    """The shop's budget as the pacer leaves it; no refill, so the figures stay put."""
    async with gateway.engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO gateway.request_budget (account_key, bucket, tokens, issued, "
                "capacity, per_second, learned_at, updated_at) "
                "VALUES (:account, 'calls', :tokens, 50, 40, 0, NULL, clock_timestamp())"
            ),
            {"account": account, "tokens": tokens},
        )


async def test_each_connection_shows_its_shops_budget_use_and_only_the_callers(
    gateway: RunningGateway, tenant_id: uuid.UUID
) -> None:
    shop = f"budget-{uuid.uuid4().hex[:10]}.myshopify.com"
    credentials = factories.shopify_credentials(shop_domain=shop)
    other_tenant = uuid.uuid4()
    async with gateway.client(tenant_id) as client:
        mine = await factories.create_connection(client, **credentials)
        idle = await factories.create_connection(
            client, **factories.shopify_credentials(shop_domain=f"idle-{shop}")
        )
    async with gateway.client(other_tenant) as client:
        theirs = await factories.create_connection(client, **credentials)
    # The base URL's host is part of the account (tests and simulators; see pacing.account_at).
    await _spent(gateway, f"shopify:{shop}@127.0.0.1:9", tokens=-10)

    async with gateway.client(tenant_id) as client:
        response = await client.get("/v1/request-budgets")
    async with gateway.client(other_tenant) as client:
        shared = (await client.get("/v1/request-budgets")).json()["items"]
    async with gateway.client(uuid.uuid4()) as client:
        nobody = (await client.get("/v1/request-budgets")).json()["items"]

    assert response.status_code == 200, response.text
    assert response.json()["items"] == [
        {
            "connection_id": mine["id"],
            "bucket": "calls",
            "capacity": 40.0,
            "per_second": 0.0,
            "available": -10.0,
            "used_share": 1.25,  # spent, and ten calls waiting for promised slots
            "is_learned": False,
        }
    ]
    assert idle["id"] not in str(response.json())  # no paced call yet: nothing to show
    assert [item["connection_id"] for item in shared] == [theirs["id"]]  # one shop, one budget
    assert nobody == []


async def test_the_route_is_declared_in_the_openapi_document(gateway: RunningGateway) -> None:
    async with gateway.client(None) as client:
        paths = (await client.get("/openapi.json")).json()["paths"]
    answer = paths["/v1/request-budgets"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BudgetUseList"
    }
