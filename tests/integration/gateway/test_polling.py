"""Polling MplusKASSA (simulator) through real gateway apps on their own database and vhost.

Each test gets its own simulator (sync markers are per installation) and counts the
``record.changed.v1`` messages on a test queue bound to the exchange."""

import asyncio
import functools
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from syncyard_common.auth.principal import Role
from syncyard_common.settings import Environment
from syncyard_gateway.main import create_app
from syncyard_gateway.settings import GatewaySettings
from syncyard_sim_mplus.app import create_app as create_mplus_simulator
from syncyard_sim_mplus.settings import SimulatorSettings
from tests.fixtures.eventually import eventually
from tests.fixtures.rabbitmq import fresh_vhost
from tests.integration.gateway import factories
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import CREDENTIAL_KEYS, JWT_SECRET, RunningGateway
from tests.integration.gateway.server import serve
from tests.integration.gateway.settled import relayed
from tests.integration.gateway.test_commands import MplusSimulator

FEEDS = ("categories", "customers", "orders", "products", "stock")
SettingsFor = Callable[..., GatewaySettings]


@pytest.fixture(scope="module")
def polling_amqp_url(_private_rabbitmq: Path | None, rabbitmq_url: str) -> str:
    """A vhost of its own: the session's gateway never relays or consumes these messages."""
    return rabbitmq_url if _private_rabbitmq is None else fresh_vhost(_private_rabbitmq)


@pytest.fixture(scope="module")
def settings_for(fresh_database_url: str, polling_amqp_url: str) -> SettingsFor:
    """Gateway settings on this module's own database, fast polling, health checks far off."""

    def build(**overrides: Any) -> GatewaySettings:
        values: dict[str, Any] = {
            "environment": Environment.TEST,
            "database_url": fresh_database_url,
            "amqp_url": polling_amqp_url,
            "jwt_secret": SecretStr(JWT_SECRET),
            "credential_keys": SecretStr(CREDENTIAL_KEYS),
            "allow_private_targets": True,
            "poll_interval_seconds": 0.2,
            "poll_page_size": 2,
            "poll_lease_seconds": 3.0,
            "poll_max_backoff_seconds": 1.6,
            "health_check_interval_seconds": 3600.0,
            # No orchestrator here says what flows read: poll every feed (test_polling_reads
            # covers the filter).
            "poll_only_read_entities": False,
            **overrides,
        }
        return GatewaySettings(**values)

    return build


@pytest.fixture
async def simulator() -> AsyncIterator[MplusSimulator]:
    app = create_mplus_simulator(SimulatorSettings())
    async with serve(app) as url:
        yield MplusSimulator(app, url)


@pytest.fixture
async def recorder() -> AsyncIterator[Callable[[str], Any]]:
    """Starts a BusRecorder on demand (the exchange exists once an app has started)."""
    started: list[BusRecorder] = []

    async def start(amqp_url: str) -> BusRecorder:
        bus = BusRecorder()
        await bus.start(amqp_url)
        started.append(bus)
        return bus

    yield start
    for bus in started:
        await bus.stop()


def running(settings: GatewaySettings, url: str) -> RunningGateway:
    return RunningGateway(url=url, settings=settings, engine=None)  # type: ignore[arg-type]


async def connect(gateway: RunningGateway, tenant_id: uuid.UUID, **credentials: Any) -> str:
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client, connector="mplus", **credentials)
    return str(created["id"])


async def polling_of(gateway: RunningGateway, tenant_id: uuid.UUID, connection: str) -> Any:
    async with gateway.client(tenant_id) as client:
        response = await client.get(f"/v1/connections/{connection}/polling")
    assert response.status_code == 200, response.text
    return response.json()


async def wait_until_started(
    gateway: RunningGateway, tenant_id: uuid.UUID, connection: str
) -> None:
    """Every feed has stored its starting position ("now")."""

    async def started() -> bool:
        feeds = (await polling_of(gateway, tenant_id, connection))["entities"]
        return all(feed["last_polled_at"] for feed in feeds) and len(feeds) == len(FEEDS)

    await eventually(started, timeout=20)


