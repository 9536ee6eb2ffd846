"""Mappings API: defaults, versions, validate-on-save, preview, tenant isolation."""

import uuid
from collections.abc import Callable

import httpx

from syncyard_common.auth.principal import Role

ClientFor = Callable[..., httpx.AsyncClient]
GOOD = {"fields": {"source_id": "source_id", "currency": "currency", "email": "$lowercase(email)"}}


class TestMappingsApi:
    async def test_without_a_saved_mapping_the_default_is_returned(
        self, client_for: ClientFor
    ) -> None:
        async with client_for() as client:
            response = await client.get(
                f"/v1/integrations/{uuid.uuid4()}/mappings/orders",
                params={"source_connector": "shopify", "target_connector": "mplus"},
            )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["is_default"] is True
        assert body["version"] == 0
        assert body["mapping_id"] == "default:orders/shopify_to_mplus"
        assert "billing_address.street" in body["document"]["fields"]

    async def test_saving_creates_versions_and_the_latest_is_current(
        self, client_for: ClientFor
    ) -> None:
        integration = uuid.uuid4()
        path = f"/v1/integrations/{integration}/mappings/orders"
        async with client_for() as client:
            first = await client.put(path, json=GOOD)
            second_doc = {"fields": {**GOOD["fields"], "note": "'second'"}}
            second = await client.put(path, json=second_doc)
            current = await client.get(path)
            versions = await client.get(f"{path}/versions")
        assert first.status_code == 201, first.text
        assert [first.json()["version"], second.json()["version"]] == [1, 2]
        assert current.json()["is_default"] is False
        assert current.json()["version"] == 2
        assert current.json()["document"]["fields"]["note"] == "'second'"
        assert [item["version"] for item in versions.json()] == [2, 1]

    async def test_a_bad_expression_is_a_422_naming_the_field(self, client_for: ClientFor) -> None:
        integration = uuid.uuid4()
        path = f"/v1/integrations/{integration}/mappings/orders"
        async with client_for() as client:
            syntax = await client.put(path, json={"fields": {"source_id": "source_id +"}})
            unknown = await client.put(path, json={"fields": {"email": "$lowercse(email)"}})
            versions = await client.get(f"{path}/versions")
        assert syntax.status_code == 422
        assert syntax.headers["content-type"].startswith("application/problem+json")
        assert syntax.json()["field"] == "source_id"
        assert unknown.status_code == 422
        assert unknown.json()["field"] == "email"
        assert "$lowercse" in unknown.json()["detail"]
        assert versions.json() == []

    async def test_another_tenant_cannot_read_the_mapping(self, client_for: ClientFor) -> None:
        integration = uuid.uuid4()
        path = f"/v1/integrations/{integration}/mappings/orders"
        async with client_for() as owner:
            saved = await owner.put(path, json=GOOD)
        assert saved.status_code == 201
        pair = {"source_connector": "shopify", "target_connector": "mplus"}
        async with client_for() as intruder:
            current = await intruder.get(path, params=pair)
            without_pair = await intruder.get(path)
            versions = await intruder.get(f"{path}/versions")
        # The intruder sees only the shipped default, never the owner's version.
        assert current.json()["is_default"] is True
        assert without_pair.status_code == 404
        assert versions.json() == []

    async def test_preview_returns_output_and_per_field_errors_without_saving(
        self, client_for: ClientFor
    ) -> None:
        integration = uuid.uuid4()
        path = f"/v1/integrations/{integration}/mappings/orders"
        record = {"source_id": "7", "currency": "EUR", "email": "ANNA@EXAMPLE.NL"}
        async with client_for(role=Role.VIEWER) as client:
            good = await client.post(
                f"{path}/preview", json={"document": GOOD, "records": [record]}
            )
            bad = await client.post(
                f"{path}/preview",
                json={
                    "document": {"fields": {"source_id": "(", "currency": "1"}},
                    "records": [record],
                },
            )
            versions = await client.get(f"{path}/versions")
        assert good.status_code == 200, good.text
        assert good.json()["results"][0]["output"]["email"] == "anna@example.nl"
        errors = bad.json()["results"][0]["errors"]
        assert bad.json()["results"][0]["output"] is None
        assert {error["field"] for error in errors} >= {"source_id", "currency"}
        assert versions.json() == []

    async def test_a_viewer_cannot_save_and_no_token_is_401(
        self, client_for: ClientFor, mapper_url: str
    ) -> None:
        path = f"/v1/integrations/{uuid.uuid4()}/mappings/orders"
        async with client_for(role=Role.VIEWER) as viewer:
            refused = await viewer.put(path, json=GOOD)
        async with httpx.AsyncClient(base_url=mapper_url) as anonymous:
            unauthenticated = await anonymous.get(path)
        assert refused.status_code == 403
        assert unauthenticated.status_code == 401

    async def test_an_unknown_flow_is_404(self, client_for: ClientFor) -> None:
        async with client_for() as client:
            response = await client.get(f"/v1/integrations/{uuid.uuid4()}/mappings/invoices")
        assert response.status_code == 404
