"""The raw broker ceiling: N messages through H hops, aio-pika with confirms and manual acks.

Each hop is a quorum queue whose consumer republishes the message (persistent, confirmed) to
the next hop's queue and then acks — the bare minimum our pipeline does per hop, without any
database or HTTP work. Orders per second here is the upper bound for the same hop count.
"""

from __future__ import annotations

import asyncio
import time
import uuid

import aio_pika
from aio_pika.abc import AbstractIncomingMessage


async def measure_broker_ceiling(
    amqp_url: str, *, messages: int, hops: int, payload_bytes: int = 1024, prefetch: int = 50
) -> dict[str, float]:
    """Push ``messages`` through ``hops`` queues; return throughput and latency figures."""
    prefix = f"bench.{uuid.uuid4().hex[:8]}"
    connection = await aio_pika.connect_robust(amqp_url)
    done = asyncio.Event()
    latencies: list[float] = []
    channels = []
    queues = []
    setup = await connection.channel()
    for hop in range(hops + 1):
        queue = await setup.declare_queue(
            f"{prefix}.{hop}", durable=True, arguments={"x-queue-type": "quorum"}
        )
        queues.append(queue)

    async def forwarder(hop: int) -> None:
        channel = await connection.channel(publisher_confirms=True)
        await channel.set_qos(prefetch_count=prefetch)
        channels.append(channel)
        target = f"{prefix}.{hop + 1}"

        async def on_message(message: AbstractIncomingMessage) -> None:
            await channel.default_exchange.publish(
                aio_pika.Message(
                    message.body,
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                    headers=message.headers,
                ),
                routing_key=target,
            )
            await message.ack()

        queue = await channel.get_queue(f"{prefix}.{hop}")
        await queue.consume(on_message)

    for hop in range(hops):
        await forwarder(hop)

    sink_channel = await connection.channel()
    await sink_channel.set_qos(prefetch_count=prefetch)

    async def on_sink(message: AbstractIncomingMessage) -> None:
        sent_at = float(str((message.headers or {})["sent_at"]))
        latencies.append(time.perf_counter() - sent_at)
        await message.ack()
        if len(latencies) >= messages:
            done.set()

    await (await sink_channel.get_queue(f"{prefix}.{hops}")).consume(on_sink)
    publisher = await connection.channel(publisher_confirms=True)
    body = b"x" * payload_bytes
    started = time.perf_counter()

    async def send(i: int) -> None:
        await publisher.default_exchange.publish(
            aio_pika.Message(
                body,
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                headers={"sent_at": str(time.perf_counter()), "n": i},
            ),
            routing_key=f"{prefix}.0",
        )

    # Webhooks arrive concurrently; keep a bounded number of publishes in flight.
    semaphore = asyncio.Semaphore(64)

    async def bounded(i: int) -> None:
        async with semaphore:
            await send(i)

    await asyncio.gather(*(bounded(i) for i in range(messages)))
    await asyncio.wait_for(done.wait(), timeout=600)
    elapsed = time.perf_counter() - started
    for channel in [*channels, sink_channel]:  # stop consuming before the queues go away
        await channel.close()
    for queue in queues:
        await queue.delete(if_unused=False, if_empty=False)
    await connection.close()
    latencies.sort()
    return {
        "messages": messages,
        "hops": hops,
        "elapsed_s": elapsed,
        "per_second": messages / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


if __name__ == "__main__":
    import sys

    url = sys.argv[1] if len(sys.argv) > 1 else "amqp://guest:guest@127.0.0.1:5672/"
    print(asyncio.run(measure_broker_ceiling(url, messages=2000, hops=15)))
