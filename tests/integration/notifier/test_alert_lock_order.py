"""The event handlers and the group flush lock rows in one order, so they never deadlock.

Under load a ``run.failed`` handler and the flush of the same group used to lock the alert
(incident) and its grouping window in opposite orders; PostgreSQL then aborted one of them,
the aborted handler came back seconds later through the retry queue, after the window had
closed, and its failure went out as a second immediate alert (a third webhook where two were
due). These tests make the two transactions meet deterministically: each takes its first row
lock, both wait at a rendezvous, then both take the rest. With one lock order for everyone
the later one simply waits; with two orders PostgreSQL reports a deadlock.

The handlers and the flush run here with a clock an hour ahead, so the app's own background
workers (which use the real clock) never see these groups or deliveries as due.
"""

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from notifier_support import auth, run_completed_envelope, run_failed_envelope
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.messages import Envelope
from syncyard_notifier.alerts import repository as alert_repository
from syncyard_notifier.alerts.tables import Alert, AlertGroup
from syncyard_notifier.incidents import intake
from syncyard_notifier.incidents import repository as incident_repository
from syncyard_notifier.schema import utc_now
from syncyard_notifier.settings import NotifierSettings

pytestmark = pytest.mark.integration

# Long enough for both transactions to take their first lock (they start together); the
# rendezvous gives up after it, so a transaction waiting on the other's first lock (the
# fixed order) does not hold the test up for ever.
RENDEZVOUS_SECONDS = 2.0
_ROW_LOCKS = (
    (alert_repository, "lock_group"),
    (alert_repository, "lock_due_groups"),
    (incident_repository, "lock_live"),
    (incident_repository, "lock"),
)


class Rendezvous:
    """Holds every task's second row lock until two tasks hold their first one."""

    def __init__(self) -> None:
        self._locks_taken: dict[asyncio.Task[Any], int] = {}
        self._holding_first = 0
        self._both_hold_one = asyncio.Event()

    def wrap(self, lock: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def wrapped(*args: Any, **kwargs: Any) -> Any:
            task = asyncio.current_task()
            assert task is not None
            taken = self._locks_taken.get(task, 0)
            if taken == 1:  # about to take a second row lock: meet the other task first
                # Nobody came: the other task waits on this one's first lock (one order).
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._both_hold_one.wait(), RENDEZVOUS_SECONDS)
            result = await lock(*args, **kwargs)
            self._locks_taken[task] = taken + 1
            if taken == 0:
                self._holding_first += 1
                if self._holding_first >= 2:
                    self._both_hold_one.set()
            return result

        return wrapped

    @contextlib.contextmanager
    def skipped(self) -> Iterator[None]:
        """Set-up transactions run alone: they take no part in the meeting."""
        self._both_hold_one.set()
        try:
            yield
        finally:
            self._locks_taken.clear()
            self._holding_first = 0
            self._both_hold_one.clear()


@pytest.fixture
def rendezvous(monkeypatch: pytest.MonkeyPatch) -> Rendezvous:
    meeting = Rendezvous()
    for module, name in _ROW_LOCKS:
        monkeypatch.setattr(module, name, meeting.wrap(getattr(module, name)))
    return meeting


async def _handle(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: NotifierSettings,
    envelope: Envelope,
    now: datetime,
) -> None:
    async with sessionmaker() as session, session.begin():
        if envelope.type == "run.completed.v1":
            await intake.record_run_completed(session, envelope=envelope, now=now)
        else:
            await intake.record_event(session, envelope=envelope, settings=settings, now=now)


async def _flush(
    sessionmaker: async_sessionmaker[AsyncSession], settings: NotifierSettings, now: datetime
) -> int:
    async with sessionmaker() as session, session.begin():
        return await intake.flush_due_groups(session, settings=settings, now=now)


