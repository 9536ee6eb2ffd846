"""FastAPI dependencies: the caller's principal from its credential, and role checks.

Three credentials are accepted, told apart without guessing: an API key (``X-API-Key``, or a
bearer starting ``sk_``), a development token (HS256, signed with SYNCYARD_JWT_SECRET) and an
OIDC access token (RS256/ES256, verified against the configured issuer's JWKS).
"""

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.auth import api_keys, jwks, oidc, tokens
from syncyard_common.auth.principal import Principal, Role
from syncyard_common.db import tenant_scope
from syncyard_common.web.errors import Forbidden, ServiceUnavailable, Unauthorized

_bearer = HTTPBearer(auto_error=False, description="A development or OIDC token, or an API key.")
_UNDEFINED_TABLE = "42P01"  # SQLSTATE: the table does not exist (yet)
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key (sk_...).")


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key)],
) -> Principal:
    if api_key is not None:
        return await _by_api_key(request, api_key)
    if credentials is None:
        raise Unauthorized("missing_token", "A bearer token or an X-API-Key is required.")
    if api_keys.looks_like_key(credentials.credentials):
        return await _by_api_key(request, credentials.credentials)
    try:
        return await _by_token(request, credentials.credentials)
    except tokens.InvalidToken as exc:
        raise Unauthorized("invalid_token", str(exc)) from None


async def _by_token(request: Request, token: str) -> Principal:
    settings = request.app.state.settings
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise tokens.InvalidToken("The bearer token is not a JWT.") from None
    if header.get("alg") == "HS256":
        return tokens.decode(
            token,
            secret=settings.jwt_secret.get_secret_value(),
            max_lifetime_seconds=settings.token_max_lifetime_seconds,
        )
    verifier = _oidc_verifier(request)
    if verifier is None:
        raise tokens.InvalidToken("Only development tokens (HS256): no OIDC issuer is configured.")
    try:
        return await verifier.verify(token, header)
    except jwks.KeysUnavailable:
        raise ServiceUnavailable(
            "identity_provider_unavailable",
            "The sign-in provider's keys cannot be read just now; try again shortly.",
            extra={"retry_after": 5},
        ) from None


def _oidc_verifier(request: Request) -> oidc.OidcVerifier | None:
    """One verifier (and key cache) per app, made on first use; no await, so no race."""
    state = request.app.state
    if not hasattr(state, "oidc_verifier"):
        state.oidc_verifier = oidc.OidcVerifier.from_settings(state.settings)
    verifier: oidc.OidcVerifier | None = state.oidc_verifier
    return verifier


async def _by_api_key(request: Request, secret: str) -> Principal:
    # Every service's lifespan yields its engine into the request state.
    engine: AsyncEngine | None = getattr(request.state, "engine", None)
    if engine is None:
        raise _keys_unavailable()
    try:
        async with engine.connect() as connection:
            principal = await api_keys.authenticate(connection, secret)
    except ProgrammingError as exc:
        if getattr(exc.orig, "sqlstate", None) != _UNDEFINED_TABLE:
            raise
        raise _keys_unavailable() from None  # the gateway has not migrated yet
    if principal is None:
        raise Unauthorized("invalid_api_key", "The API key is unknown or has been revoked.")
    return principal


def _keys_unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(
        "api_keys_unavailable",
        "API keys cannot be checked yet (the connector gateway creates their table); "
        "try again shortly.",
        extra={"retry_after": 5},
    )


async def tenant_scoped_principal(
    request: Request, principal: Annotated[Principal, Depends(current_principal)]
) -> AsyncIterator[Principal]:
    """The caller, with the request's database transactions narrowed to its tenant (row-level
    security, ``db/tenant_scope.py``). Async on purpose: a sync dependency runs in a thread
    whose context variables the endpoint never sees. An admin of the platform's own tenant
    (``platform_tenant_id``, where a service has one) works across tenants: system scope."""
    platform = getattr(request.app.state.settings, "platform_tenant_id", None)
    everyone = principal.role is Role.ADMIN and principal.tenant_id == platform
    with tenant_scope.tenant(None if everyone else principal.tenant_id):
        yield principal


PrincipalDep = Annotated[Principal, Depends(tenant_scoped_principal)]


def require_role(*roles: Role) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency that lets only the given roles through (deny by default)."""

    async def check(principal: PrincipalDep) -> Principal:
        if principal.role not in roles:
            raise Forbidden("forbidden", f"This needs one of the roles: {', '.join(roles)}.")
        return principal

    return check


WriterDep = Annotated[Principal, Depends(require_role(Role.ADMIN, Role.OPERATOR))]
AdminDep = Annotated[Principal, Depends(require_role(Role.ADMIN))]
