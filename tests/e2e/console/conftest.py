"""The console in a real browser: the front door (nginx) before the session's system, and the
OS package chromium driven headless by Playwright (never a downloaded browser)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scripts.infra.ports import free_port
from scripts.system import RunningSystem
from scripts.system.frontdoor import CONSOLE_DIST, FrontDoor, start_frontdoor

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
# Root in CI: no sandbox; nothing phones home; a fresh profile each launch (Playwright's own).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts" / "console"


def _built_console() -> Path:
    """`make test` builds the console before pytest; a lone run builds it when missing."""
    if not (CONSOLE_DIST / "index.html").exists():
        console = ROOT / "console"
        if not (console / "node_modules").exists():
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=console, check=True)
        subprocess.run(["npm", "run", "build"], cwd=console, check=True)
    return CONSOLE_DIST


@pytest.fixture(scope="session")
def frontdoor(system: RunningSystem) -> Iterator[FrontDoor]:
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx is not installed: run `make bootstrap`")
    run_dir = Path(tempfile.mkdtemp(prefix="syncyard-frontdoor-"))
    upstreams = {name: process.url for name, process in system.processes.items()}
    # The port the session's gateway gives webhook URLs under (tests/fixtures/system.py).
    public = urlsplit(system.processes["gateway"].env.get("SYNCYARD_PUBLIC_BASE_URL", ""))
    door = start_frontdoor(
        run_dir=run_dir,
        port=public.port or free_port(),
        upstreams=upstreams,
        console=_built_console(),
    )
    try:
        yield door
    finally:
        door.stop()
        shutil.rmtree(run_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("chromium is not installed: run `make bootstrap`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
