"""Every service accepts development tokens, OIDC access tokens and API keys, and answers a
malformed or over-long token with 401 problem+json, never 500."""

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pytest
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.db import tenant_scope
from syncyard_common.egress.trust import trust_store
from tests.integration.common.five_services import READ_PATHS, five_services
from tests.integration.common.issuer import AUDIENCE, LocalIssuer, running_issuer

SECRET = "sign-in-tests-signing-secret-0123456789"
SERVICES = list(READ_PATHS)


@pytest.fixture(scope="module")
async def issuer() -> AsyncIterator[LocalIssuer]:
    async with running_issuer() as local:
        yield local


@pytest.fixture(scope="module")
async def services(
    postgres_url: str, rabbitmq_url: str, issuer: LocalIssuer
) -> AsyncIterator[dict[str, str]]:
    async with five_services(
        database_url=postgres_url,
        amqp_url=rabbitmq_url,
        jwt_secret=SecretStr(SECRET),
        oidc_issuer=issuer.url,
        oidc_audience=AUDIENCE,
        oidc_role_claim="groups",
        oidc_role_map={"syncyard-admins": "admin", "syncyard-viewers": "viewer"},
        oidc_jwks_refresh_seconds=0,  # rotation is seen at once (the rate limit: unit-tested)
    ) as urls:
        yield urls


async def call(url: str, path: str, method: str = "GET", **kwargs: Any) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url, timeout=30, verify=trust_store()) as client:
        return await client.request(method, path, **kwargs)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def dev_token(**changes: Any) -> str:
    now = int(time.time())
    claims = {
        "sub": "cli",
        "tenant_id": str(uuid.uuid4()),
        "role": "admin",
        "aud": "syncyard",
        "iat": now,
        "exp": now + 3600,
        **changes,
    }
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, SECRET, "HS256")


MALFORMED: list[dict[str, Any]] = [
    {"tenant_id": 42},
    {"tenant_id": ["a"]},
    {"tenant_id": {"id": "a"}},
    {"tenant_id": True},
    {"tenant_id": "not-a-uuid"},
    {"role": "owner"},
    {"role": 5},
    {"sub": None},
    {"sub": 7},
    {"iat": None},
    {"exp": None},
    {"exp": 32503680000},  # the year 3000
]


