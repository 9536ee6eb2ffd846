"""Deleting a webhook channel while its deliveries are answered 410 Gone: both commit.

The delivery pass locks its alert rows, sends, and on a 410 writes ``is_active = false`` to
the channel row. ``DELETE /v1/channels/{id}`` locks the channel row (with the tenant's
others), soft-deletes it and cancels the channel's pending alerts. Had the delete waited for
the alert rows a pass holds, each would hold the row the other needs next and PostgreSQL
would abort one as a deadlock: the API answering 500, or the pass's outcomes (410 failures)
lost and the alerts sent again. The same held for two passes (replicas) answered 410 for one
channel. These tests make them meet on purpose: the receiver holds the requests open (the
pass holds its rows) until the delete has finished or waits on a row lock, then answers 410.

The passes run here with a clock ten minutes ahead, so the app's own delivery worker (real
clock) never takes these alerts, and alerts other tests queue an hour ahead are not due.
"""

import asyncio
import functools
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from notifier_receivers import WebhookReceiver
from notifier_support import auth
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_notifier import compose
from syncyard_notifier.alerts import delivery, queue
from syncyard_notifier.alerts.tables import Alert, AlertStatus
from syncyard_notifier.channels.tables import Channel
from syncyard_notifier.schema import utc_now
from syncyard_notifier.settings import NotifierSettings
from tests.fixtures.eventually import eventually

pytestmark = pytest.mark.integration

ROUNDS = 5
IN_FLIGHT = 4  # deliveries of the channel one pass holds (and sends) at once
AHEAD = timedelta(minutes=10)


