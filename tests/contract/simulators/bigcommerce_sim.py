"""Shared pieces of the BigCommerce simulator contract tests: server, clients, receiver.

Record bodies and API paths come from the simulator's driver
(``syncyard_sim_bigcommerce.driver``).
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from syncyard_common.egress.trust import trust_store
from syncyard_sim_bigcommerce.app import create_app
from syncyard_sim_bigcommerce.driver import (
    AUTH_HEADER,
    order,
    product,
    sized_product,
    v2_path,
    v3_path,
)
from syncyard_sim_bigcommerce.settings import SimulatorSettings
from tests.contract.connectors.conftest import serve
from tests.fixtures.eventually import eventually_sync

__all__ = [
    "CLIENT_SECRET", "STORE_HASH", "TOKEN", "V2", "V3", "Receiver", "order", "product",
    "running_receiver", "sized_product",
]  # fmt: skip

STORE_HASH = "sim7hash"
TOKEN = "bc-contract-token-5d1e"
CLIENT_SECRET = "bc-contract-client-secret"
V3 = v3_path(STORE_HASH)
V2 = v2_path(STORE_HASH)


def simulator_url() -> Iterator[str]:
    """Body of the module-scoped `base_url` fixture."""
    settings = SimulatorSettings(
        store_hash=STORE_HASH, access_token=TOKEN, client_secret=CLIENT_SECRET
    )
    with serve(create_app(settings)) as url:
        yield url


def control_client(base_url: str) -> Iterator[httpx.Client]:
    """Body of the `sim` fixture: a control-API client on a freshly reset simulator."""
    with httpx.Client(base_url=base_url, timeout=10, verify=trust_store()) as client:
        assert client.post("/_sim/reset").status_code == 200
        yield client


def api_client(base_url: str) -> Iterator[httpx.Client]:
    """Body of the `api` fixture: a client carrying the access token."""
    headers = {AUTH_HEADER: TOKEN, "Accept": "application/json"}
    with httpx.Client(
        base_url=base_url, headers=headers, timeout=10, verify=trust_store()
    ) as client:
        yield client


@dataclass
class Receiver:
    """A webhook endpoint that records every POST and answers with queued status codes."""

    url: str = ""
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[tuple[dict[str, str], bytes]]:
        """Block until `count` deliveries arrived (lower-cased headers, raw body)."""

        def arrived() -> list[tuple[dict[str, str], bytes]]:
            with self.lock:
                return list(self.received) if len(self.received) >= count else []

        return eventually_sync(arrived, timeout=timeout, what=f"{count} deliveries")


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    """Serve a Receiver on 127.0.0.1:<free port>."""
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with receiver.lock:
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            """Keep test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/bigcommerce"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
