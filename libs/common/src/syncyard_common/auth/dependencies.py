"""FastAPI dependencies: the caller's principal from the bearer token, and role checks."""

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Principal, Role
from syncyard_common.web.errors import Forbidden, Unauthorized

_bearer = HTTPBearer(auto_error=False)


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("missing_token", "A bearer token is required.")
    secret = request.app.state.settings.jwt_secret.get_secret_value()
    try:
        return tokens.decode(credentials.credentials, secret=secret)
    except tokens.InvalidToken:
        raise Unauthorized("invalid_token", "The bearer token is invalid or expired.") from None


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require_role(*roles: Role) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency that lets only the given roles through (deny by default)."""

    async def check(principal: PrincipalDep) -> Principal:
        if principal.role not in roles:
            raise Forbidden("forbidden", f"This needs one of the roles: {', '.join(roles)}.")
        return principal

    return check


WriterDep = Annotated[Principal, Depends(require_role(Role.ADMIN, Role.OPERATOR))]
