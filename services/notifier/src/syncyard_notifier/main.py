"""The notifier app: ``create_app`` and its lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypedDict

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common import runtime
from syncyard_common.web import app as web_app
from syncyard_notifier import consumers, workers
from syncyard_notifier.alerts import endpoints as alert_endpoints
from syncyard_notifier.channel_setup import endpoints as channel_endpoints
from syncyard_notifier.channels import secret_storage
from syncyard_notifier.incidents import endpoints as incident_endpoints
from syncyard_notifier.mutes import endpoints as mute_endpoints
from syncyard_notifier.schema import SCHEMA, utc_now
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
    app.state.secret_key = key = secret_storage.key_from_settings(settings)
    async with runtime.open_infrastructure(
        app, settings=settings, schema=SCHEMA, migrations_dir=MIGRATIONS_DIR
    ) as infra:
        app.state.sessionmaker = sessionmaker = infra.sessionmaker
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
            # Stopped in reverse: the consumer first, then the flush, then delivery.
            await infra.start(sender)
            await infra.start(flusher)
            await infra.consume(queue="notifier.events", handler=handler)
        yield {"engine": infra.engine}


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
