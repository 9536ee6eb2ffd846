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

    async def test_another_tenant_gets_404_for_the_integration(self, client_for: ClientFor) -> None:
        integration = uuid.uuid4()
        path = f"/v1/integrations/{integration}/mappings/orders"
        async with client_for() as owner:
            saved = await owner.put(path, json=GOOD)
        assert saved.status_code == 201
        pair = {"source_connector": "shopify", "target_connector": "mplus"}
        async with client_for() as intruder:
            current = await intruder.get(path, params=pair)
            versions = await intruder.get(f"{path}/versions")
            overwrite = await intruder.put(path, json=GOOD)
        assert current.status_code == 404
        assert current.json()["code"] == "integration_not_found"
        assert versions.status_code == 404
        assert overwrite.status_code == 404

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


ORDERS_PAIR = {"source_connector": "shopify", "target_connector": "mplus"}


class TestValidationOnSave:
    async def _put(self, client_for: ClientFor, document: dict[str, object]) -> httpx.Response:
        path = f"/v1/integrations/{uuid.uuid4()}/mappings/orders"
        async with client_for() as client:
            return await client.put(path, json=document, params=ORDERS_PAIR)

    async def test_an_unknown_source_field_is_a_422_naming_the_target_field(
        self, client_for: ClientFor
    ) -> None:
        refused = await self._put(client_for, {"fields": {"note": "billing_address.stret"}})
        assert refused.status_code == 422
        assert refused.json()["field"] == "note"
        assert "'stret'" in refused.json()["detail"]

    async def test_output_the_target_model_refuses_is_a_422_naming_the_field(
        self, client_for: ClientFor
    ) -> None:
        refused = await self._put(client_for, {"fields": {"currency": "'EURO'"}})
        assert refused.status_code == 422
        assert refused.json()["field"] == "currency"
        assert "sample" in refused.json()["detail"]
        negative = await self._put(
            client_for, {"fields": {"lines[]": "lines.{'sku': sku, 'quantity': -1}"}}
        )
        assert negative.status_code == 422
        assert negative.json()["field"].startswith("lines[0].")

    async def test_an_unknown_value_map_or_target_field_is_refused(
        self, client_for: ClientFor
    ) -> None:
        lookup = await self._put(
            client_for, {"fields": {"payment_method": "$lookup('colours', payment_method)"}}
        )
        constant = await self._put(client_for, {"constants": {"billing_address.stret": "x"}})
        assert (lookup.status_code, lookup.json()["field"]) == (422, "payment_method")
        assert "unknown value map 'colours'" in lookup.json()["detail"]
        assert (constant.status_code, constant.json()["field"]) == (422, "billing_address.stret")


class TestOverlayAndRollback:
    async def test_the_overlay_is_saved_and_the_effective_mapping_shown(
        self, client_for: ClientFor
    ) -> None:
        path = f"/v1/integrations/{uuid.uuid4()}/mappings/orders"
        overlay = {"fields": {"note": "$uppercase(note)"}, "drop": ["shipping_address"]}
        async with client_for() as client:
            saved = await client.put(path, json=overlay, params=ORDERS_PAIR)
            current = await client.get(path, params=ORDERS_PAIR)
        assert saved.status_code == 201, saved.text
        body = current.json()
        assert body["document"]["fields"] == {"note": "$uppercase(note)"}
        effective = body["effective"]["fields"]
        assert effective["note"] == "$uppercase(note)"
        assert "billing_address.street" in effective
        assert not [path for path in effective if path.startswith("shipping_address")]

    async def test_rollback_saves_a_new_version_equal_to_the_old_one(
        self, client_for: ClientFor
    ) -> None:
        path = f"/v1/integrations/{uuid.uuid4()}/mappings/orders"
        first = {"fields": {"note": "'first'"}}
        async with client_for() as client:
            await client.put(path, json=first, params=ORDERS_PAIR)
            await client.put(path, json={"fields": {"note": "'second'"}}, params=ORDERS_PAIR)
            rolled = await client.post(f"{path}/rollback", json={"version": 1})
            missing = await client.post(f"{path}/rollback", json={"version": 9})
            versions = await client.get(f"{path}/versions")
        assert rolled.status_code == 201, rolled.text
        assert rolled.json()["version"] == 3
        assert rolled.json()["document"]["fields"] == first["fields"]
        assert missing.status_code == 404
        assert [item["version"] for item in versions.json()] == [3, 2, 1]