async def polled_again(
    gateway: RunningGateway, bus: BusRecorder, tenant_id: uuid.UUID, connection: str
) -> None:
    """The barrier of "nothing came twice": every feed read has polled twice more (so a poll
    under way now has ended), and all the polls staged is on the bus (settled.relayed)."""

    async def stamps() -> dict[str, Any]:
        feeds = (await polling_of(gateway, tenant_id, connection))["entities"]
        return {feed["entity"]: feed["last_polled_at"] for feed in feeds if feed["is_read"]}

    async def moved_from(before: dict[str, Any]) -> dict[str, Any] | None:
        now = await stamps()
        return now if all(now[entity] != before.get(entity) for entity in now) else None

    seen = await stamps()
    for _ in range(2):
        seen = await eventually(
            functools.partial(moved_from, seen), timeout=20, what=f"polls after {seen}"
        )
    await relayed(gateway, bus, tenant_id)


async def seed_orders(sim: MplusSimulator, references: list[str]) -> None:
    async with sim.driver() as till:
        await till.place_orders([{"extOrderId": r} for r in references])


async def set_faults(sim: MplusSimulator, **switches: Any) -> None:
    async with sim.driver() as till:
        await till.faults(**switches)


async def sim_requests(sim: MplusSimulator) -> list[dict[str, Any]]:
    async with sim.driver() as till:
        return await till.requests()


def announced_orders(bus: BusRecorder, tenant_id: uuid.UUID) -> Counter[str]:
    """How often each order number was announced by polling."""
    changed = bus.of_tenant(tenant_id, "record.changed.v1")
    return Counter(
        e.payload["record"]["number"] or e.payload["source_id"]
        for e in changed
        if e.payload["entity"] == "orders" and e.payload["topic"] == "poll"
    )


def references_of(count: int) -> list[str]:
    run = uuid.uuid4().hex[:6]
    return [f"SY-{run}-{i:02d}" for i in range(count)]


class TestRestart:
    async def test_a_new_gateway_resumes_from_the_cursor_without_loss_or_repeat(
        self, settings_for: SettingsFor, simulator: MplusSimulator, recorder: Any
    ) -> None:
        settings = settings_for()
        tenant_id = uuid.uuid4()
        async with serve(create_app(settings)) as url:
            gateway = running(settings, url)
            bus = await recorder(settings.amqp_url)
            connection = await connect(gateway, tenant_id, **simulator.credentials())
            await wait_until_started(gateway, tenant_id, connection)
            assert announced_orders(bus, tenant_id) == Counter()  # history is not announced
            await set_faults(simulator, latency_ms=120)  # ~0.25 s per page of two orders
            await seed_orders(simulator, references_of(12))
            # Stop the first gateway half-way through the backlog.
            await eventually(lambda: sum(announced_orders(bus, tenant_id).values()) >= 4)
        seen_before_restart = sum(announced_orders(bus, tenant_id).values())
        assert seen_before_restart < 12, "the first gateway finished before it was stopped"

        async with serve(create_app(settings)) as url:
            await eventually(lambda: sum(announced_orders(bus, tenant_id).values()) >= 12)
            await polled_again(running(settings, url), bus, tenant_id, connection)
        counts = announced_orders(bus, tenant_id)
        assert len(counts) == 12
        assert set(counts.values()) == {1}, counts

    async def test_each_announcement_carries_a_unique_version_key(
        self, settings_for: SettingsFor, simulator: MplusSimulator, recorder: Any
    ) -> None:
        settings = settings_for()
        tenant_id = uuid.uuid4()
        async with serve(create_app(settings)) as url:
            gateway = running(settings, url)
            bus = await recorder(settings.amqp_url)
            connection = await connect(gateway, tenant_id, **simulator.credentials())
            await wait_until_started(gateway, tenant_id, connection)
            await seed_orders(simulator, references_of(3))
            await eventually(lambda: sum(announced_orders(bus, tenant_id).values()) >= 3)
            feeds = {
                f["entity"]: f
                for f in (await polling_of(gateway, tenant_id, connection))["entities"]
            }
        changed = bus.of_tenant(tenant_id, "record.changed.v1")
        keys = [e.payload["source_event_key"] for e in changed]
        assert len(set(keys)) == len(keys)
        assert all(key.startswith("poll:orders:") for key in keys)
        assert {e.payload["connection_id"] for e in changed} == {connection}
        assert feeds["orders"]["cursor"] is not None
        assert feeds["orders"]["last_error"] is None


