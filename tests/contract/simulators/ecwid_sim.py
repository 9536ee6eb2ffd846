"""Shared pieces of the Ecwid simulator tests: one server per test run, clients, a receiver."""

import atexit
import json
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from syncyard_common.egress.trust import trust_store
from syncyard_sim_ecwid.app import create_app
from syncyard_sim_ecwid.driver import api_path, sample_order
from syncyard_sim_ecwid.settings import SimulatorSettings
from tests.contract.connectors.conftest import serve
from tests.fixtures.eventually import eventually_sync

STORE_ID = 4870020
TOKEN = "secret_contract_token_5d1e"
CLIENT_SECRET = "contract-client-secret-a7"
API = api_path(STORE_ID)
_running: dict[str, str] = {}

__all__ = ["API", "Receiver", "running_receiver", "sample_order", "seed_products", "shared_url"]


def settings() -> SimulatorSettings:
    return SimulatorSettings(store_id=STORE_ID, access_token=TOKEN, client_secret=CLIENT_SECRET)


def shared_url() -> str:
    """Base URL of the one Ecwid simulator of this test run (started on first use)."""
    if "url" not in _running:
        stack = ExitStack()
        _running["url"] = stack.enter_context(serve(create_app(settings())))
        atexit.register(stack.close)
    return _running["url"]


def control_client(*, seed: bool = False) -> Iterator[httpx.Client]:
    """Body of the `sim` fixture: the control API after a reset (empty unless `seed`)."""
    with httpx.Client(base_url=shared_url(), timeout=10, verify=trust_store()) as client:
        assert client.post("/_sim/reset", json={"seed": seed}).status_code == 200
        yield client


def api_client() -> Iterator[httpx.Client]:
    """Body of the `api` fixture: a client sending the token as `Authorization: Bearer`."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(
        base_url=f"{shared_url()}{API}", headers=headers, timeout=10, verify=trust_store()
    ) as client:
        yield client


def seed_products(sim: httpx.Client, count: int, **extra: Any) -> list[int]:
    """Create `count` simple products SKU-0 … through the control API; their ids."""
    given = [
        {"sku": f"SKU-{n}", "name": f"Product {n}", "price": 1.5 + n, "quantity": n} | extra
        for n in range(count)
    ]
    response = sim.post("/_sim/products", json={"products": given})
    assert response.status_code == 201, response.text
    return [p["id"] for p in response.json()["products"]]


@dataclass
class Receiver:
    """An app webhook URL: records each POST (path with query, headers, body) and answers
    with queued status codes (200 once the queue is empty)."""

    url: str = ""
    received: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(
        self, count: int, timeout: float = 10.0
    ) -> list[tuple[str, dict[str, str], bytes]]:
        def arrived() -> list[tuple[str, dict[str, str], bytes]]:
            with self.lock:
                return list(self.received) if len(self.received) >= count else []

        return eventually_sync(arrived, timeout=timeout, what=f"{count} deliveries")

    def bodies(self) -> list[dict[str, Any]]:
        with self.lock:
            return [json.loads(body) for _, _, body in self.received]


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with receiver.lock:
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.received.append((self.path, headers, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            """Keep test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/ecwid/webhooks"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
