"""Tenant B cannot see or touch tenant A's connections, integrations, runs or logs (404)."""

import httpx

from tests.e2e.journey import JourneyFactory, address, line, unique_sku


async def test_another_tenant_gets_404_for_everything_of_tenant_a(
    new_journey: JourneyFactory,
) -> None:
    alice = await new_journey()
    bob = await new_journey(subscribe_webhook=False)
    sku = unique_sku()
    await alice.seed_articles({"articleNumber": sku, "description": "Honey", "priceIncl": 700})
    order = await alice.shop_order(
        email=f"a.{sku}@example.nl", billing_address=address(), line_items=[line(sku, 1, "7.00")]
    )
    run = await alice.finished_run(order["id"])
    urls = alice.urls
    seeded = alice.seeded
    reads = [
        f"{urls.gateway}/v1/connections/{seeded.shopify_connection_id}",
        f"{urls.orchestrator}/v1/integrations/{seeded.integration_id}",
        f"{urls.orchestrator}/v1/runs/{run['id']}",
        f"{urls.logger}/v1/runs/{run['id']}/log",
    ]
    for url in reads:
        assert (await alice.api.get(url)).status_code == 200, url
        assert (await bob.api.get(url)).status_code == 404, url
    writes = [
        ("POST", f"{urls.gateway}/v1/connections/{seeded.mplus_connection_id}/test"),
        ("DELETE", f"{urls.gateway}/v1/connections/{seeded.shopify_connection_id}"),
        ("DELETE", f"{urls.orchestrator}/v1/integrations/{seeded.integration_id}"),
    ]
    for method, url in writes:
        assert (await bob.api.request(method, url)).status_code == 404, url
    listed = await bob.api.get(f"{urls.gateway}/v1/connections")
    assert seeded.shopify_connection_id not in listed.text
    bob_runs = await bob.api.get(
        f"{urls.orchestrator}/v1/runs", params={"integration_id": seeded.integration_id}
    )
    assert bob_runs.status_code in (200, 404)
    assert run["id"] not in bob_runs.text
    bob_log = await bob.api.get(f"{urls.logger}/v1/integrations/{seeded.integration_id}/log")
    assert run["id"] not in bob_log.text
    # Alice's things are all still there.
    for url in reads:
        assert (await alice.api.get(url)).status_code == 200, url


async def test_requests_without_a_token_are_401(new_journey: JourneyFactory) -> None:
    journey = await new_journey(subscribe_webhook=False)
    async with httpx.AsyncClient() as anonymous:
        for url in (
            f"{journey.urls.gateway}/v1/connections",
            f"{journey.urls.orchestrator}/v1/integrations",
            f"{journey.urls.logger}/v1/integrations/{journey.seeded.integration_id}/log",
            f"{journey.urls.notifier}/v1/channels",
            f"{journey.urls.mapper}/v1/integrations/{journey.seeded.integration_id}/mappings/orders",
        ):
            assert (await anonymous.get(url)).status_code == 401, url
