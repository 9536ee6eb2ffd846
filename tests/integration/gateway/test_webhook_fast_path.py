"""The webhook POST is answered in front of FastAPI's routing (webhooks/fast_path.py): what the
REST API's middleware gives every answer must still be there, and nothing else is taken over."""

import uuid

import httpx

from syncyard_common.web.security_headers import API_POLICY
from tests.integration.gateway import factories
from tests.integration.gateway.conftest import RunningGateway

ROUTE = "/v1/webhooks/{connection_id}"


def assert_safe(response: httpx.Response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == API_POLICY
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


def requests_counted(metrics: str, status: int) -> float:
    """syncyard_http_requests_total of the webhook route with ``status`` (0 when absent)."""
    for line in metrics.splitlines():
        if (
            line.startswith("syncyard_http_requests_total{")
            and f'route="{ROUTE}"' in line
            and f'status="{status}"' in line
        ):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def test_answers_carry_the_security_headers_and_are_counted_under_the_route(
    gateway: RunningGateway, tenant_id: uuid.UUID
) -> None:
    async with gateway.client(tenant_id) as api:
        connection_id = (await factories.create_connection(api))["id"]
    body = factories.encode(factories.order_payload())
    forged = factories.webhook_headers(body, signature=factories.sign(body, "wrong-secret"))
    async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as client:
        before = (await client.get("/metrics")).text
        accepted = await client.post(
            f"/v1/webhooks/{connection_id}", content=body, headers=factories.webhook_headers(body)
        )
        refused = await client.post(f"/v1/webhooks/{connection_id}", content=body, headers=forged)
        after = (await client.get("/metrics")).text

    assert accepted.status_code == 200
    assert accepted.headers["content-type"] == "application/json"
    assert accepted.json() == {"status": "accepted"}
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "webhook_signature_invalid"
    for response in (accepted, refused):
        assert_safe(response)
    for status in (200, 401):
        assert requests_counted(after, status) == requests_counted(before, status) + 1


async def test_other_methods_and_paths_are_left_to_the_app(gateway: RunningGateway) -> None:
    async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as client:
        url_check = await client.get(f"/v1/webhooks/{uuid.uuid4()}")  # a vendor's URL check
        deeper = await client.post(f"/v1/webhooks/{uuid.uuid4()}/more", content=b"{}")
        not_allowed = await client.put(f"/v1/webhooks/{uuid.uuid4()}", content=b"{}")

    assert url_check.status_code == 200
    assert url_check.json() == {"status": "ok"}
    assert deeper.status_code == 404
    assert not_allowed.status_code == 405
    assert "POST" in not_allowed.headers["allow"]
    for response in (url_check, deeper, not_allowed):
        assert_safe(response)
