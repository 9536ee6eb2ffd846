"""The console's operations screens in the journey's browser: a mapping test kept from a
preview, an integration muted (by keyboard), an alert channel added, tested (the session's
SMTP server) and deleted, a dead letter discarded; each screen photographed and axe-checked
by the journey's `screen`, each action's effect read back from the service's API (not from
the page)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aio_pika
import httpx

from scripts.system import RunningSystem
from syncyard_common.broker import consumer
from syncyard_common.messages import Envelope

WAIT_MS = 30_000
CHANNEL_ADDRESS = "ops@example.nl"


@dataclass
class Operations:
    """What the operations screens did, as the APIs tell it afterwards."""

    integration_id: str = ""
    mapping_tests: list[dict[str, Any]] = field(default_factory=list)  # the results, by the API
    mute: dict[str, Any] = field(default_factory=dict)
    channel_routes: list[dict[str, Any]] | None = None  # of the channel while it existed
    test_deliveries: list[str] = field(default_factory=list)  # statuses, by the API
    channels_after_delete: list[dict[str, Any]] = field(default_factory=list)
    dead_letter: dict[str, Any] = field(default_factory=dict)
    budgets_shown: int = 0
    phone_overflow: dict[str, int] = field(default_factory=dict)  # px wider than the phone


class Api:
    """The tenant's view of the services, straight to each (the console went by the front door)."""

    def __init__(self, system: RunningSystem, token: str) -> None:
        self.system = system
        self.client = httpx.Client(timeout=30, headers={"Authorization": f"Bearer {token}"})

    def get(self, service: str, path: str) -> Any:
        response = self.client.get(self.system.url(service) + path)
        response.raise_for_status()
        return response.json()

    def close(self) -> None:
        self.client.close()


def keep_a_mapping_test(
    page: Any, card: Any, api: Api, integration_id: str, done: Operations
) -> None:
    """The first preview result (the orders mapping is open, previewed) kept as a stored test."""
    form = card.locator(".mapping ol li .keep-test").first
    form.get_by_role("textbox").fill("Console order")
    form.get_by_role("button", name="Keep as test", exact=True).click()
    card.locator('li[data-test-case="Console order"]').wait_for(timeout=WAIT_MS)
    stored = api.get("mapper", f"/v1/integrations/{integration_id}/mappings/orders/tests")
    done.mapping_tests = stored["results"]


def park_a_dead_letter(system: RunningSystem, tenant_id: uuid.UUID) -> uuid.UUID:
    """A command parked as our consumer parks one (headers and all) in the gateway's DLQ: the
    orchestrator's mover files it as a dead letter of this tenant."""
    parked_id = uuid.uuid4()
    envelope = Envelope(
        type="gateway.order.create.v1",
        source="orchestrator",
        tenant_id=tenant_id,
        correlation_id=uuid.uuid4(),
        subject="#console-dead-letter",
        payload={},
    )
    now = datetime.now(UTC).isoformat()
    headers: dict[str, aio_pika.abc.FieldValue] = {
        consumer.ATTEMPT_HEADER: 5,
        consumer.ERROR_CODE_HEADER: "unknown_article",
        consumer.ERROR_REASON_HEADER: "Article 4711 does not exist in the till.",
        consumer.FIRST_FAILED_AT_HEADER: now,
        consumer.PARKED_AT_HEADER: now,
        consumer.PARKED_ID_HEADER: str(parked_id),
    }

    async def publish() -> None:
        connection = await aio_pika.connect(
            system.processes["orchestrator"].env["SYNCYARD_AMQP_URL"]
        )
        async with connection:
            channel = await connection.channel()
            message = aio_pika.Message(
                envelope.model_dump_json().encode(),
                headers=headers,
                message_id=str(envelope.id),
                content_type="application/json",
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            )
            await channel.default_exchange.publish(message, routing_key="gateway.commands.dlq")

    # Playwright's sync API holds this thread's event loop: the publish runs on its own thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, publish()).result(timeout=30)
    return parked_id


