"""A machine client's API key, created on the gateway, reads the tenant's own data from all
five running services until it is revoked; a malformed token is a 401 everywhere."""

import time

import jwt

from tests.e2e.journey import Journey, JourneyFactory


def tenant_reads(journey: Journey) -> dict[str, str]:
    """One read of the tenant's own data per service (each answers 200 to its tenant)."""
    urls, integration = journey.urls, journey.seeded.integration_id
    return {
        "gateway": f"{urls.gateway}/v1/connections/{journey.seeded.shopify_connection_id}",
        "orchestrator": f"{urls.orchestrator}/v1/integrations/{integration}",
        "mapper": f"{urls.mapper}/v1/integrations/{integration}/value-maps",
        "logger": f"{urls.logger}/v1/integrations/{integration}/log",
        "notifier": f"{urls.notifier}/v1/channels",
    }


async def test_an_api_key_reads_every_service_until_it_is_revoked(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey(subscribe_webhook=False)
    keys = f"{journey.urls.gateway}/v1/api-keys"
    created = await journey.api.post(keys, json={"name": "nightly export", "role": "viewer"})
    assert created.status_code == 201, created.text
    key = created.json()

    for service, url in tenant_reads(journey).items():
        answer = await journey.plain.get(url, headers={"X-API-Key": key["secret"]})
        assert answer.status_code == 200, (service, answer.text)
    listed = (await journey.api.get(keys)).json()
    assert [(k["id"], k["name"]) for k in listed] == [(key["id"], "nightly export")]
    assert listed[0]["last_used_at"] is not None

    assert (await journey.api.delete(f"{keys}/{key['id']}")).status_code == 204
    for service, url in tenant_reads(journey).items():
        bearer = {"Authorization": f"Bearer {key['secret']}"}
        answer = await journey.plain.get(url, headers=bearer)
        assert answer.status_code == 401, (service, answer.text)
        assert answer.json()["code"] == "invalid_api_key"


async def test_a_token_with_a_numeric_tenant_or_a_thousand_year_life_is_401_everywhere(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey(subscribe_webhook=False)
    now = int(time.time())
    claims = {"sub": "cli", "role": "admin", "aud": "syncyard", "iat": now}
    numeric = {**claims, "tenant_id": 42, "exp": now + 600}
    forever = {**claims, "tenant_id": str(journey.seeded.tenant_id), "exp": 32503680000}
    for body in (numeric, forever):
        token = jwt.encode(body, journey.system.jwt_secret, algorithm="HS256")
        for service, url in tenant_reads(journey).items():
            answer = await journey.plain.get(url, headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 401, (service, answer.text)
            assert answer.headers["content-type"] == "application/problem+json"
