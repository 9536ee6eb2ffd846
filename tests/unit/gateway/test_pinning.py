"""The gateway's sockets go only to the address the guard checked (DNS rebinding, R26)."""

import ipaddress
from collections.abc import Iterable
from typing import Any

import httpcore
import pytest

from syncyard_common.egress import address_guard
from syncyard_gateway.egress.pinning import PinnedBackend


class RecordingBackend(httpcore.AsyncNetworkBackend):
    """Remembers where it was asked to connect instead of connecting."""

    def __init__(self) -> None:
        self.hosts: list[str] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.hosts.append(host)
        raise httpcore.ConnectError("recorded")


class TestPinnedBackend:
    async def test_connects_to_the_checked_address_not_the_name(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        answers = iter(["93.184.216.34", "127.0.0.1"])  # a rebinding DNS server

        async def rebinding(host: str, port: int, *, allow_private: bool) -> Any:
            return address_guard.check_address(
                ipaddress.ip_address(next(answers)), allow_private=allow_private
            )

        monkeypatch.setattr(address_guard, "resolve_host", rebinding)
        inner = RecordingBackend()
        backend = PinnedBackend(allow_private=False, inner=inner)
        with pytest.raises(httpcore.ConnectError, match="recorded"):
            await backend.connect_tcp("shop.example.com", 443)
        assert inner.hosts == ["93.184.216.34"]
        # The second answer points inside: refused before any socket is opened.
        with pytest.raises(httpcore.ConnectError, match="target refused"):
            await backend.connect_tcp("shop.example.com", 443)
        assert inner.hosts == ["93.184.216.34"]

    async def test_a_name_of_a_loopback_address_is_refused(self) -> None:
        inner = RecordingBackend()
        with pytest.raises(httpcore.ConnectError, match="not a public"):
            await PinnedBackend(allow_private=False, inner=inner).connect_tcp("localhost", 443)
        assert inner.hosts == []
