"""Integrations API against a real database: validation, roles, tenant isolation."""

import uuid
from typing import Any

import httpx

from syncyard_common.auth.principal import Role
from tests.integration.orchestrator.conftest import TokenFactory


def integration_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Shop to till",
        "source_connection_id": str(uuid.uuid4()),
        "target_connection_id": str(uuid.uuid4()),
        "source_connector": "shopify",
        "target_connector": "mplus",
    }
    return {**body, **changes}


async def create_integration(
    client: httpx.AsyncClient, headers: dict[str, str], **changes: Any
) -> dict[str, Any]:
    response = await client.post(
        "/v1/integrations", json=integration_body(**changes), headers=headers
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


class TestIntegrations:
    async def test_creates_lists_reads_and_deletes_an_integration(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        headers = auth(uuid.uuid4())
        created = await create_integration(client, headers)
        listed = (await client.get("/v1/integrations", headers=headers)).json()
        assert [item["id"] for item in listed["items"]] == [created["id"]]
        read = await client.get(f"/v1/integrations/{created['id']}", headers=headers)
        assert read.json() == created
        deleted = await client.delete(f"/v1/integrations/{created['id']}", headers=headers)
        assert deleted.status_code == 204
        gone = await client.get(f"/v1/integrations/{created['id']}", headers=headers)
        assert gone.status_code == 404

    async def test_unknown_source_connector_is_422_naming_the_field(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        body = integration_body(source_connector="nowhere")
        response = await client.post("/v1/integrations", json=body, headers=auth(uuid.uuid4()))
        assert response.status_code == 422
        assert response.json()["field"] == "source_connector"

    async def test_unsupported_target_for_the_source_is_422_naming_the_field(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        body = integration_body(target_connector="shopify")
        response = await client.post("/v1/integrations", json=body, headers=auth(uuid.uuid4()))
        assert response.status_code == 422
        assert response.json()["field"] == "target_connector"

    async def test_extra_fields_are_refused(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        body = integration_body(colour="red")
        response = await client.post("/v1/integrations", json=body, headers=auth(uuid.uuid4()))
        assert response.status_code == 422
        assert response.json()["field"] == "colour"

    async def test_viewer_may_read_but_not_write(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        tenant = uuid.uuid4()
        viewer = auth(tenant, Role.VIEWER)
        response = await client.post("/v1/integrations", json=integration_body(), headers=viewer)
        assert response.status_code == 403
        assert (await client.get("/v1/integrations", headers=viewer)).status_code == 200
        operator = auth(tenant, Role.OPERATOR)
        assert (
            await client.post("/v1/integrations", json=integration_body(), headers=operator)
        ).status_code == 201

    async def test_missing_token_is_401(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/v1/integrations")).status_code == 401

    async def test_another_tenant_gets_404_and_an_empty_list(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        created = await create_integration(client, auth(uuid.uuid4()))
        other = auth(uuid.uuid4())
        url = f"/v1/integrations/{created['id']}"
        assert (await client.get(url, headers=other)).status_code == 404
        assert (await client.get(f"{url}/flows", headers=other)).status_code == 404
        flow = {"direction": "source_to_target", "is_active": True}
        assert (
            await client.put(f"{url}/flows/orders", json=flow, headers=other)
        ).status_code == 404
        assert (await client.delete(url, headers=other)).status_code == 404
        assert (await client.get("/v1/integrations", headers=other)).json() == {"items": []}


class TestOrderFlowSettings:
    async def test_configures_and_lists_the_order_flow(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        headers = auth(uuid.uuid4())
        created = await create_integration(client, headers)
        url = f"/v1/integrations/{created['id']}/flows"
        body = {
            "direction": "source_to_target",
            "is_active": True,
            "settings": {"employee_number": 42, "default_debtor_id": "D-1"},
        }
        saved = await client.put(f"{url}/orders", json=body, headers=headers)
        assert saved.status_code == 200, saved.text
        assert saved.json()["settings"]["employee_number"] == 42
        assert saved.json()["settings"]["default_debtor_id"] == "D-1"
        body["is_active"] = False
        await client.put(f"{url}/orders", json=body, headers=headers)
        (flow,) = (await client.get(url, headers=headers)).json()["items"]
        assert (flow["flow"], flow["is_active"], flow["direction"]) == (
            "orders",
            False,
            "source_to_target",
        )

    async def test_settings_default_to_employee_999999(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        headers = auth(uuid.uuid4())
        created = await create_integration(client, headers)
        url = f"/v1/integrations/{created['id']}/flows/orders"
        saved = await client.put(url, json={"is_active": True}, headers=headers)
        settings = saved.json()["settings"]
        assert settings["employee_number"] == 999999
        assert settings["default_debtor_id"] is None
        assert settings["missing_products"] == "fail"

    async def test_invalid_settings_are_422_naming_the_field(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        headers = auth(uuid.uuid4())
        created = await create_integration(client, headers)
        url = f"/v1/integrations/{created['id']}/flows/orders"
        cases = [
            ({"is_active": True, "settings": {"employee_number": 0}}, "settings.employee_number"),
            ({"is_active": True, "settings": {"extra": 1}}, "settings.extra"),
            ({"is_active": True, "direction": "sideways"}, "direction"),
            ({"is_active": "maybe"}, "is_active"),
            ({"is_active": 1}, "is_active"),  # a number is no boolean, nor is "true"
            ({"is_active": "true"}, "is_active"),
        ]
        for body, field in cases:
            response = await client.put(url, json=body, headers=headers)
            assert response.status_code == 422, body
            assert response.json()["field"] == field
        assert (await client.get(url.removesuffix("/orders"), headers=headers)).json() == {
            "items": []
        }

    async def test_serves_the_settings_json_schema(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        response = await client.get("/v1/flows/orders/settings-schema", headers=auth(uuid.uuid4()))
        schema = response.json()
        assert schema["properties"]["employee_number"]["default"] == 999999
        assert schema["properties"]["employee_number"]["maximum"] == 99999999
        assert schema["additionalProperties"] is False


class TestFlowsOfEveryKind:
    async def test_lists_every_flow_with_its_settings_schema(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        listed = (await client.get("/v1/flows", headers=auth(uuid.uuid4()))).json()["items"]
        by_name = {item["flow"]: item for item in listed}
        assert set(by_name) == {"orders", "products", "stock", "customers", "categories"}
        assert "both" in by_name["orders"]["directions"]
        assert "both" not in by_name["products"]["directions"]
        stock = by_name["stock"]["settings_schema"]
        assert stock["properties"]["calculation"]["default"] == "available_minus_reserved"
        schema = await client.get("/v1/flows/products/settings-schema", headers=auth(uuid.uuid4()))
        assert "update_fields" in schema.json()["properties"]
        missing = await client.get("/v1/flows/nothing/settings-schema", headers=auth(uuid.uuid4()))
        assert missing.status_code == 404

    async def test_each_flow_saves_with_its_own_settings(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        headers = auth(uuid.uuid4())
        created = await create_integration(client, headers)
        url = f"/v1/integrations/{created['id']}/flows"
        bodies = {
            "products": {"update_fields": ["price"], "sync_content": False},
            "stock": {"calculation": "available", "target_manages_stock": True},
            "customers": {"update_existing": False},
            "categories": {},
        }
        for flow, settings in bodies.items():
            body = {"direction": "target_to_source", "is_active": True, "settings": settings}
            saved = await client.put(f"{url}/{flow}", json=body, headers=headers)
            assert saved.status_code == 200, (flow, saved.text)
            for key, value in settings.items():
                assert saved.json()["settings"][key] == value
        flows = (await client.get(url, headers=headers)).json()["items"]
        assert sorted(item["flow"] for item in flows) == sorted(bodies)

    async def test_invalid_setting_of_any_flow_is_422_naming_the_field(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        headers = auth(uuid.uuid4())
        created = await create_integration(client, headers)
        url = f"/v1/integrations/{created['id']}/flows"
        cases = [
            ("stock", {"calculation": "guess"}, "settings.calculation"),
            ("products", {"update_fields": ["colour_of_box"]}, "settings.update_fields.0"),
            (
                "products",
                {"filter": {"conditions": [{"field": "x"}]}},
                "settings.filter.conditions.0.equals",
            ),
            ("products", {"sync_content": False, "sync_offer": False}, "settings"),
            ("customers", {"unknown": 1}, "settings.unknown"),
        ]
        for flow, settings, field in cases:
            body = {"is_active": True, "settings": settings}
            response = await client.put(f"{url}/{flow}", json=body, headers=headers)
            assert response.status_code == 422, (flow, settings, response.text)
            assert response.json()["field"] == field, response.json()
        assert (await client.get(url, headers=headers)).json() == {"items": []}
        unknown = await client.put(f"{url}/invoices", json={"is_active": True}, headers=headers)
        assert unknown.status_code == 404

    async def test_both_directions_only_for_orders(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        headers = auth(uuid.uuid4())
        created = await create_integration(client, headers)
        url = f"/v1/integrations/{created['id']}/flows"
        both = {"direction": "both", "is_active": True}
        assert (await client.put(f"{url}/orders", json=both, headers=headers)).status_code == 200
        refused = await client.put(f"{url}/products", json=both, headers=headers)
        assert refused.status_code == 422
        assert refused.json()["field"] == "direction"

    async def test_a_flow_the_connector_cannot_carry_is_refused_with_the_reason(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        headers = auth(uuid.uuid4())
        created = await create_integration(
            client, headers, source_connector="mplus", target_connector="mailchimp"
        )
        url = f"/v1/integrations/{created['id']}/flows/categories"
        refused = await client.put(url, json={"is_active": True}, headers=headers)
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "flow_not_supported"
        assert "cannot write categories" in refused.json()["detail"]

    async def test_second_product_direction_is_409_with_the_reason(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        headers = auth(uuid.uuid4())
        till, shop = str(uuid.uuid4()), str(uuid.uuid4())
        first = await create_integration(
            client, headers, source_connection_id=shop, target_connection_id=till
        )
        second = await create_integration(
            client,
            headers,
            source_connection_id=till,
            target_connection_id=shop,
            source_connector="mplus",
            target_connector="shopify",
        )
        on = {"direction": "source_to_target", "is_active": True}
        url = "/v1/integrations/{}/flows/products"
        assert (
            await client.put(url.format(first["id"]), json=on, headers=headers)
        ).status_code == 200
        refused = await client.put(url.format(second["id"]), json=on, headers=headers)
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "flow_direction_conflict"
        assert "only one products direction may be active" in refused.json()["detail"]
        # Nothing was saved for the second integration.
        flows = await client.get(f"/v1/integrations/{second['id']}/flows", headers=headers)
        assert flows.json() == {"items": []}
        # The same direction via the other integration is fine (target_to_source = shop → till).
        same_way = {"direction": "target_to_source", "is_active": True}
        assert (
            await client.put(url.format(second["id"]), json=same_way, headers=headers)
        ).status_code == 200
        # Inactive flows never conflict.
        off = {"direction": "source_to_target", "is_active": False}
        assert (
            await client.put(url.format(second["id"]), json=off, headers=headers)
        ).status_code == 200
