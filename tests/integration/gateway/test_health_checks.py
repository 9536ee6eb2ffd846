"""Scheduled health checks: one connection.failed.v1 and one alert per change, not per check.

The notifier runs in this process on the same database and vhost, delivering to a real
webhook receiver, so the test counts alerts as a merchant would receive them."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.settings import Environment
from syncyard_gateway.health_checks.verdict import Finding, judge
from syncyard_gateway.main import create_app
from syncyard_notifier import main as notifier_main
from syncyard_notifier.settings import NotifierSettings
from tests.fixtures.eventually import eventually
from tests.fixtures.receivers import WebhookReceiver
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import JWT_SECRET, RunningGateway
from tests.integration.gateway.server import serve
from tests.integration.gateway.settled import relayed
from tests.integration.gateway.test_commands import MplusSimulator
from tests.integration.gateway.test_polling import (
    SettingsFor,
    connect,
    polling_amqp_url,
    recorder,
    running,
    set_faults,
    settings_for,
    sim_requests,
    simulator,
)

__all__ = ["polling_amqp_url", "recorder", "settings_for", "simulator"]  # shared fixtures
CHECK_SECONDS = 0.3


async def checked_again(
    gateway: RunningGateway,
    bus: BusRecorder,
    tenant_id: uuid.UUID,
    simulator: MplusSimulator,
    *,
    refused: bool | None = None,
) -> None:
    """The barrier of "still one event": the gateway has checked the connection twice more
    (with its credentials refused or accepted, when ``refused`` says which; so a check under
    way now has ended) and all the checks staged is on the bus (settled.relayed)."""

    def counted(requests: list[dict[str, Any]]) -> int:
        return sum(1 for r in requests if refused is None or r["credentials_ok"] is not refused)

    before = counted(await sim_requests(simulator))

    async def twice_more() -> bool:
        return counted(await sim_requests(simulator)) >= before + 2

    await eventually(twice_more, timeout=30, what="two more health checks")
    await relayed(gateway, bus, tenant_id)


@pytest.fixture
async def notifier(
    fresh_database_url: str, polling_amqp_url: str, webhook_receiver: WebhookReceiver
) -> AsyncIterator[httpx.AsyncClient]:
    settings = NotifierSettings(
        environment=Environment.TEST,
        database_url=fresh_database_url,
        amqp_url=polling_amqp_url,
        jwt_secret=SecretStr(JWT_SECRET),
        allow_private_targets=True,
        delivery_poll_seconds=0.2,
        group_flush_poll_seconds=0.2,
    )
    app: FastAPI = notifier_main.create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://notifier") as client:
            yield client


async def subscribe(notifier: httpx.AsyncClient, tenant_id: uuid.UUID, url: str) -> None:
    token = tokens.mint(tenant_id=tenant_id, role=Role.ADMIN, secret=JWT_SECRET)
    created = await notifier.post(
        "/v1/channels",
        json={"kind": "webhook", "url": url},
        headers={"authorization": f"Bearer {token}"},
    )
    assert created.status_code == 201, created.text


def alerts_about(receiver: WebhookReceiver, connection: str) -> list[dict[str, Any]]:
    with receiver.inbox.lock:
        bodies = [orjson.loads(body) for _, body in receiver.inbox.requests]
    return [b for b in bodies if (b.get("fields") or {}).get("connection_id") == connection]


class TestVerdict:
    def test_a_refusal_fails_at_once(self) -> None:
        verdict = judge(Finding.REJECTED, unreachable_checks=0, failures_to_alert=3)
        assert verdict.is_failing is True

    def test_an_unreachable_remote_fails_only_after_enough_checks_in_a_row(self) -> None:
        first = judge(Finding.UNREACHABLE, unreachable_checks=0, failures_to_alert=3)
        third = judge(Finding.UNREACHABLE, unreachable_checks=2, failures_to_alert=3)
        assert (first.is_failing, first.unreachable_checks) == (None, 1)
        assert (third.is_failing, third.unreachable_checks) == (True, 3)

    def test_an_answer_clears_the_count_and_a_rate_limit_changes_nothing(self) -> None:
        assert (
            judge(Finding.REACHED, unreachable_checks=2, failures_to_alert=3).unreachable_checks
            == 0
        )
        limited = judge(Finding.INCONCLUSIVE, unreachable_checks=2, failures_to_alert=3)
        assert (limited.is_failing, limited.unreachable_checks) == (None, 2)


class TestHealthChecks:
    async def test_wrong_credentials_alert_once_and_the_fix_recovers_once(
        self,
        settings_for: SettingsFor,
        simulator: MplusSimulator,
        recorder: Any,
        notifier: httpx.AsyncClient,
        webhook_receiver: WebhookReceiver,
    ) -> None:
        settings = settings_for(
            poll_interval_seconds=3600.0, health_check_interval_seconds=CHECK_SECONDS
        )
        tenant_id = uuid.uuid4()
        await subscribe(notifier, tenant_id, webhook_receiver.url)
        async with serve(create_app(settings)) as url:
            gateway = running(settings, url)
            bus: BusRecorder = await recorder(settings.amqp_url)
            connection = await connect(
                gateway, tenant_id, **simulator.credentials(secret="old-secret")
            )

            def refused_checks() -> int:
                return sum(1 for r in requests if not r["credentials_ok"])

            requests = await sim_requests(simulator)
            while refused_checks() < 4:  # several checks, each refused
                await asyncio.sleep(CHECK_SECONDS)
                requests = await sim_requests(simulator)
            await eventually(lambda: alerts_about(webhook_receiver, connection), timeout=15)
            await checked_again(gateway, bus, tenant_id, simulator, refused=True)
            assert len(bus.of_tenant(tenant_id, "connection.failed.v1")) == 1
            [alert] = alerts_about(webhook_receiver, connection)
            assert alert["type"] == "connection.failed.v1"
            assert "old-secret" not in str(alert)

            simulator.app.state.simulator.settings.secret = "old-secret"  # the merchant fixed it
            await eventually(lambda: bus.of_tenant(tenant_id, "connection.recovered.v1"))
            await eventually(lambda: len(alerts_about(webhook_receiver, connection)) >= 2)
            # A few more (good) checks.
            await checked_again(gateway, bus, tenant_id, simulator, refused=False)
            async with gateway.client(tenant_id) as client:
                shown = (await client.get(f"/v1/connections/{connection}")).json()
        assert len(bus.of_tenant(tenant_id, "connection.recovered.v1")) == 1
        assert len(bus.of_tenant(tenant_id, "connection.failed.v1")) == 1
        alerts = alerts_about(webhook_receiver, connection)
        assert [a["type"] for a in alerts] == ["connection.failed.v1", "connection.recovered.v1"]
        assert shown["status"] == "active"

    async def test_a_blip_pages_nobody_but_a_lasting_outage_alerts_once(
        self, settings_for: SettingsFor, simulator: MplusSimulator, recorder: Any
    ) -> None:
        settings = settings_for(
            poll_interval_seconds=3600.0,
            health_check_interval_seconds=CHECK_SECONDS,
            health_check_failures_to_alert=3,
        )
        tenant_id = uuid.uuid4()
        async with serve(create_app(settings)) as url:
            gateway = running(settings, url)
            bus: BusRecorder = await recorder(settings.amqp_url)
            await set_faults(simulator, fail_next={"status": 503, "count": 2})  # two bad checks
            connection = await connect(gateway, tenant_id, **simulator.credentials())
            await eventually(_answered_after_blip(simulator), timeout=10)
            assert bus.of_tenant(tenant_id, "connection.failed.v1") == []

            await set_faults(simulator, error_rate_5xx=1.0)  # now it stays down
            failed = await eventually(
                lambda: bus.of_tenant(tenant_id, "connection.failed.v1"), timeout=10
            )
            # More failing checks: still one event.
            await checked_again(gateway, bus, tenant_id, simulator)
            assert len(bus.of_tenant(tenant_id, "connection.failed.v1")) == 1
            assert failed[0].payload["connection_id"] == connection
            await set_faults(simulator, error_rate_5xx=0.0)
            await eventually(lambda: bus.of_tenant(tenant_id, "connection.recovered.v1"))


def _answered_after_blip(simulator: MplusSimulator) -> Any:
    async def answered() -> bool:
        requests = await sim_requests(simulator)
        statuses = [r["http_status"] for r in requests]
        return statuses[:2] == [503, 503] and 200 in statuses[2:]

    return answered
