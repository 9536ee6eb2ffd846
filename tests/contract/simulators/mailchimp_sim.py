"""Shared pieces of the Mailchimp simulator contract tests: settings and fixtures' bodies.

Record bodies come from the simulator's driver (``syncyard_sim_mailchimp.driver``).
"""

from collections.abc import Iterator

import httpx

from syncyard_common.egress.trust import trust_store
from syncyard_sim_mailchimp.app import create_app
from syncyard_sim_mailchimp.driver import API, member, order, product
from syncyard_sim_mailchimp.settings import SimulatorSettings
from tests.contract.connectors.conftest import serve

KEY = "0123456789abcdef0123456789abcdef-us21"
LIST_ID = "a1b2c3d4e5"
STORE = "contract-store"
STORE_PATH = f"{API}/ecommerce/stores/{STORE}"
MEMBERS_PATH = f"{API}/lists/{LIST_ID}/members"
# Mailchimp's 75-minute retry series squeezed into about a second.
RETRY_SCALE = 0.0002

__all__ = ["MEMBERS_PATH", "STORE_PATH", "member", "order", "product"]


def simulator_url() -> Iterator[str]:
    """Body of the module-scoped `base_url` fixture: an empty simulator with the test key."""
    settings = SimulatorSettings(
        api_key=KEY, list_id=LIST_ID, demo_data=False, webhook_retry_scale=RETRY_SCALE
    )
    with serve(create_app(settings)) as url:
        yield url


def control_client(base_url: str) -> Iterator[httpx.Client]:
    """Body of the `sim` fixture: a control-API client on a freshly reset simulator + store."""
    with httpx.Client(base_url=base_url, timeout=10, verify=trust_store()) as client:
        assert client.post("/_sim/reset", json={"demo_data": False}).status_code == 200
        store = {"id": STORE, "list_id": LIST_ID, "name": "Contract", "currency_code": "EUR"}
        assert client.post("/_sim/stores", json=store).status_code == 201
        yield client


def api_client(base_url: str) -> Iterator[httpx.Client]:
    """Body of the `api` fixture: Basic auth with any user name and the key as password."""
    with httpx.Client(
        base_url=base_url, auth=("syncyard", KEY), timeout=10, verify=trust_store()
    ) as client:
        yield client
