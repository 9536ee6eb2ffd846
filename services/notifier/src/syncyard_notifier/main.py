"""The notifier app: ``create_app`` and its lifespan."""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import TypedDict

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.broker import connection, consumer, outbox, publisher, retention, topology
from syncyard_common.data_subjects import consumer as erasure
from syncyard_common.db import engine as db_engine
from syncyard_common.db import migrate
from syncyard_common.web import app as web_app
from syncyard_common.web import readiness
from syncyard_notifier import consumers
from syncyard_notifier.alerts import endpoints as alert_endpoints
from syncyard_notifier.alerts import workers
from syncyard_notifier.channels import encryption
from syncyard_notifier.channels import endpoints as channel_endpoints
from syncyard_notifier.channels.tables import utc_now
from syncyard_notifier.incidents import endpoints as incident_endpoints
from syncyard_notifier.mutes import endpoints as mute_endpoints
from syncyard_notifier.schema import SCHEMA
from syncyard_notifier.settings import NotifierSettings


def _migrations_dir() -> Path:
    # Next to src/ in a checkout or editable install; in an image the package sits in
    # site-packages and the service folder is the working directory.
    beside_source = Path(__file__).resolve().parents[2] / "migrations"
    return beside_source if beside_source.is_dir() else Path.cwd() / "migrations"


MIGRATIONS_DIR = _migrations_dir()


class State(TypedDict):
    engine: AsyncEngine


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[State]:
    settings: NotifierSettings = app.state.settings
    if settings.run_migrations:
        await migrate.upgrade_to_head(
            migrations_dir=MIGRATIONS_DIR, database_url=settings.database_url, schema=SCHEMA
        )
    app.state.secret_key = key = encryption.key_from_settings(settings)
    engine = db_engine.create_engine(settings.database_url)
    app.state.sessionmaker = sessionmaker = db_engine.create_sessionmaker(engine)
    async with AsyncExitStack() as stack:
        stack.push_async_callback(engine.dispose)
        broker = await connection.connect(settings.amqp_url, name="notifier")
        stack.push_async_callback(broker.close)
        async with broker.channel() as channel:
            await topology.declare(channel, retry_scale=settings.retry_time_scale)
        app.state.readiness_checks = [
            readiness.database_check(engine),
            readiness.broker_check(broker),
        ]
        if settings.run_consumers:
            sender = workers.delivery_worker(
                sessionmaker, settings=settings, key=key, clock=utc_now
            )
            flusher = workers.group_flush_worker(
                sessionmaker, settings=settings, clock=utc_now, on_flushed=sender.wake
            )
            handler = consumers.on_event_handler(
                sessionmaker=sessionmaker,
                settings=settings,
                clock=utc_now,
                on_committed=sender.wake,
            )
            events = consumer.Consumer(
                broker,
                queue="notifier.events",
                handler=handler,
                prefetch=settings.prefetch_count,
                retry_scale=settings.retry_time_scale,
            )
            # Stopped in reverse: the consumer first, then the flush, then delivery.
            for worker in (sender, flusher, events):
                await worker.start()
                stack.push_async_callback(worker.stop)
            # A person's erasure in this schema, reported through the outbox (the notifier's
            # only message); published outbox rows and old inbox ids purged.
            reporter = publisher.Publisher(broker)
            await reporter.start()
            stack.push_async_callback(reporter.close)
            for loop in (
                outbox.OutboxRelay(engine, schema=SCHEMA, publisher=reporter),
                erasure.erase_consumer(broker, sessionmaker, schema=SCHEMA, settings=settings),
                retention.from_settings(engine, schema=SCHEMA, settings=settings),
            ):
                await loop.start()
                stack.push_async_callback(loop.stop)
        yield {"engine": engine}
        app.state.readiness_checks = []


def create_app(settings: NotifierSettings | None = None) -> FastAPI:
    """The notifier's FastAPI app; settings from the environment unless given."""
    settings = settings or NotifierSettings()
    return web_app.service_app(
        name="notifier",
        settings=settings,
        lifespan=lifespan,
        routers=[
            channel_endpoints.router,
            incident_endpoints.router,
            alert_endpoints.router,
            mute_endpoints.router,
        ],
        idempotency_schema=SCHEMA,
    )
