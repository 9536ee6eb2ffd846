"""Initial syncs: every record of the source read page by page, progress shown, each once."""

from typing import Any

from tests.e2e.flows.pairs import Pair, PairFactory
from tests.e2e.flows.tenant import TERMINAL
from tests.e2e.journey import unique_sku
from tests.fixtures.eventually import eventually

PRODUCTS = 30


async def start(pair: Pair, flow: str) -> Any:
    tenant = pair.tenant
    url = f"{tenant.orchestrator}/v1/integrations/{tenant.integration_id}/flows/{flow}"
    return await tenant.api.post(f"{url}/initial-sync")


async def progress(pair: Pair, job_id: str) -> dict[str, Any]:
    tenant = pair.tenant
    url = f"{tenant.orchestrator}/v1/integrations/{tenant.integration_id}/sync-jobs/{job_id}"
    response = await tenant.api.get(url)
    response.raise_for_status()
    answer: dict[str, Any] = response.json()
    return answer


async def until_done(pair: Pair, job_id: str, seen: list[dict[str, Any]]) -> dict[str, Any]:
    async def finished() -> dict[str, Any] | None:
        report = await progress(pair, job_id)
        seen.append(report)
        return report if report["state"] in ("done", "failed") else None

    report: dict[str, Any] = await eventually(finished, timeout=120, interval=0.3)
    return report


async def test_an_initial_product_sync_to_shopify_shows_progress_and_writes_each_once(
    new_pair: PairFactory,
) -> None:
    pair = await new_pair("shopify")
    first = unique_sku()
    skus = [first + 10 * n for n in range(PRODUCTS)]
    for n, sku in enumerate(skus):
        sizes = {sku: "S", sku + 1: "M"} if n % 5 == 0 else None
        await pair.till.add_product(sku, f"Sync {sku}", 500 + n, sizes=sizes)
    await pair.tenant.activate("products", source="mplus")

    started = await start(pair, "products")
    assert started.status_code == 202, started.text
    again = await start(pair, "products")
    assert again.status_code == 409, again.text
    assert again.json()["job_id"] == started.json()["id"]

    seen: list[dict[str, Any]] = []
    report = await until_done(pair, started.json()["id"], seen)
    assert report["state"] == "done", report
    running = [r for r in seen if r["state"] in ("reading", "running") and r["done"] > 0]
    assert running, "no progress report while the sync ran"
    assert all(r["rate_per_second"] > 0 and r["eta_seconds"] is not None for r in running)
    assert report["total"] == report["done"] + report["skipped"] + report["failed"]
    assert report["total"] >= PRODUCTS
    for sku in skus:
        assert len(await pair.shop.holding(str(sku))) == 1, sku
    runs = {r["entity_ref"]: r for r in await pair.tenant.runs("products")}
    assert all(runs[str(sku)]["state"] == "done" for sku in skus)


async def test_an_initial_customer_sync_to_bigcommerce_writes_the_till_relation_once(
    new_pair: PairFactory,
) -> None:
    pair = await new_pair("bigcommerce")
    email = f"sync.{unique_sku()}@example.nl"
    await pair.till.add_relation(name="Sanne Bakker", email=email, city="Leiden", country="NL")
    await pair.tenant.activate("customers", source="mplus")

    started = await start(pair, "customers")
    assert started.status_code == 202, started.text
    report = await until_done(pair, started.json()["id"], [])
    assert report["state"] == "done", report
    [run] = [r for r in await pair.tenant.runs("customers") if r["entity_ref"] == email]
    assert run["state"] in TERMINAL
    [customer] = await pair.shop.customers(email)
    assert (customer["first_name"], customer["last_name"]) == ("Sanne", "Bakker")
