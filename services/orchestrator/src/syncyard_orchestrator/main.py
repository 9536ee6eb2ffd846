"""Composition root: ``create_app()`` and the lifespan that opens and closes every resource."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import TypedDict

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_common.broker import connection, outbox, publisher, retention, topology
from syncyard_common.broker.consumer import Consumer
from syncyard_common.data_subjects import consumer as erasure
from syncyard_common.db import engine as db_engine
from syncyard_common.db import migrate
from syncyard_common.web import app as web_app
from syncyard_common.web import readiness
from syncyard_orchestrator import consumers
from syncyard_orchestrator.data_subjects import consumer as erasure_receipts
from syncyard_orchestrator.data_subjects import endpoints as data_subject_endpoints
from syncyard_orchestrator.data_subjects import snapshots
from syncyard_orchestrator.dead_letters import endpoints as dead_letter_endpoints
from syncyard_orchestrator.dead_letters.mover import DeadLetterMover
from syncyard_orchestrator.dead_letters.relay import ReplayRelay
from syncyard_orchestrator.dry_run import endpoints as dry_run_endpoints
from syncyard_orchestrator.integrations import endpoints as integration_endpoints
from syncyard_orchestrator.integrations import reads
from syncyard_orchestrator.mapping_diff import endpoints as mapping_diff_endpoints
from syncyard_orchestrator.orm import SCHEMA
from syncyard_orchestrator.reconciliation import endpoints as reconciliation_endpoints
from syncyard_orchestrator.reconciliation import worker as reconciliation_worker
from syncyard_orchestrator.results_first import STARTS_PREFETCH, ResultsFirst
from syncyard_orchestrator.runner import Runner
from syncyard_orchestrator.runs import endpoints as run_endpoints
from syncyard_orchestrator.settings import OrchestratorSettings
from syncyard_orchestrator.sweeper import Sweeper
from syncyard_orchestrator.sync_jobs import endpoints as sync_job_endpoints
from syncyard_orchestrator.sync_jobs.driver import SyncJobDriver

# In the source tree (editable install); an installed image runs from the service folder.
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def migrations_dir(settings: OrchestratorSettings) -> Path:
    if settings.migrations_dir is not None:
        return settings.migrations_dir
    return MIGRATIONS_DIR if MIGRATIONS_DIR.is_dir() else Path.cwd() / "migrations"


class State(TypedDict):
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[State]:
    settings: OrchestratorSettings = app.state.settings
    if settings.run_migrations:
        await migrate.upgrade_to_head(
            migrations_dir=migrations_dir(settings),
            database_url=settings.database_url,
            schema=SCHEMA,
        )
    engine = db_engine.create_engine(settings.database_url)
    sessionmaker = db_engine.create_sessionmaker(engine)
    app.state.sessionmaker = sessionmaker
    checks = [readiness.database_check(engine)]
    if not settings.run_consumers:  # an API-only replica: no broker work here
        app.state.readiness_checks = checks
        try:
            yield State(engine=engine, sessionmaker=sessionmaker)
        finally:
            await engine.dispose()
        return
    broker = await connection.connect(settings.amqp_url, name=settings.service_name)
    async with broker.channel() as channel:
        await topology.declare(channel, retry_scale=settings.retry_time_scale)
    sender = publisher.Publisher(broker)
    await sender.start()
    relay = outbox.OutboxRelay(engine, schema=SCHEMA, publisher=sender)
    await relay.start()
    await reads.announce_all(sessionmaker)  # the gateway polls what flows read
    runner = Runner(
        sessionmaker,
        stuck_after=timedelta(seconds=settings.run_stuck_after_seconds),
        max_reissues=settings.run_max_reissues,
    )
    runner.jobs = SyncJobDriver(
        runner,
        page_size=settings.initial_sync_page_size,
        stuck_after=timedelta(seconds=settings.run_stuck_after_seconds),
    )
    handler = consumers.build_handler(runner)
    order = ResultsFirst()
    consumer = Consumer(
        broker,
        queue=consumers.QUEUE,
        handler=order.results(handler),
        prefetch=settings.prefetch_count,
        retry_scale=settings.retry_time_scale,
    )
    starts = Consumer(
        broker,
        queue=consumers.STARTS_QUEUE,
        handler=order.starts(handler),
        prefetch=STARTS_PREFETCH,
        retry_scale=settings.retry_time_scale,
    )
    await consumer.start()
    await starts.start()
    sweeper = Sweeper(runner, interval_seconds=settings.sweep_interval_seconds)
    await sweeper.start()
    reconciler = reconciliation_worker.from_settings(settings, sessionmaker)
    await reconciler.start()
    # Every DLQ into the dead_letter table; replays asked through the API back to their queues.
    mover = DeadLetterMover(broker, sessionmaker)
    await mover.start()
    app.state.dead_letter_relay = replays = ReplayRelay(sessionmaker, publisher=sender)
    await replays.start()
    # A person's erasure here, each service's report into the receipt; outbox/inbox purge.
    receipts = Consumer(
        broker,
        queue=erasure_receipts.QUEUE,
        handler=erasure_receipts.make_handler(sessionmaker),
        retry_scale=settings.retry_time_scale,
    )
    # Run payload snapshots follow each tenant's retention, as the logger tells it.
    retention_told = Consumer(
        broker,
        queue=snapshots.QUEUE,
        handler=snapshots.make_handler(sessionmaker),
        retry_scale=settings.retry_time_scale,
    )
    expiry = snapshots.SnapshotExpiry(
        engine,
        default_days=settings.default_retention_days,
        interval_seconds=settings.snapshot_expiry_interval_seconds,
    )
    personal_data = (
        erasure.erase_consumer(broker, sessionmaker, schema=SCHEMA, settings=settings),
        receipts,
        retention.from_settings(engine, schema=SCHEMA, settings=settings),
        retention_told,
        expiry,
    )
    for loop in personal_data:
        await loop.start()
    app.state.readiness_checks = [*checks, readiness.broker_check(broker)]
    try:
        yield State(engine=engine, sessionmaker=sessionmaker)
    finally:
        app.state.readiness_checks = []  # not ready while draining
        for loop in reversed(personal_data):
            await loop.stop()
        await replays.stop()
        await mover.stop()
        await reconciler.stop()
        await sweeper.stop()
        await starts.stop()
        await consumer.stop()
        await relay.stop()
        await sender.close()
        await broker.close()
        await engine.dispose()


def create_app(settings: OrchestratorSettings | None = None) -> FastAPI:
    """The orchestrator's app; ``uvicorn syncyard_orchestrator.main:create_app --factory``."""
    return web_app.service_app(
        name="orchestrator",
        settings=settings or OrchestratorSettings(),
        lifespan=lifespan,
        routers=[
            integration_endpoints.router,
            run_endpoints.router,
            sync_job_endpoints.router,
            reconciliation_endpoints.router,
            dry_run_endpoints.router,
            dead_letter_endpoints.router,
            mapping_diff_endpoints.router,
            data_subject_endpoints.router,
        ],
        idempotency_schema=SCHEMA,
    )
