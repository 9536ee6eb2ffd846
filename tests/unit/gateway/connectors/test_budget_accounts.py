"""Which remote account a connection's calls are charged to, and what a bare 429 says."""

import time

import httpx
import pytest
from pydantic import SecretStr

from syncyard_gateway.connectors import http
from syncyard_gateway.connectors.bigcommerce.connector import (
    BigCommerceConnector,
    BigCommerceCredentials,
)
from syncyard_gateway.connectors.ecwid.connector import EcwidConnector, EcwidCredentials
from syncyard_gateway.connectors.mailchimp.connector import (
    MailchimpConnector,
    MailchimpCredentials,
)
from syncyard_gateway.connectors.mplus import MplusConnector, MplusCredentials
from syncyard_gateway.connectors.pacing import Allowance, LocalPacer, RatePolicy
from syncyard_gateway.connectors.shopify.connector import ShopifyConnector, ShopifyCredentials

pytestmark = pytest.mark.unit
SECRET = SecretStr("secret-secret")


def shop(**changes: object) -> ShopifyCredentials:
    fields = {
        "shop_domain": "demo-shop.myshopify.com",
        "access_token": SecretStr("shpat_one"),
        "webhook_secret": SECRET,
    }
    return ShopifyCredentials.model_validate(fields | changes)


def test_two_connections_to_one_shop_share_its_account_whatever_their_tokens() -> None:
    one = ShopifyConnector.budget_account(shop())
    other = ShopifyConnector.budget_account(shop(access_token=SecretStr("shpat_two")))
    assert one == other == "demo-shop.myshopify.com"
    elsewhere = ShopifyConnector.budget_account(shop(base_url="http://127.0.0.1:8101"))
    assert elsewhere == "demo-shop.myshopify.com@127.0.0.1:8101"  # another server (a simulator)


def test_stores_are_their_store_hash_and_store_id() -> None:
    store = BigCommerceCredentials(
        store_hash="abc123", access_token=SECRET, client_secret=SECRET, base_url=None
    )
    assert BigCommerceConnector.budget_account(store) == "abc123"
    ecwid = EcwidCredentials(store_id=1003, access_token=SECRET, client_secret=SECRET)
    assert EcwidConnector.budget_account(ecwid) == "1003"


def test_an_account_known_by_its_secret_is_named_by_a_fingerprint_never_the_secret() -> None:
    key = "0123456789abcdef0123456789abcdef-us21"
    fields = {
        "api_key": SecretStr(key),
        "store_id": "s1",
        "list_id": "l1",
        "currency_code": "EUR",
        "webhook_secret": SECRET,
    }
    account = MailchimpConnector.budget_account(MailchimpCredentials.model_validate(fields))
    assert account is not None
    assert key not in account
    assert len(account) == 16
    other = MailchimpConnector.budget_account(
        MailchimpCredentials.model_validate(fields | {"store_id": "s2"})
    )
    assert other == account  # the same API user: one cap of 10 connections


def test_a_till_is_its_installation_and_user() -> None:
    till = MplusCredentials(
        base_url="https://api.mpluskassa.nl:34567/", ident="shop", secret=SECRET
    )
    assert MplusConnector.budget_account(till) == "shop@api.mpluskassa.nl:34567"


def test_a_bare_429_empties_the_budget_for_retry_after_or_a_second() -> None:
    request = httpx.Request("GET", "https://app.ecwid.com/api/v3/1003/products")
    said = http.refusal(httpx.Response(429, headers={"Retry-After": "3"}, request=request))
    assert said == Allowance(empty_for=3.0)
    assert http.refusal(httpx.Response(429, request=request)) == Allowance(empty_for=1.0)
    assert http.refusal(httpx.Response(200, request=request)) is None


async def test_a_local_pacer_learns_a_refusal_and_waits_for_it() -> None:
    pacer = LocalPacer(RatePolicy(per_second=100.0, burst=5))
    async with pacer.request() as call:
        call.learn(Allowance(empty_for=0.3))
    started = time.monotonic()
    async with pacer.request():
        pass
    assert time.monotonic() - started >= 0.25
