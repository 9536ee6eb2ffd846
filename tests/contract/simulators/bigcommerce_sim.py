"""Shared pieces of the BigCommerce simulator contract tests: server, clients, receiver, bodies."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from syncyard_sim_bigcommerce.app import create_app
from syncyard_sim_bigcommerce.settings import SimulatorSettings
from tests.contract.connectors.conftest import serve
from tests.fixtures.eventually import eventually_sync

STORE_HASH = "sim7hash"
TOKEN = "bc-contract-token-5d1e"
CLIENT_SECRET = "bc-contract-client-secret"
V3 = f"/stores/{STORE_HASH}/v3"
V2 = f"/stores/{STORE_HASH}/v2"


def simulator_url() -> Iterator[str]:
    """Body of the module-scoped `base_url` fixture."""
    settings = SimulatorSettings(
        store_hash=STORE_HASH, access_token=TOKEN, client_secret=CLIENT_SECRET
    )
    with serve(create_app(settings)) as url:
        yield url


def control_client(base_url: str) -> Iterator[httpx.Client]:
    """Body of the `sim` fixture: a control-API client on a freshly reset simulator."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        assert client.post("/_sim/reset").status_code == 200
        yield client


def api_client(base_url: str) -> Iterator[httpx.Client]:
    """Body of the `api` fixture: a client carrying the access token."""
    headers = {"X-Auth-Token": TOKEN, "Accept": "application/json"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=10) as client:
        yield client


def product(sku: str, **extra: Any) -> dict[str, Any]:
    """A minimal valid v3 product body."""
    body = {"name": f"Product {sku}", "type": "physical", "sku": sku, "weight": 1, "price": 9.95}
    return body | extra


def sized_product(sku: str, sizes: tuple[str, ...] = ("S", "M")) -> dict[str, Any]:
    """A product with one variant per size."""
    variants = [
        {"sku": f"{sku}-{size}", "price": 12.5, "inventory_level": 4,
         "option_values": [{"option_display_name": "Size", "label": size}]}
        for size in sizes
    ]  # fmt: skip
    return product(sku, variants=variants)


def order(**extra: Any) -> dict[str, Any]:
    """A minimal valid v2 order body with one custom line."""
    body = {
        "billing_address": {"first_name": "Jan", "last_name": "Jansen", "street_1": "Dam 1",
                            "city": "Amsterdam", "zip": "1012 JS", "country": "Netherlands",
                            "country_iso2": "NL", "email": "jan@example.nl"},
        "products": [{"name": "Koffie", "quantity": 2, "price_inc_tax": "12.10",
                      "price_ex_tax": "10.00", "sku": "KOFFIE"}],
    }  # fmt: skip
    return body | extra


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
