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
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker import inbox
from syncyard_common.broker.errors import PermanentError
from syncyard_common.messages import Envelope, Message, by_type, records
from syncyard_common.messages import orders as order_messages
from syncyard_common.telemetry import get_logger
from syncyard_orchestrator import run_steps
from syncyard_orchestrator.flows import flow_rules, machines, orders
from syncyard_orchestrator.flows.order_status.rules import FLOW as FLOW_ORDER_STATUS
from syncyard_orchestrator.integrations import connector_capabilities
from syncyard_orchestrator.integrations import repository as integrations_repository
from syncyard_orchestrator.integrations.tables import Integration, IntegrationFlow
from syncyard_orchestrator.links import repository as links_repository
from syncyard_orchestrator.links.tables import Link
from syncyard_orchestrator.runs import repository as runs_repository
from syncyard_orchestrator.runs import starts
from syncyard_orchestrator.runs.decisions import persist
from syncyard_orchestrator.runs.tables import TERMINAL_STATES, Run
from syncyard_orchestrator.schema import SCHEMA

CONSUMER = "orchestrator.events"
_log = get_logger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


class JobResults(Protocol):
    """Initial syncs: where results that belong to no run go (the page a job asked for), and
    who hears that a job's run ended (its next records start) or had its command re-sent."""

    async def on_result(
        self, session: AsyncSession, envelope: Envelope, message: Message, now: datetime
    ) -> bool: ...

    async def on_run_finished(self, session: AsyncSession, run: Run, now: datetime) -> None: ...

    async def on_command_resent(self, session: AsyncSession, run: Run) -> None: ...

    async def sweep(self, session: AsyncSession, now: datetime) -> int: ...


