"""Idempotency-Key on creating POSTs of the gateway, orchestrator and notifier (the real
system): the same key and body replay the first answer and create nothing more; the same key
with another body is 422; ten concurrent identical POSTs make one resource."""

import asyncio
import uuid
from typing import Any

from scripts.system.connections import CREDENTIALS
from tests.e2e.journey import Journey, JourneyFactory

NOWHERE = "http://127.0.0.1:9/"


def cases(journey: Journey) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(POST URL, list URL, body, another body) per kind of resource."""
    urls, seeded = journey.urls, journey.seeded
    name, credentials = CREDENTIALS["ecwid"]
    connection = {"name": name, "connector": "ecwid", "credentials": credentials(NOWHERE)}
    integration = {
        "name": "Shop to till",
        "source_connection_id": seeded.shopify_connection_id,
        "target_connection_id": seeded.mplus_connection_id,
        "source_connector": "shopify",
        "target_connector": "mplus",
    }
    channel = {"kind": "email", "address": "ops@merchant.example"}
    return [
        (f"{urls.gateway}/v1/connections", f"{urls.gateway}/v1/connections", connection,
         {**connection, "name": "Another"}),
        (f"{urls.orchestrator}/v1/integrations", f"{urls.orchestrator}/v1/integrations",
         integration, {**integration, "name": "Another"}),
        (f"{urls.notifier}/v1/channels", f"{urls.notifier}/v1/channels", channel,
         {**channel, "address": "other@merchant.example"}),
    ]  # fmt: skip


async def count(journey: Journey, url: str) -> int:
    listed = (await journey.api.get(url)).json()
    return len(listed["items"] if isinstance(listed, dict) else listed)


async def test_a_repeated_key_replays_the_answer_and_creates_nothing_more(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey(subscribe_webhook=False)
    for post_url, list_url, body, other in cases(journey):
        before = await count(journey, list_url)
        key = {"Idempotency-Key": str(uuid.uuid4())}
        first = await journey.api.post(post_url, json=body, headers=key)
        assert first.status_code == 201, (post_url, first.text)
        again = await journey.api.post(post_url, json=body, headers=key)
        assert (again.status_code, again.json()) == (201, first.json()), post_url
        assert again.headers["idempotent-replayed"] == "true"
        reused = await journey.api.post(post_url, json=other, headers=key)
        assert reused.status_code == 422, (post_url, reused.text)
        assert reused.json()["code"] == "idempotency_key_reused"
        assert await count(journey, list_url) == before + 1, post_url


async def test_ten_concurrent_identical_posts_make_one_resource(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey(subscribe_webhook=False)
    for post_url, list_url, body, _ in cases(journey):
        before = await count(journey, list_url)
        key = {"Idempotency-Key": str(uuid.uuid4())}
        answers = await asyncio.gather(
            *(journey.api.post(post_url, json=body, headers=key) for _ in range(10))
        )
        assert {a.status_code for a in answers} == {201}, [a.text for a in answers]
        assert len({a.text for a in answers}) == 1, post_url
        assert await count(journey, list_url) == before + 1, post_url
