"""An unauthenticated GET of a webhook URL tells nobody whether the connection exists."""

import uuid

import httpx

from tests.integration.gateway import factories
from tests.integration.gateway.conftest import RunningGateway


async def test_a_webhook_url_check_answers_alike_for_real_unknown_and_malformed_ids(
    gateway: RunningGateway, tenant_id: uuid.UUID
) -> None:
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client)
    answers = []
    async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as anonymous:
        for path_id in (created["id"], str(uuid.uuid4()), "not-an-id"):
            response = await anonymous.get(f"/v1/webhooks/{path_id}")
            answers.append((response.status_code, response.content))
    assert answers == [(200, b'{"status":"ok"}')] * 3
