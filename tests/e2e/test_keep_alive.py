"""A keep-alive connection left idle past a client's own pool expiry (httpx: 5 s) still takes
the next request: every service keeps idle connections open longer than any client or proxy
does (``KEEP_ALIVE_SECONDS``). At uvicorn's default of 5 s, a request sent as the service
closed its side was dropped unanswered ("Server disconnected without sending a response"),
which a proxy answers with 502 for a POST.

Raw sockets, so the test sees the service's side and not a client pool's retry or expiry."""

import asyncio
from urllib.parse import urlsplit

from scripts.system import RunningSystem
from syncyard_common.web.slow_clients import KEEP_ALIVE_SECONDS

SERVICES = ("gateway", "orchestrator", "mapper", "logger", "notifier")
IDLE_SECONDS = 6.0  # past httpx's expiry and uvicorn's default, both 5 s
REQUEST = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"


async def _answers_after_idling(url: str) -> str:
    """The status lines of two requests on one connection, the second after ``IDLE_SECONDS``."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        lines = []
        for pause in (0.0, IDLE_SECONDS):
            await asyncio.sleep(pause)
            writer.write(REQUEST)
            await writer.drain()
            status = await asyncio.wait_for(reader.readline(), timeout=30)
            lines.append(status.decode().strip() or "closed unanswered")
            headers = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=30)
            await reader.readexactly(_content_length(headers))  # the body, so the next is clean
        return " / ".join(lines)
    except (asyncio.IncompleteReadError, ConnectionError) as error:
        return f"dropped: {error!r}"
    finally:
        writer.close()


def _content_length(headers: bytes) -> int:
    for line in headers.decode("latin-1").split("\r\n"):
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            return int(value)
    raise AssertionError(f"no Content-Length in {headers!r}")


async def test_an_idle_keep_alive_connection_still_takes_the_next_request(
    system: RunningSystem,
) -> None:
    assert IDLE_SECONDS < KEEP_ALIVE_SECONDS
    answers = await asyncio.gather(*(_answers_after_idling(system.url(s)) for s in SERVICES))
    expected = "HTTP/1.1 200 OK / HTTP/1.1 200 OK"
    assert dict(zip(SERVICES, answers, strict=True)) == dict.fromkeys(SERVICES, expected)