class TestErrors:
    async def test_a_failing_remote_is_polled_ever_more_slowly_then_caught_up(
        self, settings_for: SettingsFor, simulator: MplusSimulator, recorder: Any
    ) -> None:
        settings = settings_for()
        tenant_id = uuid.uuid4()
        async with serve(create_app(settings)) as url:
            gateway = running(settings, url)
            bus = await recorder(settings.amqp_url)
            connection = await connect(gateway, tenant_id, **simulator.credentials())
            await wait_until_started(gateway, tenant_id, connection)
            await set_faults(simulator, error_rate_5xx=1.0)
            async with simulator.driver() as sim:
                await sim.clear_requests()
            await seed_orders(simulator, references_of(1))  # changed during the outage
            await asyncio.sleep(4.0)
            failing = await sim_requests(simulator)
            feeds = (await polling_of(gateway, tenant_id, connection))["entities"]
            # 0.2 s apart without backoff would be ~20 polls; doubling to the 1.6 s cap: ~6.
            assert 2 <= len(failing) <= 9, len(failing)
            assert any("fault" in (f["last_error"] or "") for f in feeds), feeds

            await set_faults(simulator, error_rate_5xx=0.0)
            await eventually(lambda: sum(announced_orders(bus, tenant_id).values()) >= 1)
            feeds = (await polling_of(gateway, tenant_id, connection))["entities"]
        assert all(f["last_error"] is None for f in feeds), feeds
        assert sum(announced_orders(bus, tenant_id).values()) == 1
        assert bus.of_tenant(tenant_id, "connection.failed.v1") == []  # a 5xx is no alert

    async def test_rejected_credentials_alert_once_and_stop_the_polling(
        self, settings_for: SettingsFor, simulator: MplusSimulator, recorder: Any
    ) -> None:
        settings = settings_for()
        tenant_id = uuid.uuid4()
        async with serve(create_app(settings)) as url:
            gateway = running(settings, url)
            bus = await recorder(settings.amqp_url)
            connection = await connect(
                gateway, tenant_id, **simulator.credentials(secret="revoked")
            )
            await eventually(lambda: bus.of_tenant(tenant_id, "connection.failed.v1"))
            calls_at_failure = len(await sim_requests(simulator))
            await asyncio.sleep(1.5)  # seven poll intervals
            async with gateway.client(tenant_id) as client:
                shown = (await client.get(f"/v1/connections/{connection}")).json()
        failed = bus.of_tenant(tenant_id, "connection.failed.v1")
        assert len(failed) == 1
        assert failed[0].payload["code"]
        assert "revoked" not in str(failed[0].payload)
        assert shown["status"] == "failing"
        assert len(await sim_requests(simulator)) == calls_at_failure  # failing: not polled


async def polls_settled(gateway: Any, tenant_id: uuid.UUID, connection: Any) -> None:
    """Wait until the connection's poll times stop moving (a loaded machine may still be
    finishing a poll that began before polling was switched off)."""
    last = None
    async with gateway.client(tenant_id) as client:
        for _ in range(20):
            state = (await client.get(f"/v1/connections/{connection}/polling")).json()
            stamps = [entity.get("last_polled_at") for entity in state.get("entities", [])]
            if stamps == last:
                return
            last = stamps
            await asyncio.sleep(1.0)
    raise AssertionError("polling did not stop")


