"""Ecwid's one-URL-per-app rule through /v1/connections/{id}/webhook-subscriptions: its API
cannot register webhooks, so Syncyard says where to set the URL and which event types (and
refuses register/remove with that), then shows the first signed delivery as the proof, against
the Ecwid simulator whose app registration (its control API) takes the URL."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from syncyard_sim_ecwid.driver import EcwidDriver
from tests.contract.simulators import ecwid_sim
from tests.fixtures.eventually import eventually
from tests.integration.gateway import factories
from tests.integration.gateway.test_webhook_subscriptions import PUBLIC, _client, public_gateway

__all__ = ["public_gateway"]


def store(url: str) -> EcwidDriver:
    """The Ecwid simulator's driver, on a client of its own (``async with`` closes it)."""
    return EcwidDriver(url, store_id=ecwid_sim.STORE_ID, access_token=ecwid_sim.TOKEN)


@pytest.fixture
async def ecwid() -> AsyncIterator[str]:
    """The Ecwid simulator, seeded; its app has no webhook URL until the test sets one."""
    url = ecwid_sim.shared_url()
    async with store(url) as sim:
        await sim.reset(seed=True)
        yield url
        await sim.reset()  # no deliveries left aimed at this test's gateway


async def _state_once_delivered(client: httpx.AsyncClient, path: str) -> dict[str, Any]:
    async def delivered() -> dict[str, Any]:
        state: dict[str, Any] = (await client.get(path)).json()
        assert state["last_delivery_at"], state
        return state

    return await eventually(delivered, timeout=20, interval=0.2, what="a first delivery shown")


async def test_the_ecwid_apps_one_url_is_set_by_hand_and_its_first_delivery_shows(
    public_gateway: str, tenant_id: uuid.UUID, ecwid: str
) -> None:
    async with _client(public_gateway, tenant_id) as client:
        created = await factories.create_connection(
            client,
            connector="ecwid",
            store_id=ecwid_sim.STORE_ID,
            access_token=ecwid_sim.TOKEN,
            client_secret=ecwid_sim.CLIENT_SECRET,
            base_url=ecwid,
        )
        path = f"/v1/connections/{created['id']}/webhook-subscriptions"
        before = (await client.get(path)).json()
        register = await client.put(path, json={"entities": ["orders", "products"]})
        remove = await client.delete(path)
        # The merchant enters the URL in the app's registration (here: the simulator's
        # control API, with the gateway's local address standing in for the public one).
        local_url = created["webhook_url"].replace(PUBLIC, public_gateway)
        async with store(ecwid) as sim:
            await sim.listen(local_url)
            order = ecwid_sim.sample_order()
            await sim.api_call("POST", "/orders", order)
        after = await _state_once_delivered(client, path)

    assert before["registrable"] is False
    assert before["webhook_url"] == f"{PUBLIC}/v1/webhooks/{created['id']}"
    assert before["set_by_hand"]["topics"] == ["order.created", "order.updated"]
    assert before["set_by_hand"]["is_one_url_per_app"] is True
    assert "Webhook URL" in before["set_by_hand"]["where"]
    assert before["last_delivery_at"] is None
    assert register.status_code == 409, register.text
    assert register.json()["code"] == "webhooks_set_in_app"
    assert before["webhook_url"] in register.json()["detail"]
    # The event types to tick are those of the entities asked for.
    expected = "order.created, order.updated, product.created, product.updated"
    assert expected in register.json()["detail"]
    assert remove.status_code == 409
    assert f"remove {before['webhook_url']}" in remove.json()["detail"]
    assert after["last_delivery_at"] is not None, after  # the signed order.created arrived
