"""Shed slow or stuck clients: header and body read timeouts for uvicorn's h11 protocol.

uvicorn only times out idle keep-alive connections *between* requests; a socket that sends
nothing, half its headers or half its body keeps its slot for ever (measured: 400 such sockets
still open after 60 s on the webhook endpoint). ASGI middleware cannot help with headers (the
app is called only once they are complete), so this lives in the protocol:

- headers must be complete ``header_timeout`` seconds after the connection (or the first byte
  of a following keep-alive request) — slowloris is cut off however slowly it trickles;
- while the body is read, ``body_idle_timeout`` seconds without a byte close the connection,
  and the whole body must arrive within ``body_timeout`` seconds;
- while the app itself is slow to read (uvicorn paused reading), the client is not blamed.

Closing the socket mid-body hands the app ``http.disconnect``: nothing half-read is stored.
Used with ``uvicorn --http syncyard_common.web.slow_clients:SlowClientGuard`` (Dockerfile,
scripts/system/processes.py). Limits per client address belong to the edge (nginx
``limit_conn``; docs/operations/edge-limits.md), where the client's real address is known.
"""

import asyncio
import time

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_SECONDS = 10.0
BODY_IDLE_TIMEOUT_SECONDS = 15.0
# A 10 MiB webhook at 100 kB/s still fits; a trickle of a byte a second does not.
BODY_TIMEOUT_SECONDS = 120.0
# How long an idle keep-alive connection stays open (uvicorn's --timeout-keep-alive). Longer
# than any client's or proxy's own idle expiry (httpx 5 s, ingress-nginx's upstream pool 60 s):
# at uvicorn's default of 5 s a client could send its next request on a connection the service
# was closing at that moment, and see it dropped unanswered (seen in a test session under load;
# a proxy answers a POST that meets it with 502). An idle connection costs only a socket here.
KEEP_ALIVE_SECONDS = 75


class SlowClientGuard(H11Protocol):
    """uvicorn's h11 protocol with header and body read deadlines."""

    header_timeout = HEADER_TIMEOUT_SECONDS
    body_idle_timeout = BODY_IDLE_TIMEOUT_SECONDS
    body_timeout = BODY_TIMEOUT_SECONDS

    _deadline: asyncio.TimerHandle | None = None
    _reading: str = ""  # "headers", "body" or "" (nothing owed by the client)
    _body_started: float = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_headers()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.transport.is_closing():
            self._stop()
            return
        state = self.conn.their_state
        if state is h11.IDLE:
            if self._reading != "headers":
                self._start_headers()  # the first bytes of a keep-alive request
        elif state is h11.SEND_BODY:
            now = time.monotonic()
            if self._reading != "body":
                self._reading, self._body_started = "body", now
            at = min(self._body_started + self.body_timeout, now + self.body_idle_timeout)
            self._arm(at - now)
        else:
            self._stop()  # the request is in; the app is working

    def on_response_complete(self) -> None:
        self._stop()  # idle between requests: uvicorn's keep-alive timeout takes over
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop()
        super().connection_lost(exc)

    def _start_headers(self) -> None:
        self._reading = "headers"
        self._arm(self.header_timeout)

    def _arm(self, delay: float) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(max(0.0, delay), self._expire)

    def _stop(self) -> None:
        self._reading = ""
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if self.transport.is_closing() or not self._reading:
            return
        if self._reading == "body" and self.flow.read_paused:
            self._arm(self.body_idle_timeout)  # the app, not the client, is behind
            return
        self.logger.info("closing a connection too slow with its %s", self._reading)
        self._reading = ""
        self.transport.close()