async def _deliveries(
    sessionmaker: async_sessionmaker[AsyncSession], tenant: uuid.UUID
) -> list[Alert]:
    async with sessionmaker() as session:
        statement = select(Alert).where(Alert.tenant_id == tenant).order_by(Alert.created_at)
        return list((await session.execute(statement)).scalars().all())


async def _group(sessionmaker: async_sessionmaker[AsyncSession], tenant: uuid.UUID) -> AlertGroup:
    async with sessionmaker() as session:
        statement = select(AlertGroup).where(AlertGroup.tenant_id == tenant)
        return (await session.execute(statement)).scalars().one()


@pytest.fixture
async def tenant(client: httpx.AsyncClient) -> uuid.UUID:
    """A tenant with one e-mail channel (never sent to here: its deliveries are not due)."""
    tenant = uuid.uuid4()
    created = await client.post(
        "/v1/channels",
        json={"kind": "email", "address": f"locks-{tenant}@example.com"},
        headers=auth(tenant),
    )
    assert created.status_code == 201, created.text
    return tenant


class TestLockOrder:
    async def test_a_failure_and_the_flush_of_its_due_window_both_commit(
        self,
        notifier_app: FastAPI,
        notifier_settings: NotifierSettings,
        tenant: uuid.UUID,
        rendezvous: Rendezvous,
    ) -> None:
        sessionmaker = notifier_app.state.sessionmaker
        window = timedelta(seconds=notifier_settings.alert_group_window_seconds)
        opened_at = utc_now() + timedelta(hours=1)
        integration = uuid.uuid4()
        with rendezvous.skipped():
            for _ in range(2):  # the alert goes out; the second failure waits for the summary
                envelope = run_failed_envelope(tenant, integration_id=integration, reason="gone")
                await _handle(sessionmaker, notifier_settings, envelope, opened_at)
        late = opened_at + window + timedelta(seconds=1)
        third = run_failed_envelope(tenant, integration_id=integration, reason="gone")

        await asyncio.gather(
            _handle(sessionmaker, notifier_settings, third, late),
            _flush(sessionmaker, notifier_settings, late),
        )

        events = sorted(d.event for d in await _deliveries(sessionmaker, tenant))
        # The alert once, the window's one collected failure as one summary; the third
        # failure of the still open alert waits in the next window, whoever came first.
        assert events == ["run.failed.summary", "run.failed.v1"]
        group = await _group(sessionmaker, tenant)
        assert group.suppressed_count == 1
        assert group.closes_at == late + window

    async def test_the_last_run_succeeding_and_the_flush_of_its_window_both_commit(
        self,
        notifier_app: FastAPI,
        notifier_settings: NotifierSettings,
        tenant: uuid.UUID,
        rendezvous: Rendezvous,
    ) -> None:
        sessionmaker = notifier_app.state.sessionmaker
        window = timedelta(seconds=notifier_settings.alert_group_window_seconds)
        opened_at = utc_now() + timedelta(hours=1)
        integration, first_run, second_run = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        with rendezvous.skipped():
            for run_id in (first_run, second_run):
                envelope = run_failed_envelope(
                    tenant, integration_id=integration, reason="gone", run_id=run_id
                )
                await _handle(sessionmaker, notifier_settings, envelope, opened_at)
            await _handle(
                sessionmaker,
                notifier_settings,
                run_completed_envelope(tenant, integration_id=integration, run_id=second_run),
                opened_at,
            )
        late = opened_at + window + timedelta(seconds=1)
        last = run_completed_envelope(tenant, integration_id=integration, run_id=first_run)

        await asyncio.gather(
            _handle(sessionmaker, notifier_settings, last, late),
            _flush(sessionmaker, notifier_settings, late),
        )

        events = [d.event for d in await _deliveries(sessionmaker, tenant)]
        assert events.count("run.failed.v1") == 1
        assert events.count("alert.resolved") == 1
        # The flush sent the summary before the alert resolved, or the resolution closed the
        # window first and there is none: never two.
        assert events.count("run.failed.summary") <= 1
        assert (await _group(sessionmaker, tenant)).closes_at is None
