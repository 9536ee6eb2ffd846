"""Composition root of the connector gateway: ``create_app()`` and its lifespan."""

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TypedDict

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_common import runtime, sealing
from syncyard_common.web import readiness
from syncyard_common.web.app import service_app
from syncyard_gateway import unavailable
from syncyard_gateway.api_keys import endpoints as api_keys
from syncyard_gateway.available_connectors import endpoints as available_connectors
from syncyard_gateway.commands.execute import BULK_QUEUE, CONSUMER, CommandRunner
from syncyard_gateway.connections import endpoints as connections
from syncyard_gateway.connections.live import ConnectorFactory
from syncyard_gateway.connectors import http
from syncyard_gateway.egress.clients import ClientPool
from syncyard_gateway.egress.pinning import PinnedTransport
from syncyard_gateway.health_checks.scheduler import HealthChecker
from syncyard_gateway.outages import verdict as outage_verdict
from syncyard_gateway.polling import endpoints as polling
from syncyard_gateway.polling.reads_consumer import READS_QUEUE, ReadsConsumer
from syncyard_gateway.polling.scheduler import Poller
from syncyard_gateway.request_budget import endpoints as request_budgets
from syncyard_gateway.request_budget.pacer import RequestBudgets
from syncyard_gateway.schema import SCHEMA, SOURCE
from syncyard_gateway.settings import GatewaySettings
from syncyard_gateway.webhook_subscriptions import endpoints as webhook_subscriptions
from syncyard_gateway.webhooks import endpoints as webhooks
from syncyard_gateway.webhooks import fast_path, purge
from syncyard_gateway.webhooks.receiver import Receiver

API_MAX_BODY_BYTES = 1_048_576
# Bulk commands held per bulk handler while they wait for one, tenant by tenant.
BULK_LOOK_AHEAD_PER_HANDLER = 4
# Python's collector runs when the tracked objects alive grow by 700: with dozens of webhooks in
# flight that happened every few requests, each run walking the process's objects (a fifth of
# a webhook's CPU, measured by bench/intake.py). The young generation now holds a busy
# replica's work in flight, and what exists after start-up is kept out of the walks.
YOUNG_GENERATION_THRESHOLD = 20_000


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    app = service_app(
        name=SOURCE,
        settings=settings,
        lifespan=lifespan,
        # Webhooks first: their route is matched before the others on the busiest path.
        routers=[
            webhooks.router,
            connections.router,
            polling.router,
            available_connectors.router,
            webhook_subscriptions.router,
            api_keys.router,
            request_budgets.router,
        ],
        max_body_bytes=API_MAX_BODY_BYTES,
        idempotency_schema=SCHEMA,
        # The webhook route streams, bounds and cleans its own body (webhooks/endpoints.py).
        streamed_paths=(webhooks.router.prefix + "/",),
        untraced=fast_path.is_webhook,  # the fast path below makes their span
    )
    unavailable.install(app)
    # Outermost of the app's own middleware: a webhook skips everything made for the REST API.
    app.add_middleware(
        fast_path.WebhookFastPath,
        service=SOURCE,
        max_body_bytes=settings.webhook_max_body_bytes,
    )
    return app


def _keyring(settings: GatewaySettings) -> sealing.KeyRing | None:
    try:
        return settings.keyring()
    except sealing.InvalidKeys:
        return None  # development only (settings refuse this elsewhere): readiness says why


class State(TypedDict):
    """What the lifespan yields; Starlette copies it onto every ``request.state``."""

    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    factory: ConnectorFactory
    receiver: Receiver


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[State]:
    settings: GatewaySettings = app.state.settings
    keyring = _keyring(settings)
    async with AsyncExitStack() as stack:  # closes everything in reverse order
        clients = ClientPool(_pinned_clients(allow_private=settings.allow_private_targets))
        stack.push_async_callback(clients.close)
        infra = await stack.enter_async_context(
            runtime.open_infrastructure(
                app,
                settings=settings,
                schema=SCHEMA,
                migrations_dir=settings.migrations_dir,
                readiness_checks=[_keys_check(keyring)],
            )
        )
        engine, sessionmaker = infra.engine, infra.sessionmaker
        factory = ConnectorFactory(
            keyring=keyring,
            clients=clients,
            allow_private_targets=settings.allow_private_targets,
            budgets=RequestBudgets(engine=engine, replicas=settings.replicas),
        )
        if settings.run_consumers:
            await _start_workers(infra, settings, factory)
        receiver = await Receiver.open(
            engine,
            sessionmaker=sessionmaker,
            factory=factory,
            pool_size=settings.intake_pool_size,
        )
        stack.push_async_callback(receiver.close)
        stack.callback(_tune_collector())
        yield State(engine=engine, sessionmaker=sessionmaker, factory=factory, receiver=receiver)
        app.state.readiness_checks = []  # not ready while shutting down


async def _start_workers(
    infra: runtime.Infrastructure, settings: GatewaySettings, factory: ConnectorFactory
) -> None:
    """A worker replica's consumers and loops (an intake replica runs none of them)."""
    runner = CommandRunner(
        sessionmaker=infra.sessionmaker,
        factory=factory,
        outage_policy=outage_verdict.Policy(
            outage_after_seconds=settings.outage_after_seconds,
            probe_seconds=settings.outage_probe_seconds,
        ),
    )
    # Initial syncs have their own queue and a small prefetch: live commands first. Their
    # look-ahead is as small: a bulk command may wait for its remote's timeout (R5).
    await infra.consume(queue=CONSUMER, handler=runner, on_dead_letter=runner.on_dead_letter)
    await infra.consume(
        queue=BULK_QUEUE,
        handler=runner,
        prefetch=settings.bulk_prefetch_count,
        look_ahead=BULK_LOOK_AHEAD_PER_HANDLER * settings.bulk_prefetch_count,
        on_dead_letter=runner.on_dead_letter,
    )
    await infra.consume(queue=READS_QUEUE, handler=ReadsConsumer(infra.sessionmaker))
    await infra.start(purge.purger(infra.engine))
    await infra.start(
        Poller.from_settings(
            settings, engine=infra.engine, sessionmaker=infra.sessionmaker, factory=factory
        )
    )
    await infra.start(
        HealthChecker.from_settings(
            settings, engine=infra.engine, sessionmaker=infra.sessionmaker, factory=factory
        )
    )


def _pinned_clients(*, allow_private: bool) -> Callable[[], httpx.AsyncClient]:
    """Clients whose sockets go only to the addresses the SSRF guard checked (R26)."""

    def create() -> httpx.AsyncClient:
        transport = PinnedTransport(allow_private=allow_private, limits=http.LIMITS)
        return http.create_client(transport=transport)

    return create


def _tune_collector() -> Callable[[], None]:
    """Freeze what start-up made and raise the young threshold; returns the undo."""
    before = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, *before[1:])

    def undo() -> None:
        gc.set_threshold(*before)
        gc.unfreeze()

    return undo


def _keys_check(keyring: sealing.KeyRing | None) -> readiness.ReadinessCheck:
    async def credential_keys() -> None:
        if keyring is None:
            raise sealing.InvalidKeys("SYNCYARD_CREDENTIAL_KEYS is missing or invalid")

    return credential_keys
