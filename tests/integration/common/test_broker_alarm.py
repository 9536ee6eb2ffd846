"""A real RabbitMQ memory alarm: the blocked connection fails readiness and shows in the gauge,
and both recover when the alarm clears (nothing was lost: the blocked publish goes through)."""

import asyncio
from pathlib import Path

import aio_pika
import pytest

from scripts.infra import rabbitmqctl
from syncyard_common.broker import blocking, connection
from syncyard_common.web import readiness

pytestmark = pytest.mark.integration


def gauge() -> float:
    return float(blocking.BLOCKED._value.get())  # type: ignore[attr-defined]


async def eventually(check: readiness.ReadinessCheck, *, ready: bool, within: float = 30) -> None:
    """Poll the readiness check until it passes (ready) or fails (not ready)."""
    async with asyncio.timeout(within):
        while True:
            try:
                await check()
                if ready:
                    return
            except ConnectionError:
                if not ready:
                    return
            await asyncio.sleep(0.2)


async def test_a_memory_alarm_blocks_publishes_fails_readiness_and_clears(
    rabbitmq_url: str, rabbitmq_node: Path
) -> None:
    conn = await connection.connect(rabbitmq_url, name="test-alarm")
    check = readiness.broker_check(conn)
    channel = await conn.channel()
    queue = await channel.declare_queue("", exclusive=True)
    await check()
    assert gauge() == 0
    try:
        # Any memory in use is over this watermark: the node raises its memory alarm.
        await asyncio.to_thread(
            rabbitmqctl, rabbitmq_node, "set_vm_memory_high_watermark", "0.0000001"
        )
        # RabbitMQ blocks a connection when it publishes during an alarm.
        publish = asyncio.create_task(
            channel.default_exchange.publish(aio_pika.Message(b"held"), routing_key=queue.name)
        )
        await eventually(check, ready=False)
        assert gauge() == 1
    finally:
        await asyncio.to_thread(rabbitmqctl, rabbitmq_node, "set_vm_memory_high_watermark", "0.4")
    await eventually(check, ready=True)
    assert gauge() == 0
    async with asyncio.timeout(30):
        await publish
        while (await queue.declare()).message_count != 1:
            await asyncio.sleep(0.1)
    await conn.close()
