"""A local OIDC issuer for tests: key pairs made here, discovery and JWKS served over HTTP."""

import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.integration.gateway.server import serve

AUDIENCE = "syncyard-api"


@dataclass
class SigningKey:
    kid: str
    algorithm: str
    private: Any

    def public_jwk(self) -> dict[str, Any]:
        maker = (
            jwt.algorithms.RSAAlgorithm if self.algorithm == "RS256" else jwt.algorithms.ECAlgorithm
        )
        jwk: dict[str, Any] = maker.to_jwk(self.private.public_key(), as_dict=True)
        return {**jwk, "kid": self.kid, "use": "sig"}


@dataclass
class LocalIssuer:
    url: str = ""
    keys: dict[str, SigningKey] = field(default_factory=dict)
    published: list[str] = field(default_factory=list)  # kids in the JWKS right now
    jwks_reads: int = 0
    is_down: bool = False  # the JWKS answers 503 (an outage of the issuer)

    def new_key(self, algorithm: str, *, publish: bool = True) -> SigningKey:
        """A fresh key pair (RS256: RSA 2048; ES256: P-256), in the JWKS unless told not."""
        private = (
            rsa.generate_private_key(public_exponent=65537, key_size=2048)
            if algorithm == "RS256"
            else ec.generate_private_key(ec.SECP256R1())
        )
        key = SigningKey(
            kid=f"{algorithm.lower()}-{uuid.uuid4().hex[:8]}", algorithm=algorithm, private=private
        )
        self.keys[key.kid] = key
        if publish:
            self.published.append(key.kid)
        return key

    def token(self, key: SigningKey, **claims: Any) -> str:
        """A token signed by ``key`` living ``ttl`` seconds (600); claims given as None are
        left out."""
        now = int(time.time())
        ttl = int(claims.pop("ttl", 600))
        body: dict[str, Any] = {
            "iss": self.url,
            "aud": AUDIENCE,
            "sub": "user-1",
            "iat": now,
            "exp": now + ttl,
            **claims,
        }
        body = {name: value for name, value in body.items() if value is not None}
        return jwt.encode(body, key.private, algorithm=key.algorithm, headers={"kid": key.kid})

    async def _discovery(self, _: Request) -> JSONResponse:
        return JSONResponse({"issuer": self.url, "jwks_uri": f"{self.url}/jwks"})

    async def _jwks(self, _: Request) -> JSONResponse:
        self.jwks_reads += 1
        if self.is_down:
            return JSONResponse({"error": "down"}, status_code=503)
        return JSONResponse({"keys": [self.keys[kid].public_jwk() for kid in self.published]})

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self._discovery),
                Route("/jwks", self._jwks),
            ]
        )


@asynccontextmanager
async def running_issuer() -> AsyncIterator[LocalIssuer]:
    issuer = LocalIssuer()
    async with serve(issuer.app()) as url:
        issuer.url = url
        yield issuer
