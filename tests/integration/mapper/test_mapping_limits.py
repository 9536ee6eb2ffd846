"""Tenant code is bounded: a runaway mapping is stopped in its sandbox worker, by name."""

import asyncio
import json
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx

from syncyard_common.broker import publisher
from tests.integration.mapper.conftest import SAMPLE, Results, map_command

ClientFor = Callable[..., httpx.AsyncClient]
CATASTROPHIC = '$match("aaaaaaaaaaaaaaaaaaaaaaaaaa!", /(a+)+$/) ? "x" : source_id'
PAIR = {"source_connector": "shopify", "target_connector": "mplus"}
T = TypeVar("T")


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


async def _preview(client: httpx.AsyncClient, document: dict[str, object] | None) -> float:
    """Seconds one preview of the sample took (asserting it answered 200)."""
    body: dict[str, Any] = {"records": [json.loads(SAMPLE.read_text("utf-8"))]}
    if document is not None:
        body["document"] = document
    started = time.perf_counter()
    response = await client.post(
        f"/v1/integrations/{uuid.uuid4()}/mappings/orders/preview", params=PAIR, json=body
    )
    assert response.status_code == 200, response.text
    return time.perf_counter() - started


async def _b_median(client: httpx.AsyncClient) -> float:
    return statistics.median([await _preview(client, None) for _ in range(7)])


async def _timed_health(client: httpx.AsyncClient) -> tuple[int, float]:
    started = time.perf_counter()
    response = await client.get("/healthz")
    return response.status_code, time.perf_counter() - started


async def _while_a_runs(
    tenant_a: httpx.AsyncClient, body: dict[str, Any], measure: Awaitable[T]
) -> tuple[T, list[httpx.Response]]:
    """``measure`` while tenant A previews ``body`` over and over (one preview at a time)."""
    stop = asyncio.Event()
    answers: list[httpx.Response] = []

    async def keep_previewing() -> None:
        while not stop.is_set():
            answers.append(
                await tenant_a.post(
                    f"/v1/integrations/{uuid.uuid4()}/mappings/orders/preview",
                    params=PAIR,
                    json=body,
                )
            )

    task = asyncio.create_task(keep_previewing())
    try:
        while not answers:  # A's evaluation has run at least once
            await asyncio.sleep(0.05)
        return await measure, answers
    finally:
        stop.set()
        await task


class TestMappingLimits:
    async def test_a_catastrophic_regex_leaves_another_tenants_previews_within_twice_normal(
        self, client_for: ClientFor, mapper_url: str
    ) -> None:
        records = [json.loads(SAMPLE.read_text("utf-8"))] * 50
        busy = {"records": records}
        runaway = {"document": {"fields": {"source_id": CATASTROPHIC}}, "records": records}
        async with client_for() as tenant_a, client_for() as tenant_b:
            await _preview(tenant_b, None)  # warm: the default compiled in a worker
            # Normal: tenant B's latency while tenant A keeps previewing a normal mapping.
            normal, _ = await _while_a_runs(tenant_a, busy, _b_median(tenant_b))
            during, answers = await _while_a_runs(tenant_a, runaway, _b_median(tenant_b))
            async with httpx.AsyncClient(base_url=mapper_url) as plain:
                (health, health_s), _ = await _while_a_runs(tenant_a, runaway, _timed_health(plain))
        assert health == 200
        assert health_s < 1.0
        assert during <= 2 * normal + 0.05, (normal, during)  # 50 ms for a loaded CI machine
        refused = answers[0]
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "mapping_limit_exceeded"
        assert refused.json()["field"] == "source_id"
        assert "expression_timeout_ms" in refused.json()["detail"]

    async def test_a_huge_range_is_refused_by_name_and_memory_stays_bounded(
        self, client_for: ClientFor
    ) -> None:
        document = {"fields": {"note": "$string($count([1..10000000]))"}}
        before = _rss_mb()
        async with client_for() as client:
            preview = await client.post(
                f"/v1/integrations/{uuid.uuid4()}/mappings/orders/preview",
                params=PAIR,
                json={"document": document, "records": [json.loads(SAMPLE.read_text("utf-8"))]},
            )
            save = await client.put(
                f"/v1/integrations/{uuid.uuid4()}/mappings/orders", params=PAIR, json=document
            )
        assert preview.status_code == 422, preview.text
        assert preview.json()["code"] == "mapping_limit_exceeded"
        assert "max_range_items" in preview.json()["detail"]
        assert save.status_code == 422, save.text
        assert save.json()["code"] == "mapping_limit_exceeded"
        assert "10000000 items" in save.json()["detail"]
        assert _rss_mb() - before < 50  # the service's own process: evaluation is elsewhere

    async def test_a_run_stopped_by_a_limit_fails_with_mapping_limit_exceeded(
        self, results: Results, send: publisher.Publisher, client_for: ClientFor
    ) -> None:
        command = map_command({"source_id": "boom", "currency": "EUR"})
        assert command.correlation_id is not None
        # Passes on the shipped sample (so the save is accepted), runs away on this record.
        source_id = f"source_id = 'boom' ? ({CATASTROPHIC}) : source_id"
        document = {"fields": {"source_id": source_id, "currency": "currency"}}
        async with client_for(command.tenant_id) as client:
            saved = await client.put(
                f"/v1/integrations/{command.integration_id}/mappings/orders", json=document
            )
        assert saved.status_code == 201, saved.text
        await send.publish(command)
        failed = await results.wait_for(command.correlation_id, "mapping.record.failed.v1")
        assert failed.payload["code"] == "mapping_limit_exceeded"
        assert failed.payload["field"] == "source_id"
        assert "expression_timeout_ms" in failed.payload["reason"]
