"""Mapping tests: stored cases run on every save; a version that breaks one is refused."""

import uuid
from collections.abc import Callable

import httpx

ClientFor = Callable[..., httpx.AsyncClient]
PAIR = {"source_connector": "shopify", "target_connector": "mplus"}
CASE = {
    "name": "note is shouted",
    "input": {"source_id": "1", "currency": "EUR", "note": "ring twice"},
    "expected": {"note": "RING TWICE", "currency": "EUR"},
}


class TestMappingTests:
    async def test_a_version_that_breaks_a_test_is_refused_with_the_diff(
        self, client_for: ClientFor
    ) -> None:
        path = f"/v1/integrations/{uuid.uuid4()}/mappings/orders"
        async with client_for() as client:
            good = await client.put(
                path, json={"fields": {"note": "$uppercase(note)"}}, params=PAIR
            )
            stored = await client.put(f"{path}/tests", json={"cases": [CASE]}, params=PAIR)
            broken = await client.put(path, json={"fields": {"note": "note"}}, params=PAIR)
            read = await client.get(f"{path}/tests", params=PAIR)
            versions = await client.get(f"{path}/versions")
        assert good.status_code == 201, good.text
        assert stored.status_code == 200, stored.text
        assert stored.json()["results"] == [
            {"name": "note is shouted", "passed": True, "differences": [], "errors": []}
        ]
        assert broken.status_code == 422
        problem = broken.json()
        assert problem["code"] == "mapping_test_failed"
        assert problem["field"] == "note"
        assert problem["failures"] == [
            {
                "name": "note is shouted",
                "differences": [
                    {"field": "note", "expected": "RING TWICE", "actual": "ring twice"}
                ],
                "errors": [],
            }
        ]
        assert read.json()["cases"][0]["name"] == "note is shouted"
        assert [item["version"] for item in versions.json()] == [1]

    async def test_failing_cases_are_stored_and_reported_not_refused(
        self, client_for: ClientFor
    ) -> None:
        path = f"/v1/integrations/{uuid.uuid4()}/mappings/orders"
        async with client_for() as client:
            stored = await client.put(f"{path}/tests", json={"cases": [CASE]}, params=PAIR)
        assert stored.status_code == 200
        [result] = stored.json()["results"]
        assert result["passed"] is False
        assert result["differences"][0]["field"] == "note"

    async def test_rollback_to_a_version_that_breaks_the_tests_is_refused(
        self, client_for: ClientFor
    ) -> None:
        path = f"/v1/integrations/{uuid.uuid4()}/mappings/orders"
        async with client_for() as client:
            await client.put(path, json={"fields": {"note": "note"}}, params=PAIR)
            await client.put(path, json={"fields": {"note": "$uppercase(note)"}}, params=PAIR)
            await client.put(f"{path}/tests", json={"cases": [CASE]}, params=PAIR)
            rolled = await client.post(f"{path}/rollback", json={"version": 1}, params=PAIR)
        assert rolled.status_code == 422
        assert rolled.json()["code"] == "mapping_test_failed"
