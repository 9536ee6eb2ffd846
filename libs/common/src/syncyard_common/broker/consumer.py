"""Consume with manual acks and bounded prefetch; retry through delay tiers; park in the DLQ."""

import asyncio
import contextlib
import random
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import aio_pika
import orjson
from aio_pika.abc import (
    AbstractChannel,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
)
from opentelemetry import context as otel_context
from opentelemetry.trace import SpanKind
from pydantic import ValidationError

from syncyard_common.broker import budget_hold, metrics, tenant_turns, topology
from syncyard_common.broker.errors import PermanentError, TransientError
from syncyard_common.broker.publisher import TENANT_HEADER
from syncyard_common.messages import Envelope
from syncyard_common.telemetry import annotate_span, extract_context, get_logger, get_tracer

Handler = Callable[[Envelope], Awaitable[None]]
# Called when a parsable message is about to be parked for good: (envelope, code, reason).
# Lets the owner answer "this failed" to whoever waits for it, instead of silence.
DeadLetterHook = Callable[[Envelope, str, str], Awaitable[None]]

_log = get_logger(__name__)
_tracer = get_tracer(__name__)
ATTEMPT_HEADER = "x-syncyard-attempt"
WAITS_HEADER = "x-syncyard-rate-limit-waits"
# What the dead-letter API shows of a parked message's failures (first and last, when, why).
FIRST_FAILED_AT_HEADER = "x-syncyard-first-failed-at"
FIRST_ERROR_HEADER = "x-syncyard-first-error"
ERROR_CODE_HEADER = "x-syncyard-error-code"
ERROR_REASON_HEADER = "x-syncyard-error-reason"
PARKED_AT_HEADER = "x-syncyard-parked-at"
# One id per parking: the same message parked again after a replay is a new dead letter.
PARKED_ID_HEADER = "x-syncyard-parked-id"
# The dead-letter hook ran: the owner was told this failed (the gateway answers the run, with
# an inbox claim), so a replay of this message would be a duplicate; retry the run instead.
OWNER_TOLD_HEADER = "x-syncyard-owner-told"
# Rate-limit waits do not use up attempts; this only stops a remote that never lets us in.
MAX_RATE_LIMIT_WAITS = 500