class Runner:
    """Applies incoming messages to runs. ``jobs``: the initial syncs (None: a result that
    belongs to no run is dropped); ``clock`` is injectable for tests."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        stuck_after: timedelta,
        max_reissues: int,
        jobs: JobResults | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._stuck_after = stuck_after
        self._max_reissues = max_reissues
        self._jobs = jobs
        self._clock = clock

    async def on_order_received(self, envelope: Envelope) -> None:
        """Start (or join) one order run per active integration reading from this connection."""
        message = order_messages.OrderReceivedV1.model_validate(envelope.payload)
        async with self._sessionmaker() as session, session.begin():
            if not await inbox.claim(
                session, schema=SCHEMA, consumer=CONSUMER, message_id=envelope.id
            ):
                return
            await self._start_order_runs(session, envelope, message, self._clock())

    async def on_record_changed(self, envelope: Envelope) -> None:
        """A source record changed (poll or re-read webhook): start the flows reading it."""
        message = records.RecordChangedV1.model_validate(envelope.payload)
        now = self._clock()
        async with self._sessionmaker() as session, session.begin():
            if not await inbox.claim(
                session, schema=SCHEMA, consumer=CONSUMER, message_id=envelope.id
            ):
                return
            if message.entity == orders.FLOW:
                received = order_messages.OrderReceivedV1(
                    connection_id=message.connection_id,
                    source_order_id=message.source_id,
                    topic=message.topic,
                    source_event_key=message.source_event_key,
                )
                await self._start_order_runs(session, envelope, received, now)
                return
            matches = await integrations_repository.active_reading_from(
                session,
                tenant_id=envelope.tenant_id,
                connection_id=message.connection_id,
                flow=message.entity,
            )
            for index, (integration, flow) in enumerate(matches):
                await run_steps.start_record_run(
                    session,
                    integration=integration,
                    flow=flow,
                    message=message,
                    run_id=_run_id(envelope, index),
                    causation_id=envelope.id,
                    now=now,
                    stuck_after=self._stuck_after,
                )

    async def _start_order_runs(
        self,
        session: AsyncSession,
        envelope: Envelope,
        message: order_messages.OrderReceivedV1,
        now: datetime,
    ) -> None:
        # R24: only the envelope's tenant's integrations, matched on the connection read.
        matches = await integrations_repository.active_reading_from(
            session,
            tenant_id=envelope.tenant_id,
            connection_id=message.connection_id,
            flow=orders.FLOW,
        )
        echo = await links_repository.written_by_us(
            session,
            tenant_id=envelope.tenant_id,
            connection_id=message.connection_id,
            entity=orders.FLOW,
            record_id=message.source_order_id,
        )
        if echo is not None and all(i.id != echo.integration_id for i, _ in matches):
            # A one-way flow does not read the side it writes, but its status comes back.
            await self._start_status_back(session, echo, message, now)
        if not matches:
            _log.info("no active order flow for connection", connection=message.connection_id)
            return
        for index, (integration, flow) in enumerate(matches):
            candidate = starts.order_run(
                run_id=_run_id(envelope, index),
                integration=integration,
                flow=flow,
                read_connection_id=message.connection_id,
                source_order_id=message.source_order_id,
                now=now,
            )
            if echo is not None and echo.integration_id == integration.id:
                settings = orders.OrderFlowSettings.model_validate(flow.settings)
                if settings.sync_status_back:
                    await self._start_status_run(session, integration, flow, message, echo, now)
                    continue
                # Otherwise the run starts and its flow ends it at once as an echo.
            row, _ = await runs_repository.start_or_join(session, run=candidate)
            # The echo looked up above is the run's own (same tenant, connection and order).
            await run_steps.take(
                session,
                row,
                message,
                envelope.causation_id,
                envelope.id,
                now,
                stuck_after=self._stuck_after,
                echo=echo,
            )

    async def _start_status_back(
        self,
        session: AsyncSession,
        echo: Link,
        message: order_messages.OrderReceivedV1,
        now: datetime,
    ) -> None:
        """An order a one-way flow wrote changed: its status goes back when the setting says."""
        found = await integrations_repository.flow_of(
            session, integration_id=echo.integration_id, flow=orders.FLOW
        )
        if found is None or not found[1].is_active:
            return
        integration, flow = found
        if orders.OrderFlowSettings.model_validate(flow.settings).sync_status_back:
            await self._start_status_run(session, integration, flow, message, echo, now)

    async def _start_status_run(
        self,
        session: AsyncSession,
        integration: Integration,
        flow: IntegrationFlow,
        message: order_messages.OrderReceivedV1,
        echo: Link,
        now: datetime,
    ) -> None:
        """An order we created changed in the target: bring its status back to the origin."""
        candidate = starts.record_run(
            run_id=uuid.uuid4(),
            integration=integration,
            flow=flow,
            read_connection_id=message.connection_id,
            source_id=message.source_order_id,
            links={
                "origin_order_id": echo.source_id,
                "settable_statuses": ",".join(
                    sorted(
                        connector_capabilities.order_statuses(
                            starts.other_side(integration, message.connection_id)[2]
                        )
                    )
                ),
            },
            now=now,
            flow_name=FLOW_ORDER_STATUS,
        )
        row, _ = await runs_repository.start_or_join(session, run=candidate)
        changed = records.RecordChangedV1(
            connection_id=message.connection_id,
            entity="orders",
            source_id=message.source_order_id,
            record={"source_id": message.source_order_id},
            topic=message.topic,
            source_event_key=message.source_event_key,
        )
        await run_steps.take(session, row, changed, None, None, now, stuck_after=self._stuck_after)

    async def on_result(self, envelope: Envelope) -> None:
        """Apply a gateway or mapper result to the run it belongs to (``correlation_id``)."""
        if envelope.correlation_id is None:
            return
        try:
            message = by_type.parse_payload(envelope.type, envelope.payload)
        except by_type.UnknownMessageType:
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
            if (
                row is None
                and self._jobs is not None
                and await self._jobs.on_result(session, envelope, message, now)
            ):
                return
            if row is None or row.flow not in flow_rules.RUN_FLOWS:
                _log.info("result for no run of ours", type=envelope.type)
                return
            if row.tenant_id != envelope.tenant_id:
                raise PermanentError(
                    "tenant_mismatch", f"{envelope.type} names run {row.id} of another tenant"
                )
            of_job = row.job_id is not None and row.state not in TERMINAL_STATES
            await run_steps.take(
                session,
                row,
                message,
                envelope.causation_id,
                envelope.id,
                now,
                stuck_after=self._stuck_after,
            )
            if of_job and row.state in TERMINAL_STATES and self._jobs is not None:
                await self._jobs.on_run_finished(session, row, now)

    async def sweep_once(self, *, limit: int = 100) -> int:
        """Re-issue the pending command of runs whose lease ran out; returns how many."""
        now = self._clock()
        async with self._sessionmaker() as session, session.begin():
            jobs = await self._jobs.sweep(session, now) if self._jobs is not None else 0
            rows = await runs_repository.lock_stuck(session, now=now, limit=limit)
            for row in rows:
                command_id = uuid.uuid4()
                machine = machines.machine_for(row.flow)
                decision = machine.reissue(
                    machine.load(row.state_json),
                    command_id=command_id,
                    now=now,
                    max_reissues=self._max_reissues,
                )
                if not decision.changed:
                    row.lease_expires_at = None
                    continue
                _log.warning("re-issuing stuck command", run_id=row.id, state=row.state)
                if row.job_id is not None and self._jobs is not None:
                    await self._jobs.on_command_resent(session, row)
                await persist(
                    session,
                    row,
                    decision,
                    command_id,
                    causation_id=decision.run.pending_command_id,
                    now=now,
                    stuck_after=self._stuck_after,
                )
        return len(rows) + jobs


def _run_id(envelope: Envelope, index: int) -> uuid.UUID:
    """The first run an intake event starts carries the intake's correlation id, so the
    webhook receipt the gateway logged under it shows in that run's activity log; further
    integrations fed by the same event get ids of their own."""
    if index == 0 and envelope.correlation_id is not None:
        return envelope.correlation_id
    return uuid.uuid4()
