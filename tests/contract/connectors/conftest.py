"""Live simulators (uvicorn on free ports) and a webhook receiver for the connector contracts."""

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import uvicorn

from syncyard_gateway.connectors import http as connector_http
from tests.fixtures.eventually import eventually

MPLUS_IDENT, MPLUS_SECRET = "contract-ident", "contract-secret-7f3a"
SHOPIFY_DOMAIN = "contract-shop.myshopify.com"
SHOPIFY_TOKEN, SHOPIFY_SECRET = "shpat_contract_token_91b2", "contract-webhook-secret"


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run an ASGI app with uvicorn in a thread on a free port; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    if not server.started:
        raise RuntimeError("simulator did not start")
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def mplus_url() -> Iterator[str]:
    from syncyard_sim_mplus.app import create_app
    from syncyard_sim_mplus.settings import SimulatorSettings

    settings = SimulatorSettings(ident=MPLUS_IDENT, secret=MPLUS_SECRET)
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture(scope="session")
def shopify_url() -> Iterator[str]:
    from syncyard_sim_shopify.app import create_app
    from syncyard_sim_shopify.settings import SimulatorSettings

    settings = SimulatorSettings(
        shop_domain=SHOPIFY_DOMAIN, access_token=SHOPIFY_TOKEN, webhook_secret=SHOPIFY_SECRET
    )
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture
async def http_client() -> AsyncIterator[httpx.AsyncClient]:
    """The gateway's own client factory, as production uses it."""
    async with connector_http.create_client() as client:
        yield client


@dataclass
class WebhookInbox:
    url: str = ""
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)

    async def wait(
        self, count: int = 1, timeout: float = 10.0
    ) -> list[tuple[dict[str, str], bytes]]:
        await eventually(
            lambda: len(self.received) >= count,
            timeout=timeout,
            interval=0.05,
            what=f"{count} webhook deliveries",
        )
        return list(self.received)


@pytest.fixture
def webhook_inbox() -> Iterator[WebhookInbox]:
    """A real HTTP endpoint recording each POST's headers and raw body; answers 200."""
    inbox = WebhookInbox()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            inbox.received.append((dict(self.headers.items()), body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    inbox.url = f"http://127.0.0.1:{server.server_address[1]}/webhooks/shopify"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield inbox
    server.shutdown()
    server.server_close()
