"""An advertised webhook URL works as given: a Mailchimp connection's carries the ?secret=
its intake requires (shown to admins and operators only), and a delivery to it is taken in."""

import urllib.parse
import uuid

import httpx

from syncyard_common.auth.principal import Role
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.test_vendor_webhooks import Mailchimp, connect


async def test_a_mailchimp_webhook_url_works_as_given(
    gateway: RunningGateway, tenant_id: uuid.UUID
) -> None:
    vendor = Mailchimp()
    connection_id = await connect(gateway, tenant_id, vendor)
    async with gateway.client(tenant_id) as client:
        shown = (await client.get(f"/v1/connections/{connection_id}")).json()
    advertised = urllib.parse.urlsplit(shown["webhook_url"])
    assert urllib.parse.parse_qs(advertised.query) == {"secret": [vendor.secret]}
    delivery = vendor.delivery()
    async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as client:
        answer = await client.post(
            f"{advertised.path}?{advertised.query}", headers=delivery.headers, content=delivery.body
        )
    assert answer.status_code == 200, answer.text
    async with gateway.client(tenant_id, role=Role.VIEWER) as viewer:
        seen = (await viewer.get(f"/v1/connections/{connection_id}")).json()
    assert "secret" not in seen["webhook_url"]
