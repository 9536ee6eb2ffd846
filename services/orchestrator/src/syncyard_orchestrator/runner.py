"""The I/O loop of flows: load the run, ``decide``, persist the run and its messages together.

Exactly once (R7, R8, R12, R13): every handler claims the message in the inbox, changes the run
and stages the messages it causes in the outbox in ONE transaction, and the consumer acks only
after that commit. A crash anywhere either leaves nothing (redelivery redoes it) or everything
(redelivery is dropped by the inbox). Results are matched to the command they answer by
``causation_id``; the create-order call carries a key derived from the run id.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker import inbox, outbox
from syncyard_common.broker.errors import PermanentError
from syncyard_common.messages import Envelope, Message, registry
from syncyard_common.messages import orders as order_messages
from syncyard_common.telemetry import get_logger
from syncyard_orchestrator.flows import orders
from syncyard_orchestrator.integrations import repository as integrations_repository
from syncyard_orchestrator.orm import SCHEMA
from syncyard_orchestrator.runs import repository as runs_repository
from syncyard_orchestrator.runs.tables import Run

CONSUMER = "orchestrator.events"
SOURCE = "orchestrator"
RUNS_FINISHED = Counter(
    "syncyard_orchestrator_runs_finished_total", "Runs that reached an end state", ["flow", "state"]
)
_log = get_logger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


class Runner:
    """Applies incoming messages to runs. ``clock`` is injectable for tests."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        stuck_after: timedelta,
        max_reissues: int,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._stuck_after = stuck_after
        self._max_reissues = max_reissues
        self._clock = clock

    async def on_order_received(self, envelope: Envelope) -> None:
        """Start (or join) one run per active integration reading from this connection."""
        message = order_messages.OrderReceivedV1.model_validate(envelope.payload)
        now = self._clock()
        async with self._sessionmaker() as session, session.begin():
            if not await inbox.claim(
                session, schema=SCHEMA, consumer=CONSUMER, message_id=envelope.id
            ):
                return
            # R24: only the envelope's tenant's integrations, matched on the connection.
            matches = await integrations_repository.active_for_source(
                session,
                tenant_id=envelope.tenant_id,
                source_connection_id=message.connection_id,
                flow=orders.FLOW,
            )
            if not matches:
                _log.info("no active order flow for connection", connection=message.connection_id)
            for index, (integration, flow) in enumerate(matches):
                initial = orders.OrderRun(
                    id=_run_id(envelope, index),
                    tenant_id=envelope.tenant_id,
                    integration_id=integration.id,
                    source_connection_id=integration.source_connection_id,
                    target_connection_id=integration.target_connection_id,
                    source_connector=integration.source_connector,
                    target_connector=integration.target_connector,
                    source_order_id=message.source_order_id,
                )
                candidate = Run(
                    id=initial.id,
                    tenant_id=initial.tenant_id,
                    integration_id=initial.integration_id,
                    flow=orders.FLOW,
                    source_connection_id=initial.source_connection_id,
                    source_entity_id=message.source_order_id,
                    entity_ref=None,
                    state=initial.state.value,
                    state_json=initial.model_dump(mode="json"),
                    # The run keeps the settings it started with, whatever changes meanwhile.
                    settings_json=orders.OrderFlowSettings.model_validate(flow.settings).model_dump(
                        mode="json"
                    ),
                    version=initial.version,
                    pending_command_id=None,
                    lease_expires_at=None,
                    created_at=now,
                    updated_at=now,
                    finished_at=None,
                )
                row, _ = await runs_repository.start_or_join(session, run=candidate)
                await self._decide(session, row, envelope, message, now)

    async def on_result(self, envelope: Envelope) -> None:
        """Apply a gateway or mapper result to the run it belongs to (``correlation_id``)."""
        if envelope.correlation_id is None:
            return
        try:
            message = registry.parse_payload(envelope.type, envelope.payload)
        except registry.UnknownMessageType:
            _log.info("ignoring unknown message type", type=envelope.type)
            return
        assert isinstance(message, Message)
        now = self._clock()
        async with self._sessionmaker() as session, session.begin():
            if not await inbox.claim(
                session, schema=SCHEMA, consumer=CONSUMER, message_id=envelope.id
            ):
                return
            row = await runs_repository.lock(session, run_id=envelope.correlation_id)
            if row is None or row.flow != orders.FLOW:
                _log.info("result for no run of ours", type=envelope.type)
                return
            if row.tenant_id != envelope.tenant_id:
                raise PermanentError(
                    "tenant_mismatch", f"{envelope.type} names run {row.id} of another tenant"
                )
            await self._decide(session, row, envelope, message, now)

    async def sweep_once(self, *, limit: int = 100) -> int:
        """Re-issue the pending command of runs whose lease ran out; returns how many."""
        now = self._clock()
        async with self._sessionmaker() as session, session.begin():
            rows = await runs_repository.lock_stuck(session, now=now, limit=limit)
            for row in rows:
                run = orders.OrderRun.model_validate(row.state_json)
                command_id = uuid.uuid4()
                decision = orders.reissue(
                    run, command_id=command_id, now=now, max_reissues=self._max_reissues
                )
                if not decision.changed:
                    row.lease_expires_at = None
                    continue
                _log.warning("re-issuing stuck command", run_id=run.id, state=run.state)
                await self._apply(
                    session, row, decision, command_id, causation_id=run.pending_command_id, now=now
                )
        return len(rows)

    async def _decide(
        self, session: AsyncSession, row: Run, envelope: Envelope, message: Message, now: datetime
    ) -> None:
        run = orders.OrderRun.model_validate(row.state_json)
        settings = orders.OrderFlowSettings.model_validate(row.settings_json)
        event = orders.FlowEvent(
            id=envelope.id, message=message, causation_id=envelope.causation_id
        )
        command_id = uuid.uuid4()
        decision = orders.decide(run, event, settings, command_id=command_id, now=now)
        if not decision.changed:
            _log.info("ignored message", run_id=run.id, state=run.state, type=envelope.type)
            return
        await self._apply(session, row, decision, command_id, causation_id=envelope.id, now=now)

    async def _apply(
        self,
        session: AsyncSession,
        row: Run,
        decision: orders.Decision,
        command_id: uuid.UUID,
        *,
        causation_id: uuid.UUID | None,
        now: datetime,
    ) -> None:
        """Write the decided run and stage its command, events and audit entries."""
        run = decision.run
        row.state = run.state.value
        row.state_json = run.model_dump(mode="json")
        row.version = run.version
        row.entity_ref = run.entity_ref
        row.pending_command_id = run.pending_command_id
        row.updated_at = now
        is_waiting = not run.is_terminal and run.pending_command_id is not None
        row.lease_expires_at = now + self._stuck_after if is_waiting else None
        if run.is_terminal:
            row.finished_at = now
            RUNS_FINISHED.labels(row.flow, row.state).inc()

        def envelope(message: Message, message_id: uuid.UUID | None = None) -> Envelope:
            payload = message.model_dump(mode="json")
            return Envelope(
                id=message_id or uuid.uuid4(),
                type=payload["type"],
                source=SOURCE,
                subject=run.entity_ref or run.source_order_id,
                tenant_id=row.tenant_id,
                integration_id=row.integration_id,
                flow=row.flow,
                correlation_id=run.id,
                causation_id=causation_id,
                payload=payload,
            )

        staged = [envelope(entry) for entry in decision.audit]
        if decision.command is not None:
            staged.append(envelope(decision.command, command_id))
        staged.extend(envelope(event) for event in decision.events)
        for item in staged:
            await outbox.add(session, schema=SCHEMA, envelope=item)
        await session.flush()


def _run_id(envelope: Envelope, index: int) -> uuid.UUID:
    """The first run an intake event starts carries the intake's correlation id, so the
    webhook receipt the gateway logged under it shows in that run's activity log; further
    integrations fed by the same event get ids of their own."""
    if index == 0 and envelope.correlation_id is not None:
        return envelope.correlation_id
    return uuid.uuid4()
