"""SSRF guard (R26): by default only https URLs that resolve to public addresses pass."""

import pytest
from pydantic import BaseModel, SecretStr

from syncyard_gateway.egress import guard
from syncyard_gateway.settings import GatewaySettings


class Credentials(BaseModel):
    base_url: str | None = None
    shop_domain: str | None = None
    secret: SecretStr = SecretStr("x")
    ident: str = "https://not-an-address-field.example"


BLOCKED = [
    "https://127.0.0.1:8101/",
    "https://localhost/",
    "https://10.0.0.8/",
    "https://192.168.1.1/",
    "https://172.16.5.4/",
    "https://169.254.169.254/latest/meta-data/",  # cloud metadata
    "https://100.64.0.1/",  # carrier-grade NAT
    "https://[::1]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[fd00::1]/",  # unique local
    "https://0.0.0.0/",
    "https://2130706433/",  # 127.0.0.1 as one integer
    "http://93.184.216.34/",  # public, but not https
    "https://user:pass@93.184.216.34/",
    "ftp://93.184.216.34/",
    "not a url",
    "https:///no-host",
]


class TestCheckUrl:
    @pytest.mark.parametrize("url", BLOCKED)
    async def test_default_settings_block(self, url: str) -> None:
        allow_private = GatewaySettings().allow_private_targets
        with pytest.raises(guard.TargetNotAllowed) as caught:
            await guard.check_url(url, allow_private=allow_private, field="base_url")
        assert caught.value.field == "base_url"

    async def test_public_https_address_passes(self) -> None:
        await guard.check_url("https://93.184.216.34:34567/", allow_private=False)

    @pytest.mark.parametrize("url", ["http://127.0.0.1:8101/", "https://localhost:8102"])
    async def test_private_targets_pass_only_when_allowed(self, url: str) -> None:
        await guard.check_url(url, allow_private=True)
        with pytest.raises(guard.TargetNotAllowed):
            await guard.check_url(url, allow_private=False)

    async def test_user_info_is_refused_even_when_private_targets_are_allowed(self) -> None:
        with pytest.raises(guard.TargetNotAllowed, match="user name or password"):
            await guard.check_url("http://a:b@127.0.0.1/", allow_private=True)


class TestCredentials:
    def test_address_fields_are_urls_and_domains(self) -> None:
        urls = guard.target_urls(
            Credentials(base_url="http://127.0.0.1:8101/", shop_domain="demo.myshopify.com")
        )
        assert urls == {
            "base_url": "http://127.0.0.1:8101/",
            "shop_domain": "https://demo.myshopify.com",
        }

    async def test_a_loopback_domain_is_refused(self) -> None:
        with pytest.raises(guard.TargetNotAllowed) as caught:
            await guard.check_credentials(Credentials(shop_domain="localhost"), allow_private=False)
        assert caught.value.field == "shop_domain"
