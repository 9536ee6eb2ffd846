"""A merchant's first hour, in chromium through the front door, using nothing but the console:
sign in → connect Shopify and MplusKASSA → enable the orders flow with employee number 123 →
an order from the shop is done in the activity log with 123 in the payload sent to the till →
an order with an unknown SKU fails → the article is added → retry from the console → done.

Then the operations screens (operations.py): a mapping test kept from the preview, a mute,
an alert channel, a dead letter discarded, the dashboard's open alerts and request budgets.

Every screen is photographed (test-artifacts/console/) and checked with axe-core; every
request the console made is then looked up in the services' OpenAPI documents."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from scripts.system import RunningSystem
from scripts.system.frontdoor import FrontDoor
from scripts.system.seed import (
    MPLUS_IDENT,
    MPLUS_SECRET,
    SHOP_ACCESS_TOKEN,
    SHOP_API_VERSION,
    SHOP_DOMAIN,
    SHOP_WEBHOOK_SECRET,
    tenant_token,
)
from tests.e2e.console.operations import (
    CHANNEL_ADDRESS,
    Api,
    Operations,
    keep_a_mapping_test,
    park_a_dead_letter,
    visit_operations,
)
from tests.e2e.journey import address, line, unique_sku

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "console" / "node_modules" / "axe-core" / "axe.min.js"
SERVICES = ("gateway", "orchestrator", "mapper", "logger", "notifier")
# The journey runs in a module fixture: its system start and every screen count against the
# first test's timeout, and a loaded CI machine needs more than the suite's 180 s default.
pytestmark = pytest.mark.timeout(480)

WAIT_MS = 30_000


@dataclass
class Journey:
    """What the browser did and saw."""

    requests: set[tuple[str, str]] = field(default_factory=set)  # (method, path under /api)
    violations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # per screen
    screens: list[str] = field(default_factory=list)
    sent_to_till: str = ""
    failed_reason: str = ""
    retried_state: str = ""
    operations: Operations = field(default_factory=Operations)
    seconds: float = 0.0  # the browser's part, the system already running


class Browser:
    def __init__(self, page: Any, journey: Journey, artifacts: Path) -> None:
        self.page = page
        self.journey = journey
        self.artifacts = artifacts

    def screen(self, name: str) -> None:
        """Photograph the screen and run axe-core on it."""
        self.page.wait_for_selector("h1")
        index = len(self.journey.screens) + 1
        self.page.screenshot(path=str(self.artifacts / f"{index:02d}-{name}.png"), full_page=True)
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
            "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length})))"
        )
        self.journey.screens.append(name)
        self.journey.violations[name] = result

    def refresh_until(self, selector: str, timeout_s: float = 45) -> Any:
        """Press the screen's refresh button until `selector` shows (the run is eventually
        consistent); each round waits for the locator itself, no fixed sleep."""
        deadline = time.monotonic() + timeout_s
        locator = self.page.locator(selector)
        while True:
            try:
                locator.first.wait_for(state="visible", timeout=1000)
                return locator.first
            except Exception:
                if time.monotonic() > deadline:
                    raise
                self.page.get_by_role("button", name="Refresh").click()


def _connect(page: Any, connector: str, name: str, credentials: dict[str, str]) -> None:
    page.goto_hash("#/connections")
    page.select_option("#connector", connector)
    page.fill("#connection-name", name)
    for key, value in credentials.items():
        page.fill(f"#cred-{connector}-{key}", value)
    page.get_by_role("button", name="Connect an app").click()
    card = page.locator(f"li[data-connection={connector}]")
    card.wait_for(timeout=WAIT_MS)
    card.get_by_role("button", name="Test connection").click()
    card.get_by_text("Connection works", exact=True).wait_for(timeout=WAIT_MS)


@pytest.fixture(scope="module")
def journey(system: RunningSystem, frontdoor: FrontDoor, chromium: Any, artifacts: Path) -> Journey:
    sim_shopify = system.url("sim-shopify")
    sim_mplus = system.url("sim-mplus")
    plain = httpx.Client(timeout=30)
    done = Journey()
    context = chromium.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def record(request: Any) -> None:
        url = urlsplit(request.url)
        if url.path.startswith("/api/"):
            done.requests.add((request.method, url.path))

    page.on("request", record)
    page.goto_hash = lambda fragment: page.goto(f"{frontdoor.url}/{fragment}")
    browser = Browser(page, done, artifacts)
    webhook_url = ""
    tenant_id = uuid.uuid4()
    token = tenant_token(tenant_id, system.jwt_secret)
    api = Api(system, token)
    started = time.monotonic()
    try:
        # --- sign in with a development token -------------------------------------------
        page.goto(frontdoor.url + "/")
        browser.screen("sign-in")
        page.fill("#token", token)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("navigation").wait_for()
        browser.screen("dashboard")

        # --- connect the shop and the till ----------------------------------------------
        _connect(page, "shopify", "Console shop", {
            "shop_domain": SHOP_DOMAIN, "access_token": SHOP_ACCESS_TOKEN,
            "webhook_secret": SHOP_WEBHOOK_SECRET, "api_version": SHOP_API_VERSION,
            "base_url": sim_shopify,
        })  # fmt: skip
        _connect(page, "mplus", "Console till", {
            "base_url": sim_mplus + "/", "ident": MPLUS_IDENT, "secret": MPLUS_SECRET,
        })  # fmt: skip
        shop_card = page.locator("li[data-connection=shopify]")
        webhook_url = shop_card.locator(".webhook-url").inner_text()
        assert webhook_url == f"{frontdoor.url}/api/gateway/v1/webhooks/" + webhook_url[-36:]
        # The shop's order webhooks, registered from the console (the shop's Admin API).
        shop_card.get_by_role("button", name="Register webhooks").click()
        shop_card.locator("[data-webhooks=registered]").wait_for(timeout=WAIT_MS)
        # A credential changed in place: tested, saved, the connection (and its URL) kept.
        shop_card.get_by_role("button", name="Change credentials").click()
        shop_card.locator("input[name=access_token]").fill(SHOP_ACCESS_TOKEN)
        shop_card.get_by_role("button", name="Save").click()
        shop_card.get_by_text("Saved", exact=True).wait_for(timeout=WAIT_MS)
        browser.screen("connections")
        assert shop_card.locator(".webhook-url").inner_text() == webhook_url

        # --- the integration and its order flow with employee 123 -----------------------
        page.goto_hash("#/integrations")
        page.fill("#name", "Console shop into the till")
        page.select_option("#source_connection_id", label="Console shop (shopify)")
        page.select_option("#target_connection_id", label="Console till (mplus)")
        page.get_by_role("button", name="Create integration").click()
        page.wait_for_url(re.compile(r"#/integrations/[0-9a-f-]{36}$"))
        page.get_by_role("button", name="Settings: orders").click()
        page.check("#flow-orders-active")
        page.fill("#flow-orders-employee_number", "123")
        page.locator("#flow-orders").get_by_role("button", name="Save").click()
        page.locator("#flow-orders").get_by_text("Saved", exact=True).wait_for(timeout=WAIT_MS)
        # A dry run of the saved flow: sample orders read, nothing written, no error.
        orders_card = page.locator("article[data-flow=orders]")
        orders_card.get_by_role("button", name="Dry run").click()
        orders_card.locator(".tool ul").wait_for(state="attached", timeout=WAIT_MS)
        assert orders_card.locator(".tool .error").count() == 0
        browser.screen("integration")
        integration_hash = "#/" + page.url.split("#/", 1)[1]

        # The till knows the employee, as a merchant's till would.
        plain.post(f"{sim_mplus}/_sim/employees", json=[{"employeeNumber": 123, "name": "Web"}])

        # --- an order from the shop is done, 123 in what the till was sent --------------
        known = unique_sku()
        articles = [{"articleNumber": known, "description": "Console mug", "priceIncl": 995}]
        plain.post(f"{sim_mplus}/_sim/articles", json=articles).raise_for_status()
        ok_order = _shop_order(plain, sim_shopify, known)
        # Other tests' orders reach this tenant too while its webhooks are registered in the
        # shared simulator: the activity log is searched for this order (its id in the shop).
        _search(page, ok_order)
        browser.refresh_until("tr[data-state=done]").get_by_role("link").click()
        page.locator("li[data-step=create_order]").first.wait_for(timeout=WAIT_MS)
        sent = page.locator("li[data-step=create_order] details").filter(has_text="Sent payload")
        sent.first.locator("summary").click()
        done.sent_to_till = sent.first.locator("pre").inner_text()
        browser.screen("run-done")

        # The orders' mapping, previewed on the shop's orders (this one among them).
        page.goto_hash(integration_hash)
        orders_card = page.locator("article[data-flow=orders]")
        orders_card.get_by_role("button", name="Mapping: orders").click()
        page.wait_for_function("document.querySelector('#mapping-orders')?.value.length > 0")
        orders_card.get_by_role("button", name="Preview on samples").click()
        orders_card.locator(".mapping ol li").first.wait_for(timeout=WAIT_MS)
        assert orders_card.locator(".mapping ol pre").count() > 0  # mapped without errors
        integration_id = integration_hash.rsplit("/", 1)[1]
        kept = time.monotonic()
        keep_a_mapping_test(page, orders_card, api, integration_id, done.operations)
        operations_seconds = time.monotonic() - kept
        browser.screen("mapping")

        # --- an unknown SKU fails; the article is added; retry from the console ---------
        unknown = unique_sku()
        bad_order = _shop_order(plain, sim_shopify, unknown)
        _search(page, bad_order)
        browser.refresh_until("tr[data-state=failed]").get_by_role("link").click()
        page.locator("dl.run[data-state=failed]").wait_for(timeout=WAIT_MS)
        done.failed_reason = page.locator("dl.run").inner_text()
        browser.screen("run-failed")
        _search(page, bad_order)
        page.locator("tr[data-state=failed]").wait_for(timeout=WAIT_MS)
        browser.screen("activity")
        page.locator("tr[data-state=failed]").get_by_role("link").click()
        page.locator("dl.run[data-state=failed]").wait_for(timeout=WAIT_MS)
        articles = [{"articleNumber": unknown, "description": "Late mug", "priceIncl": 995}]
        plain.post(f"{sim_mplus}/_sim/articles", json=articles).raise_for_status()
        page.get_by_role("button", name="Retry").click()
        page.get_by_text("Retry started", exact=True).wait_for(timeout=WAIT_MS)
        browser.refresh_until("dl.run[data-state=done]")
        done.retried_state = "done"
        browser.screen("run-retried")
        # Phone width: the activity log still works.
        page.set_viewport_size({"width": 375, "height": 800})
        _search(page, bad_order)
        browser.refresh_until("tr[data-state=done]")
        browser.screen("activity-phone")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto_hash("#/dashboard")
        page.locator("figure.hours").wait_for(timeout=WAIT_MS)  # this hour's runs, charted
        browser.screen("dashboard-runs")
        visited = time.monotonic()
        visit_operations(
            page,
            browser.screen,
            page.goto_hash,
            api,
            integration=(integration_id, "Console shop into the till"),
            dead_letter_id=park_a_dead_letter(system, tenant_id),
            done=done.operations,
        )
        operations_seconds += time.monotonic() - visited
        # The shop stops sending to this tenant: its webhooks removed from the console.
        page.goto_hash("#/connections")
        shop_card.get_by_role("button", name="Remove webhooks").click()
        shop_card.locator("[data-webhooks=missing]").wait_for(timeout=WAIT_MS)
        webhook_url = ""
        done.seconds = time.monotonic() - started
        (artifacts / "timing.txt").write_text(
            f"journey in the browser: {done.seconds:.1f} s\n"
            f"of which the operations screens (operations.py): {operations_seconds:.1f} s\n"
        )
    finally:
        if webhook_url:  # the journey stopped half-way: no later order may reach this tenant
            _unsubscribe(plain, sim_shopify, webhook_url)
        context.close()
        plain.close()
        api.close()
    return done


def _search(page: Any, order_id: str) -> None:
    """The activity log searched for one order (the search matches the id in its source)."""
    page.goto_hash("#/activity")
    page.fill("#filter-search", order_id)
    page.get_by_role("button", name="Filter").click()


def _unsubscribe(plain: httpx.Client, sim_shopify: str, address: str) -> None:
    api = f"{sim_shopify}/admin/api/{SHOP_API_VERSION}/webhooks"
    headers = {"X-Shopify-Access-Token": SHOP_ACCESS_TOKEN}
    for hook in plain.get(f"{api}.json", headers=headers).json()["webhooks"]:
        if hook["address"] == address:
            plain.delete(f"{api}/{hook['id']}.json", headers=headers)


def _shop_order(plain: httpx.Client, sim_shopify: str, sku: int) -> str:
    """An order placed in the shop (which delivers the orders/create webhook); its id."""
    email = f"console-{uuid.uuid4().hex[:8]}@example.nl"
    order = {
        "email": email,
        "billing_address": address(),
        "line_items": [line(sku, 1, "9.95", "Mug")],
    }
    response = plain.post(f"{sim_shopify}/_sim/orders", json=order)
    response.raise_for_status()
    body = response.json()
    return str(body.get("order", body)["id"])


def test_the_merchant_connects_enables_and_retries_from_the_console(journey: Journey) -> None:
    assert re.search(r'"employee_?[Nn]umber": 123\b', journey.sent_to_till), journey.sent_to_till
    assert "products_missing" in journey.failed_reason
    assert journey.retried_state == "done"


def test_the_operations_screens_act_through_the_api(journey: Journey) -> None:
    done = journey.operations
    assert [(r["name"], r["passed"]) for r in done.mapping_tests] == [("Console order", True)]
    until = datetime.fromisoformat(done.mute["until"])
    assert timedelta(minutes=55) < until - datetime.now(UTC) <= timedelta(hours=1)
    assert done.channel_routes is not None
    # This integration's alerts only, of every flow.
    assert done.channel_routes == [{"integration_id": done.integration_id, "flow": None}]
    assert done.test_deliveries == ["sent"]
    assert all(c["address"] != CHANNEL_ADDRESS for c in done.channels_after_delete)
    assert done.dead_letter["state"] == "discarded"
    assert done.dead_letter["resolved_by"]
    assert done.budgets_shown >= 1  # the shop's and the till's accounts, once called
    assert done.phone_overflow == {"channels": 0, "dead-letters": 0}, done.phone_overflow


def test_no_screen_has_a_serious_or_critical_accessibility_violation(journey: Journey) -> None:
    assert len(journey.screens) >= 16
    serious = {
        screen: [v for v in found if v["impact"] in ("serious", "critical")]
        for screen, found in journey.violations.items()
    }
    assert not any(serious.values()), serious


def test_every_request_the_console_made_is_in_an_openapi_document(
    journey: Journey, system: RunningSystem
) -> None:
    documents = {
        name: httpx.get(f"{system.url(name)}/openapi.json", timeout=10).json() for name in SERVICES
    }
    unknown = []
    for method, path in sorted(journey.requests):
        service, _, rest = path.removeprefix("/api/").partition("/")
        paths = documents.get(service, {}).get("paths", {})
        if not any(
            _matches(template, "/" + rest) and method.lower() in operations
            for template, operations in paths.items()
        ):
            unknown.append(f"{method} {path}")
    assert journey.requests
    assert not unknown, f"not in any OpenAPI document: {unknown}"


def _matches(template: str, path: str) -> bool:
    pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
    return re.fullmatch(pattern, path) is not None