class Consumer:
    """Runs ``handler`` for each message of one work queue.

    Ack after the handler returns (its transaction committed). A transient failure goes to a
    delay queue with our own attempt counter and the original is acked; permanent failures,
    unparsable messages and exhausted attempts go to ``<queue>.dlq`` with the reason. The
    retries follow ``topology.RETRY_SCHEDULE_SECONDS`` (``max_attempts`` caps it in tests;
    ``retry_scale`` compresses its clock, and must match the scale the topology was declared
    with).

    ``prefetch`` messages are handled at once. ``look_ahead`` more are held unacknowledged
    while they wait for a handler, which goes to tenants in turn (``tenant_turns``): a
    tenant's message delivered behind another tenant's backlog waits for one handler, not for
    the backlog.
    """

    def __init__(
        self,
        connection: AbstractRobustConnection,
        *,
        queue: str,
        handler: Handler,
        prefetch: int = 50,
        look_ahead: int = 0,
        max_attempts: int | None = None,
        retry_scale: float = 1.0,
        on_dead_letter: DeadLetterHook | None = None,
    ) -> None:
        self._connection = connection
        self._spec = topology.QUEUES[queue]
        self._handler = handler
        self._prefetch = prefetch + look_ahead
        self._turns = tenant_turns.TenantTurns(prefetch) if look_ahead > 0 else None
        self._max_attempts = (
            len(topology.RETRY_SCHEDULE_SECONDS) if max_attempts is None else max_attempts
        )
        self._retry_scale = retry_scale
        self._on_dead_letter = on_dead_letter
        self._channel: AbstractChannel | None = None
        self._queue: AbstractQueue | None = None
        self._tag: str | None = None
        self._in_flight: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._channel = await self._connection.channel(
            publisher_confirms=True, on_return_raises=True
        )
        await self._channel.set_qos(prefetch_count=self._prefetch)
        # A passive declare gives a queue object that the robust channel restores (and
        # re-subscribes) after the broker restarts; get_queue(ensure=False) would not.
        self._queue = await self._channel.declare_queue(self._spec.name, passive=True)
        self._tag = await self._queue.consume(self._on_message, no_ack=False)

    async def stop(self, *, drain_seconds: float = 10.0) -> None:
        """Stop taking messages, let in-flight handlers finish, close the channel."""
        if self._channel is None:
            return
        if self._queue is not None and self._tag is not None and not self._channel.is_closed:
            with contextlib.suppress(Exception):
                await self._queue.cancel(self._tag)
        if self._turns is not None:  # the messages still waiting go back unhandled
            self._turns.stop()
        if self._in_flight:
            await asyncio.wait(self._in_flight, timeout=drain_seconds)
        if not self._channel.is_closed:
            await self._channel.close()

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
        try:
            await self._handle(message)
        finally:
            if task is not None:
                self._in_flight.discard(task)

    async def _handle(self, message: AbstractIncomingMessage) -> None:
        headers = dict(message.headers or {})
        if self._turns is None:
            await self._parse_and_handle(message, headers)
            return
        waits = int(str(headers.get(WAITS_HEADER, 0)))
        try:
            # The tenant from the header every publish sets (publisher.to_message): the body is
            # parsed once the message has its turn, so a held message stays its raw bytes.
            # Back from a budget wait at its promised slot: the next free handler, so the
            # others of that slot meet it in one batch (commands/order_reads.py).
            async with self._turns.turn(str(headers.get(TENANT_HEADER, "")), first=waits > 0):
                await self._parse_and_handle(message, headers)
        except tenant_turns.Stopped:
            return  # not handled, not acknowledged: the broker delivers it again

    async def _parse_and_handle(
        self, message: AbstractIncomingMessage, headers: dict[str, Any]
    ) -> None:
        attempt = int(str(headers.get(ATTEMPT_HEADER, 0)))
        waits = int(str(headers.get(WAITS_HEADER, 0)))
        try:
            envelope = Envelope.model_validate(orjson.loads(message.body))
        except (ValueError, ValidationError) as exc:
            await self._park(message, code="unparsable", reason=str(exc)[:1000])
            return
        await self._handle_envelope(message, envelope, headers, attempt, waits)

    async def _handle_envelope(
        self,
        message: AbstractIncomingMessage,
        envelope: Envelope,
        headers: dict[str, Any],
        attempt: int,
        waits: int,
    ) -> None:
        if attempt == 0 and waits == 0:  # retries and budget waits come back late on purpose
            metrics.CONSUMER_LAG.labels(self._spec.name).observe(_seconds_since(envelope.time))
        token = otel_context.attach(extract_context(headers))
        # What the message kept of a remote budget while it was deferred (its reserved slot).
        hold, hold_token = budget_hold.enter(headers.get(budget_hold.HEADER))
        try:
            with _tracer.start_as_current_span(f"consume {envelope.type}", kind=SpanKind.CONSUMER):
                _annotate(envelope, queue=self._spec.name)
                await self._handler(envelope)
            metrics.MESSAGES.labels(self._spec.name, "handled").inc()
        except PermanentError as exc:
            await self._park(message, code=exc.code, reason=exc.reason, envelope=envelope)
            return
        except ValidationError as exc:
            await self._park(message, code="invalid_payload", reason=str(exc)[:1000])
            return
        except asyncio.CancelledError:
            raise
        except TransientError as exc:
            if exc.rate_limited:
                await self._wait_for_budget(message, waits + 1, exc, envelope, hold)
            else:
                await self._retry_or_park(message, attempt + 1, exc, exc.retry_after, envelope)
            return
        except Exception as exc:
            await self._retry_or_park(message, attempt + 1, exc, None, envelope)
            return
        finally:
            budget_hold.leave(hold_token)
            otel_context.detach(token)
        await self._ack(message)

    async def _retry_or_park(
        self,
        message: AbstractIncomingMessage,
        attempt: int,
        exc: Exception,
        retry_after: float | None,
        envelope: Envelope,
    ) -> None:
        reason = str(exc)[:1000] or repr(exc)
        if attempt > self._max_attempts:
            await self._park(message, code="attempts_exhausted", reason=reason, envelope=envelope)
            return
        delay = _pick_tier(attempt, retry_after, scale=self._retry_scale)
        metrics.MESSAGES.labels(self._spec.name, "retried").inc()
        _log.info(
            "message retry scheduled",
            queue=self._spec.name,
            type=message.type,
            attempt=attempt,
            delay_seconds=delay,
            reason=reason,
        )
        extra: dict[str, Any] = {ATTEMPT_HEADER: attempt}
        if FIRST_FAILED_AT_HEADER not in (message.headers or {}):
            extra[FIRST_FAILED_AT_HEADER] = _now()
            extra[FIRST_ERROR_HEADER] = reason
        await self._republish(message, queue=self._spec.retry_queue(delay), extra=extra)

    async def _wait_for_budget(
        self,
        message: AbstractIncomingMessage,
        waits: int,
        exc: TransientError,
        envelope: Envelope,
        hold: budget_hold.BudgetHold,
    ) -> None:
        if waits > MAX_RATE_LIMIT_WAITS:
            await self._park(
                message, code="rate_limit_exhausted", reason=exc.reason, envelope=envelope
            )
            return
        delay = _pick_wait_tier(exc.retry_after)
        metrics.MESSAGES.labels(self._spec.name, "waited").inc()
        _log.debug(
            "waiting for the remote's rate limit",
            queue=self._spec.name,
            type=message.type,
            message_id=message.message_id,
            waits=waits,
            delay_seconds=delay,
        )
        # The reservation goes with the message (or, spent, is dropped from it).
        extra: dict[str, Any] = {WAITS_HEADER: waits}
        if hold.to_carry:
            extra[budget_hold.HEADER] = hold.to_carry
        await self._republish(
            message,
            queue=self._spec.retry_queue(delay),
            extra=extra,
            without=() if hold.to_carry else (budget_hold.HEADER,),
        )

    async def _park(
        self,
        message: AbstractIncomingMessage,
        *,
        code: str,
        reason: str,
        envelope: Envelope | None = None,
    ) -> None:
        extra: dict[str, Any] = {}
        if envelope is not None and self._on_dead_letter is not None:
            try:
                await self._on_dead_letter(envelope, code, reason)
                extra[OWNER_TOLD_HEADER] = True
            except Exception as exc:  # parking must not depend on it; sweepers catch the rest
                _log.warning("dead-letter hook failed", queue=self._spec.name, error=repr(exc))
        _log.warning("message dead-lettered", queue=self._spec.name, code=code, reason=reason)
        metrics.MESSAGES.labels(self._spec.name, "dead_lettered").inc()
        await self._republish(
            message,
            queue=self._spec.dead_letter_queue,
            extra={
                **extra,
                ERROR_CODE_HEADER: code,
                ERROR_REASON_HEADER: reason[:1000],
                PARKED_AT_HEADER: _now(),
                PARKED_ID_HEADER: str(uuid.uuid4()),
            },
        )

    async def _republish(
        self,
        message: AbstractIncomingMessage,
        *,
        queue: str,
        extra: dict[str, Any],
        without: tuple[str, ...] = (),
    ) -> None:
        assert self._channel is not None
        headers = {k: v for k, v in dict(message.headers or {}).items() if k not in without}
        copy = aio_pika.Message(
            body=message.body,
            content_type=message.content_type,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            message_id=message.message_id,
            correlation_id=message.correlation_id,
            type=message.type,
            app_id=message.app_id,
            headers={**headers, **extra},
        )
        # Confirmed publish first, then ack: a crash in between redelivers (handlers dedupe).
        await self._channel.default_exchange.publish(
            copy, routing_key=queue, mandatory=True, timeout=10
        )
        await self._ack(message)

    @staticmethod
    async def _ack(message: AbstractIncomingMessage) -> None:
        # After a reconnect the delivery tag is stale; the broker redelivers, handlers dedupe.
        with contextlib.suppress(Exception):
            await message.ack()


