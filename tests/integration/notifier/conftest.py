"""Notifier integration fixtures: real PostgreSQL, RabbitMQ, SMTP server and webhook receiver."""

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from notifier_receivers import SmtpInbox, WebhookReceiver
from notifier_support import GROUP_WINDOW_SECONDS, JWT_SECRET
from pydantic import SecretStr

from syncyard_common.broker import connection, publisher
from syncyard_common.settings import Environment
from syncyard_notifier import main
from syncyard_notifier.settings import NotifierSettings
from tests.fixtures.rabbitmq import own_vhost

# This package's own vhost: apps other packages left running never take its messages.
rabbitmq_url = own_vhost()


@pytest.fixture(scope="session")
def smtp_inbox() -> Iterator[SmtpInbox]:
    inbox = SmtpInbox()
    inbox.start()
    yield inbox
    inbox.stop()


@pytest.fixture(scope="session")
async def webhook_receiver() -> AsyncIterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    await receiver.start()
    yield receiver
    await receiver.stop()


@pytest.fixture(scope="session")
def notifier_settings(
    smtp_inbox: SmtpInbox, postgres_url: str, rabbitmq_url: str
) -> NotifierSettings:
    return NotifierSettings(
        environment=Environment.TEST,
        database_url=postgres_url,
        amqp_url=rabbitmq_url,
        jwt_secret=SecretStr(JWT_SECRET),
        dashboard_url="https://dashboard.syncyard.test",
        allow_private_targets=True,
        smtp_host="127.0.0.1",
        smtp_port=smtp_inbox.port,
        smtp_from="alerts@syncyard.test",
        alert_group_window_seconds=GROUP_WINDOW_SECONDS,
        delivery_poll_seconds=0.2,
        group_flush_poll_seconds=0.2,
        delivery_backoff_seconds=0.2,
        delivery_backoff_max_seconds=1.0,
        delivery_max_attempts=3,
    )


@pytest.fixture(scope="session")
async def notifier_app(
    notifier_settings: NotifierSettings, webhook_receiver: WebhookReceiver
) -> AsyncIterator[FastAPI]:
    app = main.create_app(notifier_settings)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture(scope="session")
async def client(notifier_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=notifier_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://notifier") as http:
        yield http


@pytest.fixture(scope="session")
async def bus(rabbitmq_url: str) -> AsyncIterator[publisher.Publisher]:
    broker = await connection.connect(rabbitmq_url, name="notifier-tests")
    sender = publisher.Publisher(broker)
    await sender.start()
    yield sender
    await sender.close()
    await broker.close()
