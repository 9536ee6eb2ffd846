"""One saved mapping version by number (what a run's mapping diff compares against)."""

import uuid
from collections.abc import Callable

import httpx

ClientFor = Callable[..., httpx.AsyncClient]
ORDERS_PAIR = {"source_connector": "shopify", "target_connector": "mplus"}


class TestOneMappingVersion:
    async def test_a_saved_version_comes_with_its_effective_mapping(
        self, client_for: ClientFor
    ) -> None:
        path = f"/v1/integrations/{uuid.uuid4()}/mappings/orders"
        async with client_for() as client:
            await client.put(path, json={"fields": {"note": "'first'"}}, params=ORDERS_PAIR)
            await client.put(path, json={"fields": {"note": "'second'"}}, params=ORDERS_PAIR)
            first = await client.get(f"{path}/versions/1", params=ORDERS_PAIR)
        assert first.status_code == 200, first.text
        body = first.json()
        assert (body["version"], body["is_default"]) == (1, False)
        assert body["document"]["fields"] == {"note": "'first'"}
        assert body["effective"]["fields"]["note"] == "'first'"
        assert "billing_address.street" in body["effective"]["fields"]

    async def test_version_zero_is_the_shipped_default_of_the_pair(
        self, client_for: ClientFor
    ) -> None:
        path = f"/v1/integrations/{uuid.uuid4()}/mappings/orders"
        async with client_for() as client:
            await client.put(path, json={"fields": {"note": "'first'"}}, params=ORDERS_PAIR)
            default = await client.get(f"{path}/versions/0", params=ORDERS_PAIR)
        assert default.status_code == 200, default.text
        assert default.json()["mapping_id"] == "default:orders/shopify_to_mplus"
        assert (default.json()["version"], default.json()["is_default"]) == (0, True)

    async def test_an_unknown_version_or_another_tenants_integration_is_404(
        self, client_for: ClientFor
    ) -> None:
        path = f"/v1/integrations/{uuid.uuid4()}/mappings/orders"
        async with client_for() as client:
            await client.put(path, json={"fields": {"note": "'first'"}}, params=ORDERS_PAIR)
            missing = await client.get(f"{path}/versions/7", params=ORDERS_PAIR)
            negative = await client.get(f"{path}/versions/-1", params=ORDERS_PAIR)
        async with client_for() as intruder:
            stolen = await intruder.get(f"{path}/versions/1", params=ORDERS_PAIR)
        assert (missing.status_code, missing.json()["code"]) == (404, "mapping_version_not_found")
        assert negative.status_code == 422
        assert stolen.status_code == 404
