"""The one address guard (R26) of the gateway and the notifier refuses every internal form."""

import ipaddress

import pytest

from syncyard_common.egress import address_guard

REFUSED = [
    "127.0.0.1",
    "10.1.2.3",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "::",
    "::7f00:1",  # IPv4-compatible 127.0.0.1
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:93.184.216.34",  # IPv4-mapped, even of a public address
    "::ffff:0:a00:1",  # IPv4-translated 10.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of the metadata address
    "64:ff9b:1::a00:1",  # NAT64 local-use
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2002:5db8:d822::1",  # 6to4, even of a public address
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "fec0::1",  # site-local
    "fd00::1",  # unique local
    "fe80::1",  # link-local
    "ff02::1",  # multicast
]


class TestAddresses:
    @pytest.mark.parametrize("text", REFUSED)
    def test_internal_and_ipv4_embedding_forms_are_refused(self, text: str) -> None:
        with pytest.raises(address_guard.TargetRefused, match="not a public"):
            address_guard.check_address(ipaddress.ip_address(text), allow_private=False)

    @pytest.mark.parametrize("text", REFUSED)
    def test_the_same_forms_are_refused_as_url_literals(self, text: str) -> None:
        host = f"[{text}]" if ":" in text else text
        with pytest.raises(address_guard.TargetRefused):
            address_guard.parse(f"https://{host}/hook", allow_private=False)

    @pytest.mark.parametrize("text", ["93.184.216.34", "2606:4700:4700::1111"])
    def test_public_addresses_pass(self, text: str) -> None:
        address = ipaddress.ip_address(text)
        assert address_guard.check_address(address, allow_private=False) == address

    async def test_a_name_is_resolved_once_and_its_checked_address_returned(self) -> None:
        with pytest.raises(address_guard.TargetRefused):
            await address_guard.resolve_host("localhost", 443, allow_private=False)
        address = await address_guard.resolve_host("localhost", 443, allow_private=True)
        assert address.is_loopback
