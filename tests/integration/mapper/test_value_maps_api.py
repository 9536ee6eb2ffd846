"""Value maps API: replace, read, list; per-country keys; roles."""

import uuid
from collections.abc import Callable

import httpx

from syncyard_common.auth.principal import Role

ClientFor = Callable[..., httpx.AsyncClient]


class TestValueMapsApi:
    async def test_put_then_get_and_list(self, client_for: ClientFor) -> None:
        base = f"/v1/integrations/{uuid.uuid4()}/value-maps"
        body = {"entries": {"ideal": "IDEAL", "pin": "PIN"}, "default": "OTHER"}
        async with client_for() as client:
            before = await client.get(f"{base}/payment_methods")
            saved = await client.put(f"{base}/payment_methods", json=body)
            replaced = await client.put(
                f"{base}/payment_methods", json={**body, "on_unmapped": "fail"}
            )
            read = await client.get(f"{base}/payment_methods")
            listed = await client.get(base)
        assert before.status_code == 404
        assert saved.status_code == 200, saved.text
        assert replaced.json()["on_unmapped"] == "fail"
        assert read.json()["entries"] == body["entries"]
        assert read.json()["default"] == "OTHER"
        assert [item["name"] for item in listed.json()] == ["payment_methods"]

    async def test_per_country_maps_take_iso2_keys_only(self, client_for: ClientFor) -> None:
        base = f"/v1/integrations/{uuid.uuid4()}/value-maps"
        async with client_for() as client:
            good = await client.put(f"{base}/tax_codes", json={"entries": {"nl": "H21"}})
            bad = await client.put(f"{base}/revenue_accounts", json={"entries": {"NLD": "8000"}})
        assert good.json()["entries"] == {"NL": "H21"}
        assert bad.status_code == 422
        assert bad.json()["field"] == "entries.NLD"

    async def test_unknown_names_and_viewers_are_refused(self, client_for: ClientFor) -> None:
        base = f"/v1/integrations/{uuid.uuid4()}/value-maps"
        async with client_for() as client:
            unknown = await client.put(f"{base}/colours", json={"entries": {}})
        async with client_for(role=Role.VIEWER) as viewer:
            refused = await viewer.put(f"{base}/payment_methods", json={"entries": {}})
        assert unknown.status_code == 404
        assert refused.status_code == 403
