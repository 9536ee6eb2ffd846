"""Connections API: create, read, delete, test; tenant isolation; credentials never leak."""

import io
import uuid

import httpx
from pydantic import SecretStr

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.settings import Environment
from syncyard_gateway.main import create_app
from syncyard_gateway.settings import GatewaySettings
from tests.integration.gateway import factories
from tests.integration.gateway.conftest import JWT_SECRET, RunningGateway
from tests.integration.gateway.server import serve

CANARIES = (factories.ACCESS_TOKEN, factories.WEBHOOK_SECRET)


def assert_no_secret(text: str) -> None:
    for canary in CANARIES:
        assert canary not in text


class TestCreateAndRead:
    async def test_created_connection_shows_fields_set_but_never_values(
        self, gateway: RunningGateway, tenant_id: uuid.UUID, log_lines: io.StringIO
    ) -> None:
        async with gateway.client(tenant_id) as client:
            created = await factories.create_connection(client)
            one = await client.get(f"/v1/connections/{created['id']}")
            listed = await client.get("/v1/connections")
        assert created["connector"] == "shopify"
        assert created["status"] == "active"
        assert created["webhook_url"] == f"/v1/webhooks/{created['id']}"
        assert set(created["credential_fields_set"]) == {
            "shop_domain",
            "access_token",
            "webhook_secret",
            "api_version",
            "base_url",
        }
        assert one.status_code == 200
        assert one.json() == created
        assert [item["id"] for item in listed.json()] == [created["id"]]
        for text in (str(created), one.text, listed.text, log_lines.getvalue()):
            assert_no_secret(text)
        assert "connection created" in log_lines.getvalue()

    async def test_credentials_are_stored_encrypted_with_the_active_key(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        async with gateway.client(tenant_id) as client:
            created = await factories.create_connection(client)
        stored = await gateway.scalar(
            "SELECT credentials_ciphertext FROM gateway.connection WHERE id = :id",
            id=uuid.UUID(created["id"]),
        )
        key_id = await gateway.scalar(
            "SELECT key_id FROM gateway.connection WHERE id = :id", id=uuid.UUID(created["id"])
        )
        assert isinstance(stored, bytes)
        assert key_id == "current"
        for canary in CANARIES:
            assert canary.encode() not in stored

    async def test_invalid_credentials_name_the_field_without_echoing_values(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        credentials = factories.shopify_credentials()
        del credentials["webhook_secret"]
        async with gateway.client(tenant_id) as client:
            response = await client.post(
                "/v1/connections",
                json={"name": "shop", "connector": "shopify", "credentials": credentials},
            )
            listed = await client.get("/v1/connections")
        assert response.status_code == 422
        assert response.json()["field"] == "credentials.webhook_secret"
        assert_no_secret(response.text)
        assert listed.json() == []

    async def test_unknown_connector_is_422_on_the_connector_field(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        async with gateway.client(tenant_id) as client:
            response = await client.post(
                "/v1/connections",
                json={"name": "x", "connector": "nosuch", "credentials": {"secret": "abc"}},
            )
        assert response.status_code == 422
        assert response.json()["field"] == "connector"

    async def test_writes_need_an_admin_or_operator_and_reads_need_a_token(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        body = {"name": "x", "connector": "shopify", "credentials": factories.shopify_credentials()}
        async with gateway.client(tenant_id, Role.VIEWER) as viewer:
            refused = await viewer.post("/v1/connections", json=body)
        async with gateway.client(None) as anonymous:
            unauthenticated = await anonymous.get("/v1/connections")
        async with gateway.client(tenant_id, Role.OPERATOR) as operator:
            allowed = await operator.post("/v1/connections", json=body)
        assert refused.status_code == 403
        assert unauthenticated.status_code == 401
        assert allowed.status_code == 201


class TestDeleteAndTenantIsolation:
    async def test_another_tenant_cannot_see_test_or_delete_a_connection(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        async with gateway.client(tenant_id) as owner:
            created = await factories.create_connection(owner)
        path = f"/v1/connections/{created['id']}"
        async with gateway.client(uuid.uuid4()) as stranger:
            seen = await stranger.get(path)
            tested = await stranger.post(f"{path}/test")
            deleted = await stranger.delete(path)
            listed = await stranger.get("/v1/connections")
        assert (seen.status_code, tested.status_code, deleted.status_code) == (404, 404, 404)
        assert listed.json() == []
        async with gateway.client(tenant_id) as owner:
            assert (await owner.get(path)).status_code == 200

    async def test_deleted_connection_is_gone(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        async with gateway.client(tenant_id) as client:
            created = await factories.create_connection(client)
            path = f"/v1/connections/{created['id']}"
            deleted = await client.delete(path)
            again = await client.get(path)
            deleted_twice = await client.delete(path)
        assert deleted.status_code == 204
        assert again.status_code == 404
        assert deleted_twice.status_code == 404


class TestConnectionTest:
    async def test_unreachable_remote_reports_the_error_and_keeps_the_connection_active(
        self, gateway: RunningGateway, tenant_id: uuid.UUID, log_lines: io.StringIO
    ) -> None:
        async with gateway.client(tenant_id) as client:
            created = await factories.create_connection(client)
            response = await client.post(f"/v1/connections/{created['id']}/test")
            after = await client.get(f"/v1/connections/{created['id']}")
        assert response.status_code == 200
        result = response.json()
        assert result["ok"] is False
        assert result["error"]["code"] == "unreachable"
        assert after.json()["status"] == "active"
        assert_no_secret(response.text + log_lines.getvalue())


class TestAvailableConnectors:
    async def test_lists_connectors_with_capabilities_and_credentials_schema(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        async with gateway.client(tenant_id, Role.VIEWER) as client:
            response = await client.get("/v1/connectors")
        assert response.status_code == 200
        by_name = {item["name"]: item for item in response.json()}
        assert {"shopify", "mplus"} <= set(by_name)
        shopify = by_name["shopify"]
        assert "webhook_source" in shopify["operations"]
        assert shopify["capabilities"]["change_intake"] == "webhooks"
        secret_field = shopify["credentials_schema"]["properties"]["access_token"]
        assert secret_field.get("writeOnly") is True
        assert "order_target" in by_name["mplus"]["operations"]


class TestMissingCredentialKeys:
    async def test_development_without_keys_is_not_ready_and_stores_nothing(
        self, gateway_settings: GatewaySettings, tenant_id: uuid.UUID
    ) -> None:
        settings = gateway_settings.model_copy(
            update={
                "environment": Environment.DEVELOPMENT,
                "credential_keys": SecretStr(""),
                "run_consumers": False,
            }
        )
        token = tokens.mint(tenant_id=tenant_id, role=Role.ADMIN, secret=JWT_SECRET)
        body = {"name": "x", "connector": "shopify", "credentials": factories.shopify_credentials()}
        async with (
            serve(create_app(settings)) as url,
            httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client,
        ):
            ready = await client.get("/readyz")
            created = await client.post("/v1/connections", json=body)
            listed = await client.get("/v1/connections")
        assert ready.status_code == 503
        assert ready.json()["checks"]["credential_keys"].startswith("failing")
        assert created.status_code == 503
        assert created.json()["code"] == "credential_keys_missing"
        assert listed.json() == []
