"""Messages of the ``orchestrator.events`` queue → the runner, one function per kind."""

from syncyard_common.broker.consumer import Handler
from syncyard_common.messages import Envelope
from syncyard_orchestrator.runner import Runner

QUEUE = "orchestrator.events"
STARTS_QUEUE = "orchestrator.starts"  # runs to start, served after results (results_first)


def build_handler(runner: Runner) -> Handler:
    """The queue's handler: intake events start runs; everything else is a step's result."""

    async def on_order_received(envelope: Envelope) -> None:
        await runner.on_order_received(envelope)

    async def on_step_result(envelope: Envelope) -> None:
        # connector.* and mapping.* results, matched to their run by correlation_id.
        await runner.on_result(envelope)

    async def handle(envelope: Envelope) -> None:
        if envelope.type == "order.received.v1":
            await on_order_received(envelope)
        elif envelope.type == "record.changed.v1":
            await runner.on_record_changed(envelope)
        else:
            await on_step_result(envelope)

    return handle