@pytest.fixture
async def api(notifier_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The API with a 500 answered as a response, not raised into the test."""
    transport = httpx.ASGITransport(app=notifier_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://notifier") as http:
        yield http


async def _gone_channel(
    api: httpx.AsyncClient, receiver: WebhookReceiver, tenant: uuid.UUID
) -> tuple[uuid.UUID, str, asyncio.Event]:
    """A webhook channel whose receiver answers 410, holding each request until released."""
    path = f"/gone-race/{tenant}"
    receiver.statuses[path] = 410
    receiver.holds[path] = release = asyncio.Event()
    created = await api.post(
        "/v1/channels", json={"kind": "webhook", "url": receiver.url(path)}, headers=auth(tenant)
    )
    assert created.status_code == 201, created.text
    return uuid.UUID(created.json()["id"]), path, release


async def _queue(
    sessionmaker: async_sessionmaker[AsyncSession], tenant: uuid.UUID, due: datetime, count: int
) -> None:
    content = compose.AlertContent(title="Order failed", text="gone?", link=None, fields={})
    async with sessionmaker() as session, session.begin():
        for _ in range(count):
            await queue.queue_for_channels(
                session,
                tenant_id=tenant,
                event="run.failed.v1",
                dedupe_key=f"race:{uuid.uuid4()}",
                content=content,
                now=due,
            )


async def _deliveries(
    sessionmaker: async_sessionmaker[AsyncSession], channel_id: uuid.UUID
) -> list[Alert]:
    async with sessionmaker() as session:
        statement = select(Alert).where(Alert.channel_id == channel_id)
        return list((await session.execute(statement)).scalars().all())


async def _channel(
    sessionmaker: async_sessionmaker[AsyncSession], channel_id: uuid.UUID
) -> Channel:
    async with sessionmaker() as session:
        return (await session.execute(select(Channel).where(Channel.id == channel_id))).scalar_one()


async def _waits_on_a_row_lock(sessionmaker: async_sessionmaker[AsyncSession]) -> bool:
    """Some transaction of this database waits for another's lock (here: the delete)."""
    statement = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    async with sessionmaker() as session:
        return bool(await session.scalar(statement))


async def _through_or_waiting(
    delete: asyncio.Task[httpx.Response], sessionmaker: async_sessionmaker[AsyncSession]
) -> bool:
    """The delete answered, or it waits on a row lock (behind the pass's rows)."""
    return delete.done() or await _waits_on_a_row_lock(sessionmaker)


def _received(receiver: WebhookReceiver, path: str, count: int) -> Callable[[], bool]:
    return lambda: len(receiver.at(path)) == count


def _pass(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: NotifierSettings,
    key: bytes,
    now: datetime,
) -> asyncio.Task[int]:
    return asyncio.create_task(
        delivery.deliver_due(sessionmaker, settings=settings, key=key, clock=lambda: now)
    )


class TestDeleteWhileGone:
    async def test_the_delete_and_the_passes_answered_410_all_commit(
        self,
        notifier_app: FastAPI,
        notifier_settings: NotifierSettings,
        webhook_receiver: WebhookReceiver,
        api: httpx.AsyncClient,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        sessionmaker = notifier_app.state.sessionmaker
        key = notifier_app.state.secret_key
        settings = notifier_settings.model_copy(update={"delivery_batch_size": 200})
        caplog.set_level(logging.INFO)
        for _ in range(ROUNDS):
            tenant = uuid.uuid4()
            channel_id, path, release = await _gone_channel(api, webhook_receiver, tenant)
            now = utc_now() + AHEAD
            await _queue(sessionmaker, tenant, now, IN_FLIGHT)
            await _queue(sessionmaker, tenant, now + timedelta(hours=2), 1)  # not due yet
            sending = _pass(sessionmaker, settings, key, now)
            await eventually(_received(webhook_receiver, path, IN_FLIGHT))

            delete = asyncio.create_task(
                api.delete(f"/v1/channels/{channel_id}", headers=auth(tenant))
            )
            # The delete is through, or stuck behind the pass's rows: only now the 410s.
            await eventually(functools.partial(_through_or_waiting, delete, sessionmaker))
            release.set()
            deleted, attempted = await asyncio.gather(delete, sending, return_exceptions=True)

            # The channel was there (disabled or not, a channel is deleted once): 204.
            assert isinstance(deleted, httpx.Response), deleted
            assert deleted.status_code == 204, deleted.text
            # The pass may also take other tests' due alerts: at least this channel's.
            assert isinstance(attempted, int), attempted
            assert attempted >= IN_FLIGHT
            # Each delivery ends failed (answered 410) or cancelled; none stays pending, so
            # nothing of this channel is ever sent again.
            rows = await _deliveries(sessionmaker, channel_id)
            gone = [r for r in rows if r.status == AlertStatus.FAILED]
            assert len(gone) == IN_FLIGHT
            assert all("410" in (r.last_error or "") for r in gone)
            assert [r.status for r in rows if r not in gone] == [AlertStatus.CANCELLED]
            assert (await _channel(sessionmaker, channel_id)).deleted_at is not None
            assert len(webhook_receiver.at(path)) == IN_FLIGHT  # each sent once
        assert "deadlock" not in caplog.text.lower()

    async def test_two_passes_answered_410_for_one_channel_both_commit(
        self,
        notifier_app: FastAPI,
        notifier_settings: NotifierSettings,
        webhook_receiver: WebhookReceiver,
        api: httpx.AsyncClient,
    ) -> None:
        sessionmaker = notifier_app.state.sessionmaker
        key = notifier_app.state.secret_key
        settings = notifier_settings.model_copy(update={"delivery_batch_size": 200})
        for _ in range(ROUNDS):
            tenant = uuid.uuid4()
            channel_id, path, release = await _gone_channel(api, webhook_receiver, tenant)
            first_due = utc_now() + AHEAD
            second_due = first_due + timedelta(seconds=1)
            await _queue(sessionmaker, tenant, first_due, 2)
            await _queue(sessionmaker, tenant, second_due, 2)
            # Two replicas: the second skips the rows the first holds and takes the others.
            first = _pass(sessionmaker, settings, key, first_due)
            await eventually(_received(webhook_receiver, path, 2))
            second = _pass(sessionmaker, settings, key, second_due)
            await eventually(_received(webhook_receiver, path, 4))
            release.set()

            attempted = await asyncio.gather(first, second, return_exceptions=True)

            assert all(isinstance(count, int) and count >= 2 for count in attempted), attempted
            rows = await _deliveries(sessionmaker, channel_id)
            assert [r.status for r in rows] == [AlertStatus.FAILED] * 4
            channel = await _channel(sessionmaker, channel_id)
            assert channel.is_active is False
            assert "410" in (channel.disabled_reason or "")
            assert len(webhook_receiver.at(path)) == 4
