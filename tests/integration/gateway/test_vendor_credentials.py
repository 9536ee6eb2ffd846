"""Every vendor: a wrong credential makes the connection fail with one connection.failed.v1
naming it (one alert), however many health checks follow — never a crash loop."""

import asyncio
import uuid
from typing import Any

import pytest
from pydantic import BaseModel, SecretStr

from syncyard_gateway.main import create_app
from tests.contract.connectors.conftest import mplus_url, shopify_url
from tests.contract.connectors.harnesses import *  # noqa: F403 - every vendor's harness fixture
from tests.contract.connectors.harnesses import VENDORS
from tests.fixtures.eventually import eventually
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.server import serve
from tests.integration.gateway.test_polling import (
    SettingsFor,
    polling_amqp_url,
    recorder,
    running,
    settings_for,
)

__all__ = ["mplus_url", "polling_amqp_url", "recorder", "settings_for", "shopify_url"]
CHECK_SECONDS = 0.3


def revealed(credentials: BaseModel) -> dict[str, Any]:
    """The credentials as the setup form sends them (secrets in clear)."""
    return {
        name: value.get_secret_value() if isinstance(value, SecretStr) else value
        for name, value in credentials
        if value is not None
    }


@pytest.mark.parametrize("vendor", VENDORS)
async def test_wrong_credentials_fail_the_connection_once(
    vendor: str,
    harness: Any,
    settings_for: SettingsFor,
    recorder: Any,
) -> None:
    settings = settings_for(
        poll_interval_seconds=3600.0, health_check_interval_seconds=CHECK_SECONDS
    )
    tenant_id = uuid.uuid4()
    wrong = revealed(harness.wrong_credentials())
    async with serve(create_app(settings)) as url:
        gateway = running(settings, url)
        bus: BusRecorder = await recorder(settings.amqp_url)
        async with gateway.client(tenant_id) as client:
            created = await client.post(
                "/v1/connections",
                json={"name": f"{vendor} shop", "connector": vendor, "credentials": wrong},
            )
            assert created.status_code == 201, created.text
            connection = created.json()["id"]
            # The explicit test says why, without the secret.
            tested = await client.post(f"/v1/connections/{connection}/test")
            failed = await eventually(
                lambda: bus.of_tenant(tenant_id, "connection.failed.v1"), timeout=15
            )
            await asyncio.sleep(CHECK_SECONDS * 6)  # several more refused checks
            shown = (await client.get(f"/v1/connections/{connection}")).json()
    assert tested.json()["ok"] is False, tested.text
    assert len(bus.of_tenant(tenant_id, "connection.failed.v1")) == 1
    assert failed[0].payload["name"] == f"{vendor} shop"
    assert failed[0].payload["connection_id"] == connection
    assert shown["status"] == "failing"
    for secret in (v for k, v in wrong.items() if k not in ("base_url", "name")):
        if isinstance(secret, str) and len(secret) > 8 and "http" not in secret:
            assert secret not in str(failed[0].payload)
            assert secret not in tested.text
