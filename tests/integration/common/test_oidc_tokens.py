"""OIDC access tokens verified against a JWKS served locally: RS256, ES256, rotation, iss/aud."""

import time
import uuid
from collections.abc import AsyncIterator

import jwt
import pytest

from syncyard_common.auth import claims, jwks, oidc
from syncyard_common.auth.principal import Principal, Role
from syncyard_common.auth.tokens import InvalidToken
from tests.integration.common.issuer import AUDIENCE, LocalIssuer, running_issuer


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def issuer() -> AsyncIterator[LocalIssuer]:
    async with running_issuer() as local:
        yield local


def verifier_for(
    issuer: LocalIssuer, clock: Clock | None = None, **rules: object
) -> oidc.OidcVerifier:
    keys = jwks.JwksCache(issuer=issuer.url, refresh_seconds=30, clock=clock or Clock())
    return oidc.OidcVerifier(keys=keys, audience=AUDIENCE, rules=claims.ClaimRules(**rules))  # type: ignore[arg-type]


async def verify(verifier: oidc.OidcVerifier, token: str) -> Principal:
    return await verifier.verify(token, jwt.get_unverified_header(token))


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
async def test_a_token_signed_by_the_issuers_key_names_its_tenant_and_role(
    issuer: LocalIssuer, algorithm: str
) -> None:
    key = issuer.new_key(algorithm)
    tenant = uuid.uuid4()
    token = issuer.token(key, tenant_id=str(tenant), role="operator")

    principal = await verify(verifier_for(issuer), token)

    assert principal.tenant_id == tenant
    assert principal.role is Role.OPERATOR
    assert principal.subject == "user-1"


async def test_tenant_and_role_come_from_the_configured_claims_and_role_map(
    issuer: LocalIssuer,
) -> None:
    key = issuer.new_key("RS256")
    tenant = uuid.uuid4()
    token = issuer.token(
        key,
        **{"https://syncyard.example/tenant": str(tenant)},
        realm_access={"roles": ["offline_access", "sync-readers", "sync-admins"]},
    )
    verifier = verifier_for(
        issuer,
        tenant_claim="https://syncyard.example/tenant",
        role_claim="realm_access.roles",
        role_map={"sync-admins": Role.ADMIN, "sync-readers": Role.VIEWER},
    )

    principal = await verify(verifier, token)

    assert principal.tenant_id == tenant
    assert principal.role is Role.ADMIN  # the strongest wins


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"iss": "https://someone-else.example"}, "issuer"),
        ({"aud": "another-api"}, "audience"),
        ({"aud": None}, "aud"),
        ({"ttl": -60}, "expired"),
        ({"ttl": 2 * 86400}, "longer than"),
        ({"tenant_id": 42}, "tenant_id"),
        ({"role": "owner"}, "no known role"),
    ],
)
async def test_a_token_the_issuer_did_not_mean_for_us_is_refused(
    issuer: LocalIssuer, changes: dict[str, object], reason: str
) -> None:
    key = issuer.new_key("ES256")
    claims_in: dict[str, object] = {"tenant_id": str(uuid.uuid4()), "role": "admin", **changes}
    token = issuer.token(key, **claims_in)  # type: ignore[arg-type]

    with pytest.raises(InvalidToken, match=f"(?i){reason}"):
        await verify(verifier_for(issuer), token)


async def test_a_key_the_issuer_never_published_is_refused(issuer: LocalIssuer) -> None:
    issuer.new_key("RS256")
    forged = issuer.new_key("RS256", publish=False)
    token = issuer.token(forged, tenant_id=str(uuid.uuid4()), role="admin")

    with pytest.raises(InvalidToken, match="no signing key"):
        await verify(verifier_for(issuer), token)


