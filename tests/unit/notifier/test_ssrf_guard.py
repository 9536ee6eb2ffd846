"""The SSRF guard (R26) as the notifier uses it: by default only https to public addresses."""

import ipaddress

import pytest

from syncyard_common.egress import address_guard
from syncyard_notifier.settings import NotifierSettings

pytestmark = pytest.mark.unit


class TestParse:
    def test_the_default_settings_refuse_http_to_loopback(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("SYNCYARD_ALLOW_PRIVATE_TARGETS", raising=False)
        settings = NotifierSettings()
        assert settings.allow_private_targets is False
        with pytest.raises(address_guard.TargetRefused, match="https"):
            address_guard.parse(
                "http://127.0.0.1:8080/hook", allow_private=settings.allow_private_targets
            )

    @pytest.mark.parametrize(
        "url",
        [
            "https://127.0.0.1/hook",
            "https://10.0.0.5/hook",
            "https://192.168.1.1/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hook",
            "https://[fd00::1]/hook",
            "https://[::ffff:127.0.0.1]/hook",
            "https://0.0.0.0/hook",
            "https://100.64.0.1/hook",
        ],
    )
    def test_refuses_private_loopback_link_local_and_ula_literals(self, url: str) -> None:
        with pytest.raises(address_guard.TargetRefused, match="not a public"):
            address_guard.parse(url, allow_private=False)

    @pytest.mark.parametrize(
        "url", ["https://user:pw@hooks.example.com/x", "ftp://hooks.example.com/", "https:///x"]
    )
    def test_refuses_userinfo_other_schemes_and_missing_hosts(self, url: str) -> None:
        with pytest.raises(address_guard.TargetRefused):
            address_guard.parse(url, allow_private=False)

    def test_accepts_https_to_a_public_name_and_keeps_path_and_query(self) -> None:
        target = address_guard.parse(
            "https://Hooks.Example.com./services/T1?a=1", allow_private=False
        )
        assert (target.scheme, target.host, target.port) == ("https", "hooks.example.com", 443)
        assert target.path == "/services/T1?a=1"

    def test_the_test_setting_admits_http_to_loopback(self) -> None:
        target = address_guard.parse("http://127.0.0.1:8080/hook", allow_private=True)
        assert (target.host, target.port, target.path) == ("127.0.0.1", 8080, "/hook")


class TestCheckAddress:
    def test_public_addresses_pass(self) -> None:
        address = ipaddress.ip_address("93.184.216.34")
        assert address_guard.check_address(address, allow_private=False) == address

    def test_ipv4_mapped_ipv6_is_judged_as_ipv4(self) -> None:
        with pytest.raises(address_guard.TargetRefused):
            address_guard.check_address(
                ipaddress.ip_address("::ffff:10.1.2.3"), allow_private=False
            )

    async def test_resolving_a_loopback_literal_is_refused_by_default(self) -> None:
        target = address_guard.Target(url="x", scheme="https", host="127.0.0.1", port=443, path="/")
        with pytest.raises(address_guard.TargetRefused):
            await address_guard.resolve(target, allow_private=False)

    async def test_a_host_that_does_not_resolve_is_told_apart(self) -> None:
        # .invalid never resolves (RFC 2606): the notifier saves such a URL, then every send
        # resolves it again.
        target = address_guard.parse("https://receiver.invalid/hook", allow_private=False)
        with pytest.raises(address_guard.HostUnresolved, match="does not resolve"):
            await address_guard.resolve(target, allow_private=False)