@pytest.mark.parametrize("changes", MALFORMED, ids=[str(c) for c in MALFORMED])
async def test_a_malformed_token_is_a_401_problem_on_every_service(
    services: dict[str, str], changes: dict[str, Any]
) -> None:
    token = dev_token(**changes)
    for service, url in services.items():
        response = await call(url, READ_PATHS[service], headers=bearer(token))
        assert response.status_code == 401, (service, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "invalid_token"


async def test_garbage_credentials_are_401_on_every_service(services: dict[str, str]) -> None:
    for service, url in services.items():
        for headers in (
            {},
            bearer("not.a.jwt"),
            bearer("sk_unknown"),
            {"X-API-Key": "sk_unknown"},
            {"Authorization": "Basic dXNlcjpwdw=="},
        ):
            response = await call(url, READ_PATHS[service], headers=headers)
            assert response.status_code == 401, (service, headers, response.text)
            assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
async def test_an_oidc_access_token_is_accepted_by_every_service(
    services: dict[str, str], issuer: LocalIssuer, algorithm: str
) -> None:
    key = issuer.new_key(algorithm)  # a new kid each time: also the rotation path
    token = issuer.token(key, tenant_id=str(uuid.uuid4()), groups=["syncyard-viewers"])
    for service, url in services.items():
        response = await call(url, READ_PATHS[service], headers=bearer(token))
        assert response.status_code in (200, 404), (service, response.text)


async def test_an_oidc_token_for_another_audience_or_issuer_is_refused_everywhere(
    services: dict[str, str], issuer: LocalIssuer
) -> None:
    key = issuer.new_key("RS256")
    tenant = str(uuid.uuid4())
    for wrong in ({"aud": "another-api"}, {"iss": "https://evil.example"}):
        token = issuer.token(key, tenant_id=tenant, groups=["syncyard-admins"], **wrong)
        for service, url in services.items():
            response = await call(url, READ_PATHS[service], headers=bearer(token))
            assert response.status_code == 401, (service, wrong, response.text)


async def test_an_api_key_works_everywhere_until_it_is_revoked(
    services: dict[str, str], postgres_url: str
) -> None:
    tenant = uuid.uuid4()
    admin = bearer(tokens.mint(tenant_id=tenant, role=Role.ADMIN, secret=SECRET))
    gateway = services["gateway"]

    created = await call(
        gateway, "/v1/api-keys", "POST", headers=admin, json={"name": "erp", "role": "operator"}
    )
    assert created.status_code == 201, created.text
    key = created.json()
    assert key["secret"].startswith("sk_")
    assert key["last_used_at"] is None

    for i, (service, url) in enumerate(services.items()):
        # Both ways of sending a key, alternately.
        headers = bearer(key["secret"]) if i % 2 else {"X-API-Key": key["secret"]}
        response = await call(url, READ_PATHS[service], headers=headers)
        assert response.status_code in (200, 404), (service, response.text)

    listed = (await call(gateway, "/v1/api-keys", headers=admin)).json()
    assert [k["id"] for k in listed] == [key["id"]]
    assert "secret" not in listed[0]
    assert listed[0]["last_used_at"] is not None
    assert listed[0]["role"] == "operator"
    engine = create_async_engine(postgres_url, connect_args=tenant_scope.CONNECT_ARGS)
    async with engine.connect() as connection:
        stored = (
            await connection.execute(
                text("SELECT secret_hash FROM gateway.api_key WHERE id = :id"), {"id": key["id"]}
            )
        ).scalar()
    await engine.dispose()
    assert stored != key["secret"]
    assert isinstance(stored, str)
    assert len(stored) == 64

    other_tenant = bearer(tokens.mint(tenant_id=uuid.uuid4(), role=Role.ADMIN, secret=SECRET))
    assert (
        await call(gateway, f"/v1/api-keys/{key['id']}", "DELETE", headers=other_tenant)
    ).status_code == 404
    revoked = await call(gateway, f"/v1/api-keys/{key['id']}", "DELETE", headers=admin)
    assert revoked.status_code == 204

    for service, url in services.items():
        response = await call(url, READ_PATHS[service], headers={"X-API-Key": key["secret"]})
        assert response.status_code == 401, (service, response.text)
        assert response.json()["code"] == "invalid_api_key"


async def test_an_api_key_has_only_its_role(services: dict[str, str]) -> None:
    tenant = uuid.uuid4()
    admin = bearer(tokens.mint(tenant_id=tenant, role=Role.ADMIN, secret=SECRET))
    gateway = services["gateway"]
    viewer_key = (
        await call(
            gateway, "/v1/api-keys", "POST", headers=admin, json={"name": "bi", "role": "viewer"}
        )
    ).json()["secret"]

    as_viewer = {"X-API-Key": viewer_key}
    assert (await call(gateway, "/v1/api-keys", headers=as_viewer)).status_code == 403
    creating = await call(
        gateway,
        "/v1/connections",
        "POST",
        headers=as_viewer,
        json={"name": "x", "connector": "shopify", "credentials": {}},
    )
    assert creating.status_code == 403


async def test_creating_a_key_checks_its_role_and_name(services: dict[str, str]) -> None:
    admin = bearer(tokens.mint(tenant_id=uuid.uuid4(), role=Role.ADMIN, secret=SECRET))
    for body, field in (
        ({"name": "x", "role": "owner"}, "role"),
        ({"name": "", "role": "admin"}, "name"),
    ):
        response = await call(services["gateway"], "/v1/api-keys", "POST", headers=admin, json=body)
        assert response.status_code == 422
        assert response.json()["field"] == field


async def test_a_repeated_create_with_the_same_idempotency_key_never_shows_the_secret_again(
    services: dict[str, str], postgres_url: str
) -> None:
    tenant = uuid.uuid4()
    admin = bearer(tokens.mint(tenant_id=tenant, role=Role.ADMIN, secret=SECRET))
    headers = {**admin, "Idempotency-Key": str(uuid.uuid4())}
    body = {"name": "erp", "role": "viewer"}
    gateway = services["gateway"]

    first = await call(gateway, "/v1/api-keys", "POST", headers=headers, json=body)
    again = await call(gateway, "/v1/api-keys", "POST", headers=headers, json=body)

    assert first.status_code == 201
    assert first.headers["cache-control"] == "no-store"
    assert again.status_code == 409
    assert again.json()["code"] == "idempotent_answer_not_kept"
    assert first.json()["secret"] not in again.text
    assert len((await call(gateway, "/v1/api-keys", headers=admin)).json()) == 1
    engine = create_async_engine(postgres_url, connect_args=tenant_scope.CONNECT_ARGS)
    async with engine.connect() as connection:
        kept = (
            await connection.execute(
                text("SELECT body FROM gateway.idempotency_key WHERE tenant_id = :t"),
                {"t": tenant},
            )
        ).scalar()
    await engine.dispose()
    assert kept is not None
    assert first.json()["secret"].encode() not in bytes(kept)
