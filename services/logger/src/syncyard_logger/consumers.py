"""``audit.step.recorded.v1`` → a stored entry; the entry id (= envelope id) is the dedupe."""

from syncyard_common.broker.consumer import Handler
from syncyard_common.broker.errors import PermanentError
from syncyard_common.messages import Envelope
from syncyard_common.messages.audit import StepRecordedV1
from syncyard_logger.entries import batcher, service

STEP_RECORDED = "audit.step.recorded.v1"


def make_step_recorded_handler(entry_batcher: batcher.EntryBatcher) -> Handler:
    """The handler of ``logger.audit``: returns (→ ack) only after the entry is committed."""

    async def on_step_recorded(envelope: Envelope) -> None:
        if envelope.type != STEP_RECORDED:
            raise PermanentError("unsupported_type", f"the logger does not store {envelope.type}")
        step = StepRecordedV1.model_validate(envelope.payload)
        await entry_batcher.submit(service.AuditEvent(envelope=envelope, step=step))

    return on_step_recorded
