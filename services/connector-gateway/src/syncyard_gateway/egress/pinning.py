"""Connect only to the address the guard checked (R26, DNS rebinding).

The gateway's HTTP clients open their sockets through :class:`PinnedBackend`: each new
connection resolves the host once with the shared address guard, refuses it unless every
address is public, then connects to the checked IP. TLS still uses the original host name for
SNI and certificate checks (httpcore takes it from the request, not from the socket), and the
Host header is the request's own, so vendors see nothing different.
"""

from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from syncyard_common.egress import address_guard
from syncyard_common.egress.trust import trust_store


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that connects to guard-checked addresses only."""

    def __init__(self, *, allow_private: bool, inner: httpcore.AsyncNetworkBackend | None = None):
        self._allow_private = allow_private
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if self._allow_private:
            # Nothing is refused: keep the inner backend's happy-eyeballs over all addresses
            # (a local simulator may listen on 127.0.0.1 only while "localhost" says ::1 first).
            return await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            address = await address_guard.resolve_host(host, port, allow_private=False)
        except address_guard.TargetRefused as exc:
            raise httpcore.ConnectError(f"target refused: {exc}") from None
        return await self._inner.connect_tcp(
            str(address), port, timeout, local_address, socket_options
        )

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool opening sockets through PinnedBackend."""

    def __init__(self, *, allow_private: bool, limits: httpx.Limits) -> None:
        # The pool httpx builds here is replaced below; both use the process's one trust store.
        super().__init__(limits=limits, verify=trust_store(), trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=trust_store(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PinnedBackend(allow_private=allow_private),
        )
