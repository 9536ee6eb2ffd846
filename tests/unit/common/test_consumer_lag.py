"""Consumer lag: how long a message waited from its creation until a consumer took it up."""

import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

from syncyard_common.broker import consumer, metrics
from syncyard_common.messages import Envelope

QUEUE = "logger.audit"


def lag_sum() -> float:
    return cast(float, metrics.CONSUMER_LAG.labels(QUEUE)._sum.get())  # type: ignore[attr-defined]


def delivery(created: datetime, headers: dict[str, Any]) -> Any:
    envelope = Envelope(type="audit.step.recorded.v1", source="t", tenant_id=uuid.uuid4())
    body = envelope.model_copy(update={"time": created}).model_dump_json().encode()

    async def ack() -> None:
        return None

    return SimpleNamespace(headers=headers, body=body, ack=ack)


async def handled(_: Envelope) -> None:
    return None


async def test_a_first_delivery_observes_the_time_since_the_message_was_made() -> None:
    worker = consumer.Consumer(cast(Any, object()), queue=QUEUE, handler=handled)
    before = lag_sum()
    await worker._handle(delivery(datetime.now(UTC) - timedelta(seconds=30), {}))
    assert 29 < lag_sum() - before < 60


async def test_retries_waits_and_clock_skew_add_no_lag() -> None:
    worker = consumer.Consumer(cast(Any, object()), queue=QUEUE, handler=handled)
    before = lag_sum()
    old = datetime.now(UTC) - timedelta(hours=1)
    await worker._handle(delivery(old, {consumer.ATTEMPT_HEADER: 2}))
    await worker._handle(delivery(old, {consumer.WAITS_HEADER: 1}))
    await worker._handle(delivery(datetime.now(UTC) + timedelta(seconds=5), {}))
    assert lag_sum() - before == 0
