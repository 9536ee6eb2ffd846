"""One shared httpx client per remote host, so connections reuse a small, bounded pool.

httpx's pool degrades badly with many waiters (design.md §8), so callers also take a slot of a
per-host semaphore: excess work waits here, cheaply, instead of inside the pool.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import httpx

MAX_CONCURRENT_PER_HOST = 8


def host_key(url: str | None) -> str:
    """``scheme://host:port`` of a URL, the unit clients are shared by."""
    if not url:
        return "default"
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


class ClientPool:
    """Lazily creates one client (and one concurrency limit) per remote host."""

    def __init__(
        self,
        create_client: Callable[[], httpx.AsyncClient],
        *,
        max_concurrent_per_host: int = MAX_CONCURRENT_PER_HOST,
    ) -> None:
        self._create_client = create_client
        self._max_concurrent = max_concurrent_per_host
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._slots: dict[str, asyncio.Semaphore] = {}

    def for_url(self, url: str | None) -> httpx.AsyncClient:
        """The client for ``url``'s host (one default client when the URL is unknown)."""
        key = host_key(url)
        client = self._clients.get(key)
        if client is None:
            client = self._clients[key] = self._create_client()
        return client

    @asynccontextmanager
    async def slot(self, url: str | None) -> AsyncIterator[None]:
        """Hold one of the host's concurrent-call slots for the duration of a remote operation."""
        key = host_key(url)
        semaphore = self._slots.get(key)
        if semaphore is None:
            semaphore = self._slots[key] = asyncio.Semaphore(self._max_concurrent)
        async with semaphore:
            yield

    async def close(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()
