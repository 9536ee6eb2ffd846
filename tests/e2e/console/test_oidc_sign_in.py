"""Signing in to the console with a company account: authorization code + PKCE at the
deployment's OIDC issuer (named in the console's config.json), and the dashboard then shows
the tenant's own data, read with the issuer's access token."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest

from scripts.infra.ports import free_port
from scripts.system import RunningSystem
from scripts.system.frontdoor import CONSOLE_DIST, FrontDoor, start_frontdoor
from scripts.system.seed import MPLUS_IDENT, MPLUS_SECRET, tenant_token
from tests.fixtures.oidc_issuer import CLIENT_ID, SignInIssuer

WAIT_MS = 30_000
AXE = Path(__file__).resolve().parents[3] / "console" / "node_modules" / "axe-core" / "axe.min.js"
# Run alone, this test's setup starts the whole system (minutes on a loaded machine); the
# browser's own part is asserted below to take seconds.
pytestmark = pytest.mark.timeout(420)


@pytest.fixture(scope="module")
def company_door(
    system: RunningSystem, frontdoor: FrontDoor, oidc_issuer: SignInIssuer
) -> Iterator[FrontDoor]:
    """A front door whose console is configured (config.json) for the session's issuer, as
    a deployment's would be: the same build, only the file differs."""
    run_dir = Path(tempfile.mkdtemp(prefix="syncyard-oidc-door-"))
    console = run_dir / "console"
    shutil.copytree(CONSOLE_DIST, console)  # `frontdoor` built it
    config = {"oidc": {"issuer": oidc_issuer.url, "client_id": CLIENT_ID, "provider_name": "Test"}}
    (console / "config.json").write_text(json.dumps(config))
    upstreams = {name: process.url for name, process in system.processes.items()}
    door = start_frontdoor(run_dir=run_dir, port=free_port(), upstreams=upstreams, console=console)
    try:
        yield door
    finally:
        door.stop()
        shutil.rmtree(run_dir, ignore_errors=True)


def _tenant_with_a_connection(system: RunningSystem, name: str) -> uuid.UUID:
    tenant_id = uuid.uuid4()
    token = tenant_token(tenant_id, system.jwt_secret)
    response = httpx.post(
        f"{system.url('gateway')}/v1/connections",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "name": name,
            "connector": "mplus",
            "credentials": {
                "base_url": system.url("sim-mplus") + "/",
                "ident": MPLUS_IDENT,
                "secret": MPLUS_SECRET,
            },
        },
        timeout=30,
    )
    response.raise_for_status()
    return tenant_id


def test_a_merchant_signs_in_with_the_company_account_and_sees_the_tenants_dashboard(
    system: RunningSystem,
    company_door: FrontDoor,
    oidc_issuer: SignInIssuer,
    chromium: Any,
    artifacts: Path,
) -> None:
    name = f"Till {uuid.uuid4().hex[:6]}"
    tenant_id = _tenant_with_a_connection(system, name)
    oidc_issuer.user = {"sub": "anna@shop.example", "tenant_id": str(tenant_id), "role": "admin"}
    issued_before = oidc_issuer.tokens_issued
    context = chromium.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    started = time.monotonic()
    try:
        page.goto(company_door.url + "/")
        button = page.get_by_role("button", name="Continue with your company account (Test)")
        button.wait_for(timeout=WAIT_MS)
        page.screenshot(path=str(artifacts / "oidc-sign-in.png"))
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
            "v => ({id: v.id, impact: v.impact})))"
        )
        button.click()
        page.get_by_role("navigation").wait_for(timeout=WAIT_MS)
        page.get_by_text(name).wait_for(timeout=WAIT_MS)  # the tenant's connection, read by OIDC
        page.screenshot(path=str(artifacts / "oidc-dashboard.png"), full_page=True)
        token = page.evaluate("sessionStorage.getItem('syncyard.token')")
        address = page.url
    finally:
        context.close()
    seconds = time.monotonic() - started
    (artifacts / "oidc-timing.txt").write_text(f"OIDC sign-in to the dashboard: {seconds:.1f} s\n")

    assert [v for v in violations if v["impact"] in {"serious", "critical"}] == []
    assert oidc_issuer.tokens_issued == issued_before + 1  # one code, redeemed once
    assert jwt.get_unverified_header(token)["alg"] == "RS256"  # the issuer's, not a dev token
    assert "code=" not in address, address  # the code does not stay in the address bar
    assert "state=" not in address, address
    assert seconds < 30, f"the OIDC sign-in took {seconds:.1f} s in the browser"