def _pick_tier(attempt: int, retry_after: float | None, *, scale: float = 1.0) -> float:
    """The attempt's tier or its jitter neighbour, never less (R38); a longer Retry-After from
    the remote wins, rounded up to a tier (the longest tier when none is that long)."""
    delay = random.choice(topology.retry_tiers(attempt, scale=scale))  # noqa: S311 - jitter
    if retry_after is not None and retry_after > delay:
        tiers = sorted(topology.retry_delays(scale=scale))
        delay = next((d for d in tiers if d >= retry_after), tiers[-1])
    return delay


def _seconds_since(moment: datetime) -> float:
    # Clocks of two pods differ a little: a message never arrives before it was made.
    return max(0.0, (datetime.now(UTC) - moment).total_seconds())


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _pick_wait_tier(retry_after: float | None) -> float:
    """The largest wait tier not longer than the wait (the shortest one for a short or unknown
    wait): the message comes back at or just before its slot, never long after it, and what is
    left of a long wait is chained through the next tiers when it comes back."""
    tiers = topology.WAIT_DELAYS_SECONDS
    wanted = retry_after or 0.0
    return max((d for d in tiers if d <= wanted), default=tiers[0])


def _annotate(envelope: Envelope, *, queue: str) -> None:
    """What the message works for, as ids on its span (the payload's customer data never)."""
    connection = envelope.payload.get("connection_id")
    annotate_span(
        tenant_id=envelope.tenant_id,
        integration_id=envelope.integration_id,
        run_id=envelope.correlation_id,
        connection_id=connection if isinstance(connection, str) else None,
        flow=envelope.flow,
        queue=queue,
        message_type=envelope.type,
    )
