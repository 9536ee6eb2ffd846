"""Cross-tenant sweep: for every path with an id in every service's OpenAPI document, tenant
B's token with tenant A's ids answers 404, for every method (the real system).

Tenant A first gets one resource of each kind the ids name (connection, integration, run,
channel); ids of kinds not created here are random, which must be 404 as well. Path values
that are not ids (flow, entity, name, version) get a valid value, so a 404 is about the id.
Writes are sent an empty body, or a valid one where known (``BODIES``); an empty body refused
by its shape alone (422 ``validation_failed``, before any lookup) reveals nothing either.
"""

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.journey import Journey, JourneyFactory, address, line, unique_sku

SERVICES = ("gateway", "orchestrator", "mapper", "logger", "notifier")
NOT_IDS = {"flow": "orders", "entity": "orders", "name": "payment_methods", "version": "1"}
FLOW_OF = {"/v1/integrations/{integration_id}/flows/{flow}/initial-sync": "products"}
# Reached without a token, by design: the webhook intake (its GET answers alike for any id).
PUBLIC = ("/v1/webhooks/",)
METHODS = ("get", "post", "put", "patch", "delete")
BODIES: dict[tuple[str, str], Any] = {
    ("post", "/v1/integrations/{integration_id}/mute"): {
        "until": (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    },
    ("put", "/v1/integrations/{integration_id}/flows/{flow}"): {"is_active": False},
}


async def tenant_a_ids(alice: Journey) -> dict[str, str]:
    sku = unique_sku()
    await alice.seed_articles({"articleNumber": sku, "description": "Tea", "priceIncl": 300})
    order = await alice.shop_order(
        email=f"s.{sku}@example.nl", billing_address=address(), line_items=[line(sku, 1, "3.00")]
    )
    run = await alice.finished_run(order["id"])
    channel = await alice.api.post(
        f"{alice.urls.notifier}/v1/channels", json={"kind": "email", "address": "a@example.nl"}
    )
    assert channel.status_code == 201, channel.text
    return {
        "connection_id": alice.seeded.shopify_connection_id,
        "integration_id": alice.seeded.integration_id,
        "run_id": run["id"],
        "channel_id": channel.json()["id"],
    }


def operations(document: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path, item in document["paths"].items():
        ids = [p for p in re.findall(r"{(\w+)}", path) if p not in NOT_IDS]
        if not ids or path.startswith(PUBLIC):
            continue
        found.extend((method, path) for method in METHODS if method in item)
    return found


def fill(template: str, ids: dict[str, str]) -> str:
    """The path with tenant A's ids (random ones for kinds not created) and valid non-ids."""
    values = {**NOT_IDS, "flow": FLOW_OF.get(template, NOT_IDS["flow"]), **ids}
    return re.sub(r"{(\w+)}", lambda m: values.get(m[1]) or str(uuid.uuid4()), template)


async def test_tenant_b_gets_404_for_every_id_of_tenant_a_on_every_path(
    new_journey: JourneyFactory,
) -> None:
    alice = await new_journey()
    bob = await new_journey(subscribe_webhook=False)
    ids = await tenant_a_ids(alice)
    wrong: list[str] = []
    swept = 0
    for service in SERVICES:
        base = getattr(alice.urls, service)
        document = (await alice.api.get(f"{base}/openapi.json")).json()
        for method, template in operations(document):
            path = fill(template, ids)
            # Each flow has paths of its own (.../flows/orders), with the body of any flow.
            generic = re.sub(r"/flows/[a-z_]+$", "/flows/{flow}", template)
            body = None if method in ("get", "delete") else BODIES.get((method, generic), {})
            answer = await bob.api.request(method.upper(), f"{base}{path}", json=body)
            swept += 1
            shown = answer.json() if answer.content else None
            code = shown.get("code") if isinstance(shown, dict) else None
            shape_only = answer.status_code == 422 and code == "validation_failed" and body == {}
            if answer.status_code != 404 and not shape_only:
                wrong.append(f"{service} {method.upper()} {template}: {answer.status_code} {code}")
    assert swept > 30
    assert wrong == [], "\n".join(wrong)
    # Tenant A's things are all still there.
    for url in (
        f"{alice.urls.gateway}/v1/connections/{ids['connection_id']}",
        f"{alice.urls.orchestrator}/v1/integrations/{ids['integration_id']}",
        f"{alice.urls.notifier}/v1/channels/{ids['channel_id']}",
    ):
        assert (await alice.api.get(url)).status_code == 200, url


pytestmark = pytest.mark.timeout(120)
