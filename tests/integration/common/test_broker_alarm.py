"""A real RabbitMQ memory alarm: the blocked connection fails readiness and shows in the gauge,
and both recover when the alarm clears (nothing was lost: the blocked publish goes through)."""

import asyncio
from pathlib import Path

import aio_pika
import pytest

from scripts.infra import rabbitmqctl
from syncyard_common.broker import blocking, connection
from syncyard_common.web import readiness
from tests.fixtures.eventually import eventually

pytestmark = pytest.mark.integration


def gauge() -> float:
    return float(blocking.BLOCKED._value.get())  # type: ignore[attr-defined]


async def memory_alarm_is_up(node: Path) -> bool:
    alarms = await asyncio.to_thread(rabbitmqctl, node, "eval", "rabbit_alarm:get_alarms().")
    return "memory" in alarms


async def readiness_is(check: readiness.ReadinessCheck, *, ready: bool) -> None:
    """Wait until the readiness check passes (ready) or fails (not ready)."""

    async def answers() -> bool:
        try:
            await check()
        except ConnectionError:
            return not ready
        return ready

    await eventually(answers, timeout=30, interval=0.2, what=f"broker readiness {ready}")


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
        # RabbitMQ blocks a connection when it publishes during an alarm, so the alarm must be
        # up first: a publish that beats it goes through and nothing is ever blocked (seen
        # under load).
        await eventually(lambda: memory_alarm_is_up(rabbitmq_node), timeout=30, interval=0.5)
        publish = asyncio.create_task(
            channel.default_exchange.publish(aio_pika.Message(b"held"), routing_key=queue.name)
        )
        await readiness_is(check, ready=False)
        assert gauge() == 1
    finally:
        await asyncio.to_thread(rabbitmqctl, rabbitmq_node, "set_vm_memory_high_watermark", "0.4")
    await readiness_is(check, ready=True)
    assert gauge() == 0
    async with asyncio.timeout(30):
        await publish
        while (await queue.declare()).message_count != 1:
            await asyncio.sleep(0.1)
    await conn.close()
