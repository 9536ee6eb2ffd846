"""A lean HTTP/1.1 load client: N keep-alive connections over raw asyncio streams.

The requests are built (and signed) before the clock starts, and each costs the client a
write and two reads, so on a 2-core machine the client takes little of the CPU the servers
under test need (httpx spends about a millisecond per request of its own).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


def build_request(host: str, path: str, body: bytes, headers: Mapping[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@dataclass
class LoadResult:
    elapsed_s: float
    latencies_s: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    bodies: dict[bytes, int] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return len(self.latencies_s) / self.elapsed_s

    def percentile_ms(self, share: float) -> float:
        ordered = sorted(self.latencies_s)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes, bool]:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    keep_alive = True
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection" and value.strip().lower() == b"close":
            keep_alive = False
    body = await reader.readexactly(length) if length else b""
    return status, body, keep_alive


async def run_load(
    host: str, port: int, requests: Sequence[bytes], *, concurrency: int, timeout: float
) -> LoadResult:
    """Send every request once over ``concurrency`` connections; bounded by ``timeout``."""
    pending = iter(requests)
    result = LoadResult(elapsed_s=0.0)

    async def client() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for request in pending:
                sent = time.perf_counter()
                status, body, keep_alive = await _exchange(reader, writer, request)
                result.latencies_s.append(time.perf_counter() - sent)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                result.bodies[body] = result.bodies.get(body, 0) + 1
                if not keep_alive:
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(client() for _ in range(concurrency))), timeout)
    result.elapsed_s = time.perf_counter() - started
    return result


async def run_paced(
    host: str,
    port: int,
    requests: Sequence[bytes],
    *,
    rate: float,
    concurrency: int,
    timeout: float,
) -> LoadResult:
    """Offer the requests at ``rate`` per second (open loop) over up to ``concurrency``
    connections. Latency counts from the moment a request was due, so time spent waiting for a
    free connection behind slow answers is counted too."""
    connections: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(concurrency):
        connections.put_nowait(await asyncio.open_connection(host, port))
    result = LoadResult(elapsed_s=0.0)
    started = time.perf_counter()

    async def one(index: int, request: bytes) -> None:
        due = started + index / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        reader, writer = await connections.get()
        status, body, keep_alive = await _exchange(reader, writer, request)
        result.latencies_s.append(time.perf_counter() - due)
        result.statuses[status] = result.statuses.get(status, 0) + 1
        result.bodies[body] = result.bodies.get(body, 0) + 1
        if not keep_alive:
            writer.close()
            reader, writer = await asyncio.open_connection(host, port)
        connections.put_nowait((reader, writer))

    try:
        jobs = (one(i, request) for i, request in enumerate(requests))
        await asyncio.wait_for(asyncio.gather(*jobs), timeout)
    finally:
        while not connections.empty():
            connections.get_nowait()[1].close()
    result.elapsed_s = time.perf_counter() - started
    return result