async def test_a_rotated_key_is_accepted_once_the_jwks_is_read_again(issuer: LocalIssuer) -> None:
    clock = Clock()
    verifier = verifier_for(issuer, clock)
    old = issuer.new_key("RS256")
    tenant = str(uuid.uuid4())
    await verify(verifier, issuer.token(old, tenant_id=tenant, role="viewer"))
    assert issuer.jwks_reads == 1

    new = issuer.new_key("RS256")  # the issuer rotates: publishes a new key, signs with it
    clock.now += 31
    principal = await verify(verifier, issuer.token(new, tenant_id=tenant, role="viewer"))

    assert principal.role is Role.VIEWER
    assert issuer.jwks_reads == 2
    await verify(verifier, issuer.token(old, tenant_id=tenant, role="viewer"))  # both kept
    assert issuer.jwks_reads == 2


async def test_unknown_kids_re_read_the_jwks_at_most_once_per_refresh_interval(
    issuer: LocalIssuer,
) -> None:
    clock = Clock()
    verifier = verifier_for(issuer, clock)
    issuer.new_key("RS256")
    forged = issuer.new_key("RS256", publish=False)
    tenant = str(uuid.uuid4())

    for _ in range(20):
        with pytest.raises(InvalidToken):
            await verify(verifier, issuer.token(forged, tenant_id=tenant, role="admin"))
        clock.now += 1

    assert issuer.jwks_reads == 1  # 20 s of unknown kids: no re-read before 30 s
    clock.now += 10
    with pytest.raises(InvalidToken):
        await verify(verifier, issuer.token(forged, tenant_id=tenant, role="admin"))
    assert issuer.jwks_reads == 2


async def test_an_unreachable_issuer_is_a_keys_unavailable_error() -> None:
    keys = jwks.JwksCache(issuer="http://127.0.0.1:9", timeout_seconds=1)

    with pytest.raises(jwks.KeysUnavailable):
        await keys.key_for("any", "RS256")


async def test_a_configured_jwks_url_is_read_without_discovery(issuer: LocalIssuer) -> None:
    key = issuer.new_key("ES256")
    keys = jwks.JwksCache(issuer="https://issuer.example/", jwks_url=f"{issuer.url}/jwks")

    found = await keys.key_for(key.kid, "ES256")

    assert found.key_id == key.kid
    with pytest.raises(jwks.UnknownKey):
        await keys.key_for(key.kid, "RS256")  # a key signs with its own algorithm only


async def test_an_issuer_outage_keeps_the_keys_already_read(issuer: LocalIssuer) -> None:
    clock = Clock()
    verifier = verifier_for(issuer, clock)
    key = issuer.new_key("RS256")
    token = issuer.token(key, tenant_id=str(uuid.uuid4()), role="admin")
    await verify(verifier, token)

    issuer.is_down = True
    clock.now += 7200  # past the keys' maximum age: a re-read is due, and fails

    assert (await verify(verifier, token)).role is Role.ADMIN
    assert (await verify(verifier, token)).role is Role.ADMIN
    assert issuer.jwks_reads == 2  # one failed re-read, not one per request


async def test_without_keys_an_issuer_outage_is_keys_unavailable_tried_once_per_interval(
    issuer: LocalIssuer,
) -> None:
    clock = Clock()
    verifier = verifier_for(issuer, clock)
    key = issuer.new_key("ES256")
    token = issuer.token(key, tenant_id=str(uuid.uuid4()), role="admin")
    issuer.is_down = True

    for _ in range(3):
        with pytest.raises(jwks.KeysUnavailable):
            await verify(verifier, token)
    assert issuer.jwks_reads == 1

    issuer.is_down = False
    clock.now += 30
    assert (await verify(verifier, token)).role is Role.ADMIN


async def test_a_token_issued_by_a_clock_a_little_ahead_is_accepted(issuer: LocalIssuer) -> None:
    key = issuer.new_key("RS256")
    ahead = int(time.time()) + 10
    token = issuer.token(key, tenant_id=str(uuid.uuid4()), role="viewer", iat=ahead)

    assert (await verify(verifier_for(issuer), token)).role is Role.VIEWER
