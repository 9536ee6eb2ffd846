"""Claims → principal: a malformed claim is a named refusal, never a crash; lifetimes bounded."""

import time
import uuid
from typing import Any

import jwt
import pytest

from syncyard_common.auth import claims, tokens
from syncyard_common.auth.principal import Role

SECRET = "unit-test-secret-of-a-decent-length-0123456789"
NOW = int(time.time())  # PyJWT refuses an iat in the future
GOOD: dict[str, Any] = {
    "sub": "cli",
    "tenant_id": str(uuid.uuid4()),
    "role": "admin",
    "aud": "syncyard",
    "iat": NOW,
    "exp": NOW + 3600,
}
NOT_A_STRING = [42, 4.2, True, None, [], [str(uuid.uuid4())], {"id": "x"}]

MALFORMED = [
    *[({"tenant_id": value}, "tenant_id") for value in NOT_A_STRING],
    ({"tenant_id": "not-a-uuid"}, "tenant_id"),
    ({"tenant_id": ""}, "tenant_id"),
    *[
        ({"role": value}, "role")
        for value in [42, None, {"admin": True}, [], [1], "owner", "ADMIN"]
    ],
    *[({"sub": value}, "sub") for value in [None, "", 7, ["cli"]]],
    ({"iat": None}, "iat"),
    ({"exp": None}, "exp"),
    ({"iat": "yesterday"}, "iat"),
    ({"exp": True}, "exp"),
    ({"exp": NOW + 86401}, "longer than"),
    ({"exp": NOW - 1}, "after its iat"),
]


@pytest.mark.parametrize(("changes", "named"), MALFORMED)
def test_a_malformed_claim_is_refused_naming_it(changes: dict[str, Any], named: str) -> None:
    body = {**GOOD, **changes}
    body = {k: v for k, v in body.items() if v is not None}

    with pytest.raises(claims.ClaimError, match=named):
        claims.to_principal(body, claims.ClaimRules())


def _dev_token(**changes: Any) -> str:
    body = {**GOOD, **changes}
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode(body, SECRET, algorithm="HS256")


@pytest.mark.parametrize(("changes", "named"), MALFORMED)
def test_a_development_token_with_a_malformed_claim_is_invalid_not_a_crash(
    changes: dict[str, Any], named: str
) -> None:
    with pytest.raises(tokens.InvalidToken):
        tokens.decode(_dev_token(**changes), secret=SECRET)


def test_a_token_for_the_year_3000_is_refused() -> None:
    token = _dev_token(iat=NOW, exp=32503680000)

    with pytest.raises(tokens.InvalidToken, match="longer than the allowed 86400 seconds"):
        tokens.decode(token, secret=SECRET)


def test_a_minted_token_decodes_to_its_principal() -> None:
    tenant = uuid.uuid4()

    principal = tokens.decode(
        tokens.mint(tenant_id=tenant, role=Role.VIEWER, secret=SECRET, ttl_seconds=86400),
        secret=SECRET,
    )

    assert (principal.tenant_id, principal.role, principal.subject) == (tenant, Role.VIEWER, "cli")


def test_the_lifetime_limit_is_a_setting() -> None:
    token = tokens.mint(tenant_id=uuid.uuid4(), role=Role.ADMIN, secret=SECRET, ttl_seconds=7200)

    with pytest.raises(tokens.InvalidToken, match="3600 seconds"):
        tokens.decode(token, secret=SECRET, max_lifetime_seconds=3600)


def test_a_role_map_admits_only_the_mapped_values() -> None:
    rules = claims.ClaimRules(role_map={"sync-ops": Role.OPERATOR})

    assert claims.to_principal({**GOOD, "role": ["x", "sync-ops"]}, rules).role is Role.OPERATOR
    with pytest.raises(claims.ClaimError, match="sync-ops"):
        claims.to_principal({**GOOD, "role": "admin"}, rules)  # not mapped: not a role here


def test_the_mint_tool_prints_a_token_the_services_accept(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from syncyard_common.auth import mint
    from syncyard_common.settings import BaseServiceSettings

    tenant = uuid.uuid4()
    mint.main(["--tenant", str(tenant), "--role", "operator"])

    secret = BaseServiceSettings().jwt_secret.get_secret_value()
    principal = tokens.decode(capsys.readouterr().out.strip(), secret=secret)
    assert (principal.tenant_id, principal.role) == (tenant, Role.OPERATOR)


def test_the_mint_tool_refuses_a_lifetime_the_services_would_refuse() -> None:
    from syncyard_common.auth import mint

    with pytest.raises(SystemExit):
        mint.main(["--tenant", str(uuid.uuid4()), "--ttl", str(7 * 86400)])
