"""Composition root: ``create_app()`` and the lifespan that opens and closes every resource."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import TypedDict

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_common import runtime
from syncyard_common.web import app as web_app
from syncyard_orchestrator import consumers
from syncyard_orchestrator.data_subjects import consumer as erasure_receipts
from syncyard_orchestrator.data_subjects import endpoints as data_subject_endpoints
from syncyard_orchestrator.data_subjects import snapshots
from syncyard_orchestrator.dead_letters import endpoints as dead_letter_endpoints
from syncyard_orchestrator.dead_letters.mover import DeadLetterMover
from syncyard_orchestrator.dead_letters.relay import ReplayRelay
from syncyard_orchestrator.dry_run import endpoints as dry_run_endpoints
from syncyard_orchestrator.integrations import endpoints as integration_endpoints
from syncyard_orchestrator.integrations import owners, reads
from syncyard_orchestrator.mapping_diff import endpoints as mapping_diff_endpoints
from syncyard_orchestrator.reconciliation import endpoints as reconciliation_endpoints
from syncyard_orchestrator.reconciliation import worker as reconciliation_worker
from syncyard_orchestrator.results_first import STARTS_PREFETCH, ResultsFirst
from syncyard_orchestrator.runner import Runner
from syncyard_orchestrator.runs import endpoints as run_endpoints
from syncyard_orchestrator.schema import SCHEMA
from syncyard_orchestrator.settings import OrchestratorSettings
from syncyard_orchestrator.sweeper import lease_sweeper
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
    async with runtime.open_infrastructure(
        app,
        settings=settings,
        schema=SCHEMA,
        migrations_dir=migrations_dir(settings),
        broker_when_api_only=False,  # an API-only replica does no broker work at all
    ) as infra:
        app.state.sessionmaker = infra.sessionmaker
        if settings.run_consumers:
            await _start_workers(app, infra, settings)
        yield State(engine=infra.engine, sessionmaker=infra.sessionmaker)


async def _start_workers(
    app: FastAPI, infra: runtime.Infrastructure, settings: OrchestratorSettings
) -> None:
    """What a replica that runs consumers runs besides its API; stopped in reverse order."""
    sessionmaker = infra.sessionmaker
    await reads.announce_all(sessionmaker)  # the gateway polls what flows read
    await owners.announce_all(sessionmaker)  # the mapper lets only the owner at mappings
    stuck_after = timedelta(seconds=settings.run_stuck_after_seconds)
    jobs = SyncJobDriver(page_size=settings.initial_sync_page_size, stuck_after=stuck_after)
    runner = Runner(
        sessionmaker, stuck_after=stuck_after, max_reissues=settings.run_max_reissues, jobs=jobs
    )
    handler = consumers.build_handler(runner)
    order = ResultsFirst()
    await infra.consume(queue=consumers.QUEUE, handler=order.results(handler))
    await infra.consume(
        queue=consumers.STARTS_QUEUE, handler=order.starts(handler), prefetch=STARTS_PREFETCH
    )
    await infra.start(lease_sweeper(runner, interval_seconds=settings.sweep_interval_seconds))
    await infra.start(reconciliation_worker.from_settings(settings, sessionmaker))
    # Every DLQ into the dead_letter table; replays asked through the API back to their queues.
    await infra.start(DeadLetterMover(infra.amqp, sessionmaker))
    assert infra.publisher is not None  # a replica that runs consumers relays its outbox
    app.state.dead_letter_relay = replays = ReplayRelay(sessionmaker, publisher=infra.publisher)
    await infra.start(replays)
    # Each service's report of a person's erasure into the receipt (the erasure here and the
    # outbox/inbox purge are the runtime's); run payload snapshots follow each tenant's
    # retention, as the logger tells it.
    await infra.consume(
        queue=erasure_receipts.QUEUE, handler=erasure_receipts.make_handler(sessionmaker)
    )
    await infra.consume(queue=snapshots.QUEUE, handler=snapshots.make_handler(sessionmaker))
    await infra.start(
        snapshots.snapshot_expiry(
            infra.engine,
            default_days=settings.default_retention_days,
            interval_seconds=settings.snapshot_expiry_interval_seconds,
        )
    )


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
