"""Test machinery: a webhook receiver that answers Mailchimp's validation GET and records POSTs."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class WebhookReceiver:
    """Records every GET (validation) and POST (delivery); answers POSTs with queued statuses."""

    url: str = ""
    received: list[tuple[dict[str, str], bytes, str]] = field(default_factory=list)
    validations: int = 0
    get_status: int = 200
    statuses: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(
        self, count: int, timeout: float = 10.0
    ) -> list[tuple[dict[str, str], bytes, str]]:
        """Block until `count` POSTs arrived: (lower-cased headers, raw body, path with query)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        raise AssertionError(f"expected {count} deliveries, got {len(self.received)}")


def _handler_for(receiver: WebhookReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with receiver.lock:
                receiver.validations += 1
            self.send_response(receiver.get_status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with receiver.lock:
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.received.append((headers, body, self.path))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

    return Handler


@contextmanager
def running_receiver(path: str = "/webhooks/mailchimp?secret=s3cret") -> Iterator[WebhookReceiver]:
    """Serve a WebhookReceiver on 127.0.0.1:<free port>; its `url` ends in `path`."""
    receiver = WebhookReceiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(receiver))
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
