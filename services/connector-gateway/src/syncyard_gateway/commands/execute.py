"""Run one connector command: remote call first, then inbox claim + result + audit in one commit."""

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker import inbox, outbox
from syncyard_common.broker.errors import PermanentError, TransientError
from syncyard_common.messages import audit
from syncyard_common.messages.connector_errors import CommandFailedV1, ConnectorErrorKind
from syncyard_common.messages.envelope import Envelope, Message
from syncyard_common.telemetry import get_logger
from syncyard_gateway import envelopes
from syncyard_gateway.commands import fetched, operations
from syncyard_gateway.commands import outcome as outcome_module
from syncyard_gateway.commands.order_reads import OrderReads
from syncyard_gateway.connections import credentials, health, live, repository
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import errors as connector_errors
from syncyard_gateway.outages import service as outages
from syncyard_gateway.outages import verdict as outage_verdict
from syncyard_gateway.schema import SCHEMA

CONSUMER = "gateway.commands"
BULK_QUEUE = "gateway.bulk"  # same handler and inbox; initial-sync work only
_log = get_logger(__name__)


@dataclass
class CommandRunner:
    """The handler of the ``gateway.commands`` queue."""

    sessionmaker: async_sessionmaker[AsyncSession]
    factory: live.ConnectorFactory
    order_reads: OrderReads = field(default_factory=OrderReads)
    outage_policy: outage_verdict.Policy = field(default_factory=outage_verdict.Policy)

    async def _run(
        self, operation: operations.Operation, command: BaseModel, record: ConnectionRecord
    ) -> operations.Outcome:
        """The connector call of one command; order re-reads join a batch (see order_reads)."""
        order_id = fetched.order_to_read(command)
        if order_id is not None:
            order = await self.order_reads.read(
                record.id, order_id, lambda: self.factory.use(record)
            )
            return fetched.outcome(command, order)
        async with self.factory.use(record) as connector:
            return await operation.run(connector, command)

    async def __call__(self, envelope: Envelope) -> None:
        operation = operations.OPERATIONS.get(envelope.type)
        if operation is None:
            raise PermanentError("unknown_command", f"No gateway command {envelope.type!r}.")
        command = operation.model.model_validate(envelope.payload)
        admission = outages.Admission(is_held_back=False, streak=None)
        async with self.sessionmaker() as session, session.begin():
            # A cheap read first: a redelivered, already answered command makes no remote call.
            if await inbox.was_handled(
                session, schema=SCHEMA, consumer=CONSUMER, message_id=envelope.id
            ):
                return
            record = await repository.get_unscoped(
                session,
                connection_id=getattr(command, "connection_id"),  # noqa: B009
            )
            if record is not None and record.tenant_id == envelope.tenant_id:
                admission = await outages.admit(
                    session, record=record, now=datetime.now(UTC), policy=self.outage_policy
                )
        if record is not None and record.tenant_id != envelope.tenant_id:
            _log.warning(
                "command names another tenant's connection",
                security=True,
                message_id=str(envelope.id),
                connection_id=str(record.id),
            )
            raise PermanentError("tenant_mismatch", "The connection belongs to another tenant.")
        if admission.is_held_back:
            # The remote is failing and another command probes it: wait, without an attempt.
            raise TransientError(
                "The remote system is failing; waiting for it to answer again.",
                retry_after=outage_verdict.wait_seconds(self.outage_policy),
                rate_limited=True,
            )
        started = time.perf_counter()
        result: Message
        entity_ref = operations.reference(command)
        failure: connector_errors.ConnectorError | None = None
        sub_steps: list[audit.StepRecordedV1] = []
        try:
            if record is None:
                raise connector_errors.ConnectorNotFound(
                    "The connection no longer exists.", code="connection_not_found"
                )
            outcome = await self._run(operation, command, record)
        except connector_errors.ConnectorTransientError as exc:
            is_rate_limited = exc.code == "rate_limited"
            if is_rate_limited:  # a wait for the remote's budget is not worth a log line
                raise TransientError(
                    exc.reason, retry_after=exc.retry_after, rate_limited=True
                ) from None
            if await self._record_retry(envelope, operation, command, record, exc, started):
                # A failing remote: come back soon without using up an attempt (see outages).
                wait = outage_verdict.wait_seconds(self.outage_policy)
                raise TransientError(exc.reason, retry_after=wait, rate_limited=True) from None
            raise TransientError(exc.reason, retry_after=exc.retry_after) from None
        except live.KeysUnavailable as exc:
            raise TransientError(str(exc)) from None
        except credentials.CredentialsUndecryptable as exc:
            raise PermanentError("credentials_unreadable", str(exc)) from None
        except outcome_module.FailedAtStep as exc:
            failure = exc.error
            result = _failed(envelope, exc.error, step=exc.step)
            sub_steps = list(exc.done)
        except connector_errors.ConnectorError as exc:
            failure = exc
            result = _failed(envelope, exc)
        else:
            result = outcome.result
            entity_ref = outcome.entity_ref or entity_ref
            sub_steps = outcome.steps
        duration_ms = (time.perf_counter() - started) * 1000
        # A command of several calls reports each call; any other command is one entry.
        steps = sub_steps or [
            audit.StepRecordedV1(
                step=operation.step,
                outcome=audit.StepOutcome.FAILED if failure else audit.StepOutcome.OK,
                entity_ref=entity_ref,
                connection_id=record.id if record else None,
                message=failure.reason if failure else None,
                sent_payload=command.model_dump(mode="json", exclude={"type"}),
                response_payload=result.model_dump(mode="json"),
                duration_ms=duration_ms,
            )
        ]
        async with self.sessionmaker() as session, session.begin():
            if not await inbox.claim(
                session, schema=SCHEMA, consumer=CONSUMER, message_id=envelope.id
            ):
                return
            if record is not None:
                await self._update_health(session, envelope, record, failure)
                if admission.streak is not None:  # it answered: the streak (or outage) ends
                    await outages.record_success(session, record=record, now=datetime.now(UTC))
            # The sub-steps of a several-call command go out as one audit message.
            await _answer(session, envelope, result, *audit.recorded(steps))

    async def on_dead_letter(self, envelope: Envelope, code: str, reason: str) -> None:
        """A command is parked for good: tell the run now, instead of leaving it waiting.

        Not for tenant mismatches: a command naming another tenant's connection gets no
        answer at all (R24), only the security log line and the dead-letter queue.
        """
        if code == "tenant_mismatch" or envelope.type not in operations.OPERATIONS:
            return
        exhausted = code in ("attempts_exhausted", "rate_limit_exhausted")
        result = CommandFailedV1(
            command_type=envelope.type,
            kind=ConnectorErrorKind.EXHAUSTED if exhausted else ConnectorErrorKind.DATA,
            code=code,
            reason=(
                f"The remote system kept failing; gave up after repeated retries: {reason}"
                if exhausted
                else reason
            ),
        )
        async with self.sessionmaker() as session, session.begin():
            if not await inbox.claim(
                session, schema=SCHEMA, consumer=CONSUMER, message_id=envelope.id
            ):
                return
            await _answer(session, envelope, result)

    @staticmethod
    async def _update_health(
        session: AsyncSession,
        envelope: Envelope,
        record: ConnectionRecord,
        failure: connector_errors.ConnectorError | None,
    ) -> None:
        now = datetime.now(UTC)
        if isinstance(failure, connector_errors.ConnectorAuthError):
            await health.record_failure(
                session,
                record=record,
                code=failure.code,
                reason=failure.reason,
                now=now,
                correlation_id=envelope.correlation_id,
            )
        elif failure is None:
            await health.record_success(
                session, record=record, now=now, correlation_id=envelope.correlation_id
            )

    async def _record_retry(
        self,
        envelope: Envelope,
        operation: operations.Operation,
        command: BaseModel,
        record: ConnectionRecord | None,
        exc: connector_errors.ConnectorTransientError,
        started: float,
    ) -> bool:
        """One audit entry per failed attempt, so the activity log shows what the remote said;
        the failure counts towards the connection's outage. True: the remote counts as failing."""
        step = audit.StepRecordedV1(
            step=operation.step,
            outcome=audit.StepOutcome.RETRYING,
            entity_ref=operations.reference(command),
            connection_id=record.id if record else None,
            message=exc.reason,
            sent_payload=command.model_dump(mode="json", exclude={"type"}),
            duration_ms=(time.perf_counter() - started) * 1000,
        )
        is_failing = False
        async with self.sessionmaker() as session, session.begin():
            await outbox.add(
                session,
                schema=SCHEMA,
                envelope=envelopes.wrap(
                    step,
                    tenant_id=envelope.tenant_id,
                    correlation_id=envelope.correlation_id,
                    subject=envelope.subject,
                    causation=envelope,
                ),
            )
            if record is not None:
                is_failing = await outages.record_failure(
                    session,
                    record=record,
                    code=exc.code,
                    now=datetime.now(UTC),
                    policy=self.outage_policy,
                )
        return is_failing


def _failed(
    envelope: Envelope, error: connector_errors.ConnectorError, *, step: str | None = None
) -> CommandFailedV1:
    return CommandFailedV1(
        command_type=envelope.type,
        kind=error.kind or ConnectorErrorKind.DATA,
        code=error.code,
        reason=error.reason,
        step=step,
    )


async def _answer(session: AsyncSession, command: Envelope, *messages: Message) -> None:
    """Stage the answers to a command in the outbox (one statement): same run, caused by
    the command."""
    staged = [
        envelopes.wrap(
            message,
            tenant_id=command.tenant_id,
            correlation_id=command.correlation_id,
            subject=command.subject,
            causation=command,
        )
        for message in messages
    ]
    await outbox.add_all(session, schema=SCHEMA, envelopes=staged)
