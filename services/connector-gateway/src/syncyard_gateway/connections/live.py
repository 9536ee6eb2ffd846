"""Turn a stored connection into a live connector: decrypt, re-check targets, share a client."""

import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Protocol

from fastapi import Depends, Request
from pydantic import BaseModel

from syncyard_common import sealing
from syncyard_gateway.connections import credentials
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base, by_name
from syncyard_gateway.connectors import errors as connector_errors
from syncyard_gateway.connectors.pacing import UNPACED, Pacer, RatePolicy
from syncyard_gateway.egress import guard
from syncyard_gateway.egress.clients import ClientPool

# A webhook's signature check needs the connection's secret: decrypting and re-validating it
# for every delivery is work wasted on the hottest path. A verifier is kept per connection
# while its sealed credentials stay the same (any change or key rotation re-seals them with a
# fresh nonce), and for a short while only, so secrets of unused connections do not linger.
VERIFIER_TTL_SECONDS = 60.0
VERIFIERS_KEPT = 10_000


class KeysUnavailable(RuntimeError):
    """No valid credential keys are configured (the service reports itself not ready)."""


@dataclass(frozen=True)
class _KeptVerifier:
    sealed: sealing.Sealed
    connector: base.Connector
    expires_at: float


class Budgets(Protocol):
    """The request budgets calls are paced by (request_budget/pacer.py, given by main.py)."""

    def pacer(self, account: str, policy: RatePolicy) -> Pacer: ...


@dataclass
class ConnectorFactory:
    """What every use of a connection needs; one per process, built in the lifespan."""

    keyring: sealing.KeyRing | None
    clients: ClientPool
    allow_private_targets: bool
    budgets: Budgets | None = None
    verifier_ttl_seconds: float = VERIFIER_TTL_SECONDS
    clock: Callable[[], float] = time.monotonic
    _verifiers: dict[uuid.UUID, _KeptVerifier] = field(default_factory=dict, repr=False)
    _swept_at: float = field(default=0.0, repr=False)

    def require_keyring(self) -> sealing.KeyRing:
        if self.keyring is None:
            raise KeysUnavailable("SYNCYARD_CREDENTIAL_KEYS is missing or invalid")
        return self.keyring

    def unseal(self, record: ConnectionRecord) -> BaseModel:
        """The connection's credentials; raises CredentialsUndecryptable when tampered."""
        model = by_name.get(record.connector).credentials_model
        return credentials.unseal(
            self.require_keyring(),
            model,
            record.sealed,
            tenant_id=record.tenant_id,
            connection_id=record.id,
        )

    def verifier(self, record: ConnectionRecord) -> base.Connector:
        """A connector for local work only (webhook signatures): no target check, no slot.

        Kept while ``record.sealed`` is unchanged, at most ``verifier_ttl_seconds``."""
        now = self.clock()
        kept = self._verifiers.get(record.id)
        if kept is not None and kept.sealed == record.sealed and now < kept.expires_at:
            return kept.connector
        secrets = self.unseal(record)
        connector_class = by_name.get(record.connector)
        connector = connector_class(secrets, http=self.clients.for_url(_first_url(secrets)))
        self._keep_verifier(record, connector, now)
        return connector

    def _keep_verifier(
        self, record: ConnectionRecord, connector: base.Connector, now: float
    ) -> None:
        self._verifiers.pop(record.id, None)  # re-inserted last: the dict stays oldest first
        if now - self._swept_at >= self.verifier_ttl_seconds:
            self._swept_at = now
            for connection_id in [k for k, v in self._verifiers.items() if v.expires_at <= now]:
                del self._verifiers[connection_id]
        while len(self._verifiers) >= VERIFIERS_KEPT:
            del self._verifiers[next(iter(self._verifiers))]
        expires_at = now + self.verifier_ttl_seconds
        self._verifiers[record.id] = _KeptVerifier(record.sealed, connector, expires_at)

    @asynccontextmanager
    async def use(self, record: ConnectionRecord) -> AsyncIterator[base.Connector]:
        """A connector for remote calls (instances are cheap; HTTP clients are shared).

        The targets are re-checked now (DNS may have changed since the connection was saved),
        and one of the host's concurrency slots is held while the caller works.
        """
        secrets = self.unseal(record)
        try:
            await guard.check_credentials(secrets, allow_private=self.allow_private_targets)
        except guard.TargetNotAllowed as exc:
            raise connector_errors.ConnectorDataError(
                f"The connection's {exc.field} {exc.reason}.", code="target_not_allowed"
            ) from None
        url = _first_url(secrets)
        connector_class = by_name.get(record.connector)
        pacer: Pacer = UNPACED
        if self.budgets is not None:
            pacer = self.budgets.pacer(budget_key(record, secrets), connector_class.rate_policy)
        connector = connector_class(secrets, http=self.clients.for_url(url), pacer=pacer)
        async with self.clients.slot(url):
            yield connector


def budget_key(record: ConnectionRecord, secrets: BaseModel) -> str:
    """The request budget the connection spends: one per remote account, so two connections
    to one shop spend the same."""
    account = by_name.get(record.connector).budget_account(secrets) or f"connection-{record.id}"
    return f"{record.connector}:{account}"


def _first_url(secrets: BaseModel) -> str | None:
    urls = list(guard.target_urls(secrets).values())
    return urls[0] if urls else None


def _factory(request: Request) -> ConnectorFactory:
    factory: ConnectorFactory = request.state.factory
    return factory


FactoryDep = Annotated[ConnectorFactory, Depends(_factory)]
