"""A record flow's run has a mapping diff too: a product synced from the till, then a new
products mapping version; the diff names exactly the field the version builds another way."""

from typing import Any

from tests.e2e.flows.pairs import PairFactory
from tests.e2e.journey import unique_sku
from tests.fixtures.eventually import eventually

SHOUTED_NAME = {"fields": {"name": "$uppercase(name)"}}


async def test_a_product_runs_diff_shows_exactly_what_a_new_version_changes(
    new_pair: PairFactory,
) -> None:
    pair = await new_pair("shopify")
    tenant = pair.tenant
    await tenant.activate("products", source="mplus")
    await tenant.feed_ready("mplus", "products")
    sku = unique_sku()
    await pair.till.add_product(sku, f"Mug {sku}", 1250)
    run = await tenant.done("products", str(sku))

    mappings = f"{tenant.system.url('mapper')}/v1/integrations/{tenant.integration_id}/mappings"
    saved = await tenant.api.put(
        f"{mappings}/products",
        json=SHOUTED_NAME,
        params={"source_connector": "mplus", "target_connector": "shopify"},
    )
    assert saved.status_code == 201, saved.text

    async def logged() -> dict[str, Any] | None:  # the logger writes the run's log a bit later
        url = f"{tenant.orchestrator}/v1/runs/{run['id']}/mapping-diff"
        response = await tenant.api.get(url)
        assert response.status_code in (200, 409), response.text
        return dict(response.json()) if response.status_code == 200 else None

    body = await eventually(logged)
    assert (body["flow"], body["sent"]["mapping_version"]) == ("products", 0)
    assert body["would_send"]["mapping_version"] == 1
    assert body["changes"] == [
        {"path": "/name", "change": "changed", "before": f"Mug {sku}", "after": f"MUG {sku}"}
    ]
    assert body["replay"] is None  # a done run is not retried