def _overflow(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def visit_operations(
    page: Any,
    screen: Callable[[str], None],
    goto: Callable[[str], None],
    api: Api,
    *,
    integration: tuple[str, str],
    dead_letter_id: uuid.UUID,
    done: Operations,
) -> None:
    """Dashboard (open alerts, budgets), alerts (mute), channels, dead letters (discard)."""
    integration_id, integration_name = integration
    done.integration_id = integration_id
    goto("#/dashboard")
    page.locator("ul.budgets li[data-budget]").first.wait_for(timeout=WAIT_MS)
    done.budgets_shown = page.locator("ul.budgets li[data-budget]").count()
    screen("dashboard-operations")

    # A mute, by keyboard only: the button focused and Enter pressed.
    goto("#/alerts")
    mute = page.get_by_role("button", name=f"Mute 1 hour: {integration_name}", exact=True)
    mute.focus()
    page.keyboard.press("Enter")
    page.locator(f'li[data-mute="{integration_name}"][data-muted=yes]').wait_for(timeout=WAIT_MS)
    done.mute = api.get("notifier", f"/v1/integrations/{integration_id}/mute")
    screen("alerts-muted")

    # A channel for this integration's alerts only, added and deleted again.
    goto("#/channels")
    page.fill("#channel-new-target", CHANNEL_ADDRESS)
    page.locator("#channel-new-title + form").get_by_label(integration_name, exact=True).check()
    page.get_by_role("button", name="Add channel", exact=True).click()
    card = page.locator(f'li[data-channel="{CHANNEL_ADDRESS}"]')
    card.wait_for(timeout=WAIT_MS)
    listed = api.get("notifier", "/v1/channels")["items"]
    done.channel_routes = next(c["routes"] for c in listed if c["address"] == CHANNEL_ADDRESS)
    card.get_by_role("button", name="Send a test alert", exact=True).click()
    card.get_by_text("Test alert sent", exact=True).wait_for(timeout=WAIT_MS)
    deliveries = api.get("notifier", "/v1/deliveries?limit=10")["items"]
    done.test_deliveries = [d["status"] for d in deliveries if d["event"] == "channel.test"]
    page.set_viewport_size({"width": 375, "height": 800})
    screen("channels-phone")
    done.phone_overflow["channels"] = _overflow(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    card.get_by_role("button", name="Delete", exact=True).click()
    card.get_by_role("button", name="Really delete", exact=True).click()
    card.wait_for(state="detached", timeout=WAIT_MS)
    done.channels_after_delete = api.get("notifier", "/v1/channels")["items"]

    # The parked command, discarded from the list.
    goto("#/dead-letters")
    page.fill("#dead-letter-code", "unknown_article")  # the failure code it was parked with
    page.get_by_role("button", name="Filter", exact=True).click()
    row = page.locator(f'tr[data-dead-letter="{dead_letter_id}"]')
    deadline_ms = WAIT_MS
    while row.count() == 0 and deadline_ms > 0:  # the mover files it within a moment
        page.get_by_role("button", name="Refresh", exact=True).click()
        page.wait_for_timeout(500)
        deadline_ms -= 500
    row.get_by_role("checkbox").check()
    screen("dead-letters-parked")
    page.get_by_role("button", name="Discard selected", exact=True).click()
    page.get_by_text("Discarded: 1", exact=True).wait_for(timeout=WAIT_MS)
    done.dead_letter = api.get("orchestrator", f"/v1/dead-letters/{dead_letter_id}")
    page.set_viewport_size({"width": 375, "height": 800})
    page.select_option("#dead-letter-state", "discarded")
    page.locator(f'tr[data-dead-letter="{dead_letter_id}"]').wait_for(timeout=WAIT_MS)
    screen("dead-letters-phone")
    done.phone_overflow["dead-letters"] = _overflow(page)
    page.set_viewport_size({"width": 1280, "height": 900})
