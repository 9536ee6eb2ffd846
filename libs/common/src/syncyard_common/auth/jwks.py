"""The OIDC issuer's signing keys (JWKS), fetched once and kept; re-read when a new kid appears.

An issuer rotates by publishing a new key next to the old one, then signing with it: a token
with an unknown ``kid`` re-reads the JWKS, at most once per ``refresh_seconds`` so a flood of
forged kids cannot turn every request into a fetch. Without a kid in the token, the only key
(of the token's algorithm) is used. Concurrent requests share one fetch. While the issuer
cannot be reached, the keys already read stay in use.
"""

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt

from syncyard_common.egress.trust import trust_store


class KeysUnavailable(Exception):
    """The issuer's discovery document or JWKS could not be read."""


class UnknownKey(Exception):
    """No key of the issuer matches the token's kid (even after a refresh)."""


class JwksCache:
    def __init__(
        self,
        *,
        issuer: str,
        jwks_url: str = "",
        refresh_seconds: float = 30,
        max_age_seconds: float = 3600,
        clock: Callable[[], float] = time.monotonic,
        timeout_seconds: float = 5,
    ) -> None:
        self.issuer = issuer  # exactly as the tokens' iss says it (some end in "/")
        self.jwks_url = jwks_url
        self.refresh_seconds = refresh_seconds
        self.max_age_seconds = max_age_seconds  # keys are re-read this often regardless
        self.clock = clock
        self.timeout_seconds = timeout_seconds
        self.fetches = 0
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None  # the last successful read
        self._tried_at: float | None = None  # the last read, successful or not
        self._lock = asyncio.Lock()

    async def key_for(self, kid: str | None, algorithm: str) -> jwt.PyJWK:
        """The key that verifies a token with this kid and alg; UnknownKey if there is none,
        KeysUnavailable if the issuer's keys were never read."""
        if self._fetched_at is None or self.clock() - self._fetched_at > self.max_age_seconds:
            await self._refresh()
        key = self._match(kid, algorithm)
        if key is None:
            await self._refresh()  # perhaps rotated since (no second read right after the first)
            key = self._match(kid, algorithm)
        if key is None:
            raise UnknownKey(f"The issuer has no signing key {kid or '(no kid)'} for {algorithm}.")
        return key

    def _match(self, kid: str | None, algorithm: str) -> jwt.PyJWK | None:
        if kid is not None:
            key = self._keys.get(kid)
            return key if key is not None and _fits(key, algorithm) else None
        fitting = [k for k in self._keys.values() if _fits(k, algorithm)]
        return fitting[0] if len(fitting) == 1 else None

    async def _refresh(self) -> None:
        """Read the JWKS unless it was tried less than ``refresh_seconds`` ago. A failed read
        keeps the keys already known (an issuer's hiccup must not lock everyone out); with none
        known, it is KeysUnavailable."""
        seen = self._tried_at
        async with self._lock:
            recent = self._tried_at is not None and (
                self._tried_at != seen or self.clock() - self._tried_at < self.refresh_seconds
            )
            if not recent:
                self._tried_at = self.clock()
                try:
                    self._keys = await self._fetch()
                    self._fetched_at = self.clock()
                    self.fetches += 1
                except KeysUnavailable:
                    if not self._keys:
                        raise
        if not self._keys:
            raise KeysUnavailable("The issuer's keys have not been read yet; try again shortly.")

    async def _fetch(self) -> dict[str, jwt.PyJWK]:
        try:
            async with httpx.AsyncClient(
                timeout=self.timeout_seconds, verify=trust_store()
            ) as client:
                url = self.jwks_url or await self._discover(client)
                response = await client.get(url)
                response.raise_for_status()
                document: Any = response.json()
            key_set = jwt.PyJWKSet.from_dict(document)
        except (httpx.HTTPError, ValueError, jwt.PyJWTError) as exc:
            raise KeysUnavailable(f"The issuer's keys could not be read: {exc}") from exc
        return {key.key_id or f"#{n}": key for n, key in enumerate(key_set.keys)}

    async def _discover(self, client: httpx.AsyncClient) -> str:
        base = self.issuer.rstrip("/")
        response = await client.get(f"{base}/.well-known/openid-configuration")
        response.raise_for_status()
        jwks_uri = response.json().get("jwks_uri")
        if not isinstance(jwks_uri, str) or not jwks_uri:
            raise ValueError("the discovery document has no jwks_uri")
        self.jwks_url = jwks_uri  # discovery is read once; the JWKS is what rotates
        return jwks_uri


def _fits(key: jwt.PyJWK, algorithm: str) -> bool:
    # PyJWK infers a key's alg from kty/crv when the JWKS omits it; encryption keys never sign.
    return key.algorithm_name == algorithm and key.public_key_use in {None, "sig"}