class TestPollingApi:
    async def test_settings_are_shown_changed_and_checked(
        self, settings_for: SettingsFor, simulator: MplusSimulator
    ) -> None:
        settings = settings_for(poll_interval_seconds=3600.0)
        tenant_id = uuid.uuid4()
        async with serve(create_app(settings)) as url:
            gateway = running(settings, url)
            connection = await connect(gateway, tenant_id, **simulator.credentials())
            shown = await polling_of(gateway, tenant_id, connection)
            assert shown["enabled"] is True
            assert shown["interval_seconds"] == 3600
            assert [f["entity"] for f in shown["entities"]] == list(FEEDS)
            assert all(f["cursor"] is None for f in shown["entities"])

            async with gateway.client(tenant_id) as client:
                put = await client.put(
                    f"/v1/connections/{connection}/polling",
                    json={"enabled": False, "interval_seconds": 120},
                )
                too_short = await client.put(
                    f"/v1/connections/{connection}/polling",
                    json={"enabled": True, "interval_seconds": 1},
                )
                unknown_field = await client.put(
                    f"/v1/connections/{connection}/polling",
                    json={"enabled": True, "every": 60},
                )
                not_a_boolean = await client.put(
                    f"/v1/connections/{connection}/polling", json={"enabled": 0}
                )
            async with gateway.client(tenant_id, role=Role.VIEWER) as client:
                as_viewer = await client.put(
                    f"/v1/connections/{connection}/polling", json={"enabled": True}
                )
                read_by_viewer = await client.get(f"/v1/connections/{connection}/polling")
            async with gateway.client(uuid.uuid4()) as client:
                foreign_get = await client.get(f"/v1/connections/{connection}/polling")
                foreign_put = await client.put(
                    f"/v1/connections/{connection}/polling", json={"enabled": True}
                )
            async with gateway.client(tenant_id) as client:
                shop = await factories.create_connection(client)
                webhook_put = await client.put(
                    f"/v1/connections/{shop['id']}/polling", json={"enabled": True}
                )
                webhook_get = await client.get(f"/v1/connections/{shop['id']}/polling")
        assert put.status_code == 200, put.text
        assert put.json()["enabled"] is False
        assert put.json()["interval_seconds"] == 120
        assert too_short.status_code == 422
        assert unknown_field.status_code == 422
        assert (not_a_boolean.status_code, not_a_boolean.json()["field"]) == (422, "enabled")
        assert as_viewer.status_code == 403
        assert read_by_viewer.json()["enabled"] is False
        assert (foreign_get.status_code, foreign_put.status_code) == (404, 404)
        assert webhook_put.status_code == 409  # the connection's kind: not a malformed request
        assert webhook_put.json()["code"] == "not_polled"
        assert webhook_get.json()["enabled"] is False
        assert webhook_get.json()["entities"] == []

    async def test_a_disabled_connection_is_not_polled(
        self, settings_for: SettingsFor, simulator: MplusSimulator, recorder: Any
    ) -> None:
        settings = settings_for()
        tenant_id = uuid.uuid4()
        async with serve(create_app(settings)) as url:
            gateway = running(settings, url)
            bus = await recorder(settings.amqp_url)
            connection = await connect(gateway, tenant_id, **simulator.credentials())
            await wait_until_started(gateway, tenant_id, connection)
            async with gateway.client(tenant_id) as client:
                put = await client.put(
                    f"/v1/connections/{connection}/polling", json={"enabled": False}
                )
            assert put.status_code == 200, put.text
            await polls_settled(gateway, tenant_id, connection)  # one under way may finish
            await seed_orders(simulator, references_of(2))
            await asyncio.sleep(1.5)
        assert announced_orders(bus, tenant_id) == Counter()
