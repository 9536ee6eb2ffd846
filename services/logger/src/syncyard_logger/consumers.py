"""``audit.step.recorded.v1`` and ``audit.steps.recorded.v1`` → stored entries.

An entry's id is the dedupe: the envelope id for a single step; for the steps of one
``audit.steps.recorded.v1``, an id derived from the envelope id and the step's place, so a
redelivered message stores nothing twice."""

import asyncio
import uuid
from datetime import timedelta

from syncyard_common.broker.consumer import Handler
from syncyard_common.broker.errors import PermanentError
from syncyard_common.messages import Envelope
from syncyard_common.messages.audit import StepRecordedV1, StepsRecordedV1
from syncyard_logger.entries import batcher, service

STEP_RECORDED = "audit.step.recorded.v1"
STEPS_RECORDED = "audit.steps.recorded.v1"


def entries_of(envelope: Envelope) -> list[service.AuditEvent]:
    """The entries one audit message holds, each under its own id, in the order sent."""
    if envelope.type == STEP_RECORDED:
        return [service.AuditEvent(envelope, StepRecordedV1.model_validate(envelope.payload))]
    if envelope.type != STEPS_RECORDED:
        raise PermanentError("unsupported_type", f"the logger does not store {envelope.type}")
    steps = StepsRecordedV1.model_validate(envelope.payload).steps
    return [
        service.AuditEvent(
            # A microsecond apart: the activity log sorts by time, and shows them in this order.
            envelope.model_copy(
                update={
                    "id": uuid.uuid5(envelope.id, str(index)),
                    "time": envelope.time + timedelta(microseconds=index),
                }
            ),
            step,
        )
        for index, step in enumerate(steps)
    ]


def make_step_recorded_handler(entry_batcher: batcher.EntryBatcher) -> Handler:
    """The handler of ``logger.audit``: returns (→ ack) only after its entries are committed."""

    async def on_step_recorded(envelope: Envelope) -> None:
        events = entries_of(envelope)
        if len(events) == 1:
            await entry_batcher.submit(events[0])
            return
        await asyncio.gather(*(entry_batcher.submit(event) for event in events))

    return on_step_recorded
