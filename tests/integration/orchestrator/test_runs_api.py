"""The runs list's filters, the dashboard's counts and one run's steps, on a real PostgreSQL.

Runs are written straight into the table (their states as any flow leaves them), so every
filter is checked against rows whose answer is known."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI

from syncyard_orchestrator.runs.tables import Run
from tests.integration.orchestrator.conftest import TokenFactory

T0 = datetime(2026, 12, 1, 10, 15, tzinfo=UTC)


class Runs:
    def __init__(self, app: FastAPI, tenant_id: uuid.UUID) -> None:
        self.app = app
        self.tenant_id = tenant_id
        self.integration_id = uuid.uuid4()

    async def add(
        self,
        *,
        flow: str = "orders",
        state: str = "done",
        at: datetime = T0,
        entity: str = "1",
        ref: str | None = None,
        failure_code: str | None = None,
        integration_id: uuid.UUID | None = None,
    ) -> uuid.UUID:
        run_id = uuid.uuid4()
        state_json: dict[str, Any] = {"id": str(run_id), "state": state}
        if flow == "orders":
            state_json["external_reference"] = f"shopify:{entity}"
        if failure_code:
            state_json |= {"failure_code": failure_code, "failed_step": "write"}
        row = Run(
            id=run_id,
            tenant_id=self.tenant_id,
            integration_id=integration_id or self.integration_id,
            flow=flow,
            source_connection_id=uuid.uuid4(),
            source_entity_id=entity,
            entity_ref=ref,
            state=state,
            state_json=state_json,
            settings_json={},
            version=1,
            created_at=at,
            updated_at=at,
            failure_code=failure_code,
            step_history=[],
        )
        async with self.app.state.sessionmaker() as session, session.begin():
            session.add(row)
        return run_id


async def listed(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> list[str]:
    response = await client.get("/v1/runs", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


class TestRunFilters:
    async def test_every_filter_narrows_the_list(
        self, app: FastAPI, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        runs = Runs(app, uuid.uuid4())
        headers = auth(runs.tenant_id)
        order = await runs.add(entity="501", ref="#1001", at=T0)
        failed = await runs.add(
            entity="502", ref="#1002", state="failed", failure_code="products_missing",
            at=T0 + timedelta(hours=1),
        )  # fmt: skip
        product = await runs.add(flow="products", state="writing", entity="9", ref="SKU-9",
                                 at=T0 + timedelta(hours=2))  # fmt: skip
        other = await runs.add(integration_id=uuid.uuid4(), at=T0 + timedelta(hours=3))
        await Runs(app, uuid.uuid4()).add(entity="501", ref="#1001")  # another tenant's

        assert await listed(client, headers) == [str(r) for r in (other, product, failed, order)]
        assert await listed(client, headers, integration_id=str(runs.integration_id)) == [
            str(product), str(failed), str(order)
        ]  # fmt: skip
        assert await listed(client, headers, flow="products") == [str(product)]
        assert await listed(client, headers, state="writing") == [str(product)]  # a record state
        assert await listed(client, headers, state="failed") == [str(failed)]
        assert await listed(client, headers, failure_code="products_missing") == [str(failed)]
        assert await listed(client, headers, entity_ref="#1001") == [str(order)]
        assert await listed(client, headers, entity_ref="502") == [str(failed)]  # source id
        assert await listed(client, headers, external_reference="shopify:502") == [str(failed)]
        window = {
            "created_from": (T0 + timedelta(minutes=30)).isoformat(),
            "created_to": (T0 + timedelta(hours=2)).isoformat(),
        }
        assert await listed(client, headers, **window) == [str(failed)]
        assert await listed(client, headers, created_from="2026-12-01T12:15:00+01:00") == [
            str(other), str(product), str(failed)
        ]  # fmt: skip

    async def test_pages_with_a_cursor_under_filters(
        self, app: FastAPI, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        runs = Runs(app, uuid.uuid4())
        headers = auth(runs.tenant_id)
        ids = [str(await runs.add(at=T0 + timedelta(minutes=i), entity=str(i))) for i in range(5)]
        first = (await client.get("/v1/runs", params={"limit": 3, "flow": "orders"},
                                  headers=headers)).json()  # fmt: skip
        second = await client.get(
            "/v1/runs", params={"limit": 3, "flow": "orders", "cursor": first["next_cursor"]},
            headers=headers,
        )  # fmt: skip
        assert [i["id"] for i in first["items"] + second.json()["items"]] == ids[::-1]
        assert second.json()["next_cursor"] is None

    async def test_wrong_filters_are_refused_naming_the_field(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        headers = auth(uuid.uuid4())
        cases = [
            ("state", {"state": "bogus"}),
            ("flow", {"flow": "invoices"}),
            ("created_from", {"created_from": "2026-12-01T10:00:00"}),  # no zone
            ("created_to", {"created_to": "yesterday"}),
            ("created_to", {"created_to": "0"}),  # not Unix time: RFC 3339 only
        ]
        for field, params in cases:
            response = await client.get("/v1/runs", params=params, headers=headers)
            assert response.status_code == 422, (field, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["field"] == field
        # An empty range is not refused (no schema can say "from before to"): it holds no runs.
        empty = await client.get(
            "/v1/runs",
            params={"created_from": T0.isoformat(), "created_to": T0.isoformat()},
            headers=headers,
        )
        assert (empty.status_code, empty.json()["items"]) == (200, [])


class TestRunCounts:
    async def test_counts_per_bucket_flow_and_state(
        self, app: FastAPI, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        runs = Runs(app, uuid.uuid4())
        headers = auth(runs.tenant_id)
        for minutes, flow, state in [
            (0, "orders", "done"), (5, "orders", "done"), (10, "orders", "failed"),
            (70, "orders", "done"), (75, "stock", "skipped"), (60 * 26, "orders", "done"),
        ]:  # fmt: skip
            await runs.add(flow=flow, state=state, at=T0 + timedelta(minutes=minutes))
        params = {"from": "2026-12-01T10:00:00Z", "to": "2026-12-01T12:00:00Z"}

        hourly = await client.get("/v1/runs/counts", params=params, headers=headers)
        daily = await client.get(
            "/v1/runs/counts",
            params={"bucket": "day", "from": "2026-12-01T00:00:00Z", "to": "2026-12-03T00:00:00Z",
                    "flow": "orders"},
            headers=headers,
        )  # fmt: skip

        assert hourly.status_code == 200, hourly.text
        assert [
            (i["bucket_start"], i["flow"], i["state"], i["count"]) for i in hourly.json()["items"]
        ] == [
            ("2026-12-01T10:00:00Z", "orders", "done", 2),
            ("2026-12-01T10:00:00Z", "orders", "failed", 1),
            ("2026-12-01T11:00:00Z", "orders", "done", 1),
            ("2026-12-01T11:00:00Z", "stock", "skipped", 1),
        ]
        assert hourly.json()["totals"] == {"done": 3, "failed": 1, "skipped": 1}
        days = [(i["bucket_start"][:10], i["state"], i["count"]) for i in daily.json()["items"]]
        assert days == [
            ("2026-12-01", "done", 3),
            ("2026-12-01", "failed", 1),
            ("2026-12-02", "done", 1),
        ]

    async def test_a_long_range_keeps_its_last_buckets_and_a_reversed_one_is_empty(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        headers = auth(uuid.uuid4())
        long = await client.get(
            "/v1/runs/counts",
            params={"from": "2026-01-01T00:00:00Z", "to": "2026-12-01T00:00:00Z"},
            headers=headers,
        )
        reversed_ = await client.get(
            "/v1/runs/counts",
            params={"from": "2026-12-02T00:00:00Z", "to": "2026-12-01T00:00:00Z"},
            headers=headers,
        )
        naive = await client.get(
            "/v1/runs/counts", params={"to": "2026-12-01T00:00:00"}, headers=headers
        )
        bucket = await client.get("/v1/runs/counts", params={"bucket": "week"}, headers=headers)
        # A long range keeps its last buckets and says where counting began; a reversed one
        # is empty (no schema can say "from before to", so neither is refused).
        assert long.status_code == 200, long.text
        assert long.json()["start"].startswith("2026-10-31T00:00:00")
        assert (reversed_.status_code, reversed_.json()["items"]) == (200, [])
        assert (naive.status_code, naive.json()["field"]) == (422, "to")
        assert (bucket.status_code, bucket.json()["field"]) == (422, "bucket")
