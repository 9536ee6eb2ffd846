"""The gateway's own CPU per remote call, apart from sockets and the remote, in one process.

    .venv/bin/python -m bench.gateway_http [--calls 3000] [--rounds 5]

A SOAP-sized POST through what every connector call goes through: the client
``connectors.http.create_client`` builds (traced transport, no redirects, its cookie handling)
and ``connectors.http.send`` (streamed answer, size limit, the response handed on). The
transport answers at once from memory (what an answer costs to build there is printed apart),
so the figure is httpx's and ours per call, not the network's and not the machine's load.
Prints microseconds of CPU per call (``time.process_time``), the median and best of the
rounds, for answers without cookies and for answers that set one (a load balancer's).
"""

from __future__ import annotations

import argparse
import asyncio
import time

import httpx

from syncyard_gateway.connectors import http

URL = "https://till.example.com:8443/soap/v2?ident=secret-ident"
REQUEST = b"<?xml version='1.0'?><Envelope><Body><getProducts>" + b"<x>1</x>" * 30 + b"</Body>"
HEADERS = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": "urn:getProducts"}
ANSWER = b"<?xml version='1.0'?><Envelope>" + b"<order><id>1</id></order>" * 40 + b"</Envelope>"
ANSWER_HEADERS = [
    (b"Content-Type", b"text/xml; charset=utf-8"),
    (b"Content-Length", str(len(ANSWER)).encode()),
    (b"Date", b"Mon, 07 Dec 2026 10:00:00 GMT"),
    (b"X-Request-Id", b"5f0c"),
]
# What a load balancer in front of a vendor often adds to every answer.
STICKY = (b"Set-Cookie", b"lb=7f3a; Path=/; HttpOnly")


class Answering(httpx.AsyncBaseTransport):
    """Reads the request and answers from memory."""

    def __init__(self, headers: list[tuple[bytes, bytes]]) -> None:
        self._headers = headers

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return httpx.Response(200, headers=self._headers, stream=httpx.ByteStream(ANSWER))


async def _per_call(
    calls: int, rounds: int, headers: list[tuple[bytes, bytes]]
) -> tuple[list[float], list[float]]:
    client = http.create_client(transport=Answering(headers))
    transport = Answering(headers)
    request = httpx.Request("POST", URL, content=REQUEST, headers=HEADERS)
    whole: list[float] = []
    answer_only: list[float] = []
    for _ in range(100):  # warm
        await http.send(client, "POST", URL, content=REQUEST, headers=HEADERS, system="Till")
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(calls):
            response = await http.send(
                client, "POST", URL, content=REQUEST, headers=HEADERS, system="Till"
            )
            assert response.content == ANSWER
        whole.append((time.process_time() - started) * 1e6 / calls)
        started = time.process_time()
        for _ in range(calls):
            await (await transport.handle_async_request(request)).aread()
        answer_only.append((time.process_time() - started) * 1e6 / calls)
    await client.aclose()
    return sorted(whole), sorted(answer_only)


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    for label, headers in (
        ("answers without cookies", ANSWER_HEADERS),
        ("answers setting a cookie", [*ANSWER_HEADERS, STICKY]),
    ):
        whole, answer_only = asyncio.run(_per_call(options.calls, options.rounds, headers))
        middle = len(whole) // 2
        print(
            f"{label}, {options.calls} calls x {options.rounds} rounds: CPU per call "
            f"{whole[middle]:.0f} µs (best {whole[0]:.0f}), of which the in-memory answer "
            f"{answer_only[middle]:.0f} µs"
        )


if __name__ == "__main__":
    run()
