"""OIDC access tokens (RS256/ES256) from a real sign-in, verified against the issuer's JWKS.

Checked: the signature by the issuer's key for the token's ``kid``, ``iss``, ``aud``, ``exp``,
``iat`` and the maximum lifetime; then the tenant and role from the configured claims.
"""

from typing import Any

import jwt

from syncyard_common.auth import claims, jwks
from syncyard_common.auth.principal import Principal
from syncyard_common.auth.tokens import InvalidToken
from syncyard_common.settings import BaseServiceSettings

ALGORITHMS = ("RS256", "ES256")
# The issuer's clock and ours differ a little: a token issued "in a second" is not refused.
CLOCK_SKEW_SECONDS = 30


class OidcVerifier:
    def __init__(self, *, keys: jwks.JwksCache, audience: str, rules: claims.ClaimRules) -> None:
        self.keys = keys
        self.audience = audience
        self.rules = rules

    @classmethod
    def from_settings(cls, settings: BaseServiceSettings) -> "OidcVerifier | None":
        """None when no issuer is configured (development tokens and API keys only)."""
        if not settings.oidc_issuer:
            return None
        keys = jwks.JwksCache(
            issuer=settings.oidc_issuer,
            jwks_url=settings.oidc_jwks_url,
            refresh_seconds=settings.oidc_jwks_refresh_seconds,
        )
        rules = claims.ClaimRules(
            tenant_claim=settings.oidc_tenant_claim,
            role_claim=settings.oidc_role_claim,
            role_map=settings.oidc_role_map,
            max_lifetime_seconds=settings.token_max_lifetime_seconds,
        )
        return cls(keys=keys, audience=settings.oidc_audience or settings.oidc_issuer, rules=rules)

    async def verify(self, token: str, header: dict[str, Any]) -> Principal:
        """The caller the token names; InvalidToken saying why it is refused."""
        algorithm = header.get("alg")
        kid = header.get("kid")
        if algorithm not in ALGORITHMS or not (kid is None or isinstance(kid, str)):
            raise InvalidToken(f"The token's algorithm must be one of {', '.join(ALGORITHMS)}.")
        try:
            key = await self.keys.key_for(kid, algorithm)
            verified = jwt.decode(
                token,
                key.key,
                algorithms=[algorithm],
                audience=self.audience,
                issuer=self.keys.issuer,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
            return claims.to_principal(verified, self.rules)
        except jwks.UnknownKey as exc:
            raise InvalidToken(str(exc)) from None
        except jwt.ExpiredSignatureError:
            raise InvalidToken("The token has expired.") from None
        except jwt.PyJWTError as exc:
            raise InvalidToken(f"The token is invalid: {exc}.") from None
        except claims.ClaimError as exc:
            raise InvalidToken(str(exc)) from None
