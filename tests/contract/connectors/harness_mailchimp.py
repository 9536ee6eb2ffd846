"""The Mailchimp simulator behind the connector contract: seeding, read-back, faults.

The I/O is the simulator's own driver (``syncyard_sim_mailchimp.driver``); this adapter adds
only the suite's glue: canonical records in Mailchimp's shape, and the Harness protocol.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from syncyard_common.canonical import Category, Customer, Money, Order, Product, Variant
from syncyard_common.egress.trust import trust_store
from syncyard_gateway.connectors.errors import UnsupportedOperation
from syncyard_gateway.connectors.mailchimp import MailchimpConnector, MailchimpCredentials
from syncyard_gateway.connectors.mailchimp.translate import email_id
from syncyard_sim_mailchimp.app import create_app
from syncyard_sim_mailchimp.driver import MailchimpDriver
from syncyard_sim_mailchimp.settings import SimulatorSettings
from tests.contract.connectors.conftest import serve

MAILCHIMP_KEY = "5f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5-us21"
MAILCHIMP_WRONG_KEY = "00000000000000000000000000000000-us21"
MAILCHIMP_LIST = "c0ffee1234"
MAILCHIMP_STORE = "syncyard-contract"
MAILCHIMP_SECRET = "contract-webhook-secret-5e1"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _number(money: Money | None) -> float:
    return float(money.to_decimal()) if money else 0.0


class MailchimpHarness:
    connector_class = MailchimpConnector

    def __init__(self, driver: MailchimpDriver) -> None:
        self.driver = driver
        self.base_url = driver.base_url

    def credentials(self) -> MailchimpCredentials:
        return MailchimpCredentials(
            api_key=SecretStr(MAILCHIMP_KEY),
            store_id=MAILCHIMP_STORE,
            list_id=MAILCHIMP_LIST,
            currency_code="EUR",
            webhook_secret=SecretStr(MAILCHIMP_SECRET),
            base_url=self.base_url,
        )

    def wrong_credentials(self) -> BaseModel:
        return self.credentials().model_copy(update={"api_key": SecretStr(MAILCHIMP_WRONG_KEY)})

    async def reset(self, *, with_store: bool = True) -> None:
        """Empty simulator; the connection's store exists (as after the connector's first
        write), so write counts are about records only."""
        store = {"name": "Contract", "currency_code": "EUR"} if with_store else None
        await self.driver.reset(demo_data=False, with_store=store)

    async def seed_product(self, product: Product) -> str:
        variants = product.variants or [
            Variant(sku=product.sku, name=product.name, price=product.price,
                    quantity=product.quantity)
        ]  # fmt: skip
        body = {
            "id": product.sku,
            "title": product.name,
            "description": product.description or "",
            "variants": [
                {"id": v.sku, "title": v.name or product.name, "sku": v.sku,
                 "price": _number(v.price or product.price), "inventory_quantity": v.quantity or 0}
                for v in variants
            ],
        }  # fmt: skip
        return str((await self.driver.seed_product(body))["id"])

    async def seed_customer(self, customer: Customer) -> str:
        """A signup in the audience plus the shop customer under the same id (the hash)."""
        assert customer.email
        merges = {"FNAME": customer.first_name or "", "LNAME": customer.last_name or ""}
        member = {"email_address": customer.email, "merge_fields": merges}
        await self.driver.sign_up(member)
        shop_customer = {
            "id": email_id(customer.email), "email_address": customer.email,
            "opt_in_status": True, "first_name": customer.first_name or "",
            "last_name": customer.last_name or "", "company": customer.company_name or "",
        }  # fmt: skip
        return str((await self.driver.seed_customer(shop_customer))["id"])

    async def seed_order(self, order: Order) -> str:
        known = {p["id"] for p in await self.stored("products")}
        for line in order.lines:
            if line.sku and line.sku not in known:
                simple = Product(sku=line.sku, name=line.name or line.sku, price=line.unit_price)
                await self.seed_product(simple)
                known.add(line.sku)
        email = order.email or (order.customer.email if order.customer else None) or "x@example.nl"
        body = {
            "id": order.source_id,
            "customer": {"id": email_id(email), "email_address": email, "opt_in_status": False},
            "currency_code": order.currency,
            "order_total": float(order.total.to_decimal()) if order.total else 0,
            "financial_status": order.financial_status or "",
            "lines": [
                {"id": str(i), "product_id": li.sku, "product_variant_id": li.sku,
                 "quantity": li.quantity, "price": float(li.unit_price.to_decimal())}
                for i, li in enumerate(order.lines, start=1) if li.sku
            ],
        }  # fmt: skip
        return str((await self.driver.place_order(body))["id"])

    async def seed_category(self, category: Category, *, parent_id: str | None) -> str:
        raise UnsupportedOperation("Mailchimp has no categories.")

    async def seed_stock(self, sku: str, quantity: int) -> None:
        await self.driver.seed_stock(sku, quantity)

    async def touch(self, entity: str, record_id: str) -> None:
        # A later edit: Mailchimp's timestamps have whole seconds.
        await self.driver.advance_clock(1)
        if entity == "customers":
            await self.driver.touch_member(record_id)
        else:
            await self.driver.touch(entity, record_id)

    async def stored(self, entity: str) -> list[dict[str, Any]]:
        if entity == "categories":
            return []
        return await self.driver.records(entity)

    async def stock_of(self, sku: str) -> int | None:
        return await self.driver.stock_of(sku)

    async def write_requests(self) -> int:
        requests = await self.driver.requests()
        return sum(1 for r in requests if r["method"] in WRITES and r["status"] < 400)

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self.driver.fail_next(status, count)

    def page_size(self) -> int:
        return 2

    def http(self) -> httpx.AsyncClient:
        return self.driver.client


@pytest.fixture(scope="session")
def mailchimp_url() -> Iterator[str]:
    settings = SimulatorSettings(
        api_key=MAILCHIMP_KEY, list_id=MAILCHIMP_LIST, demo_data=False, webhook_retry_scale=0.0002
    )
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture
async def mailchimp_harness(mailchimp_url: str) -> AsyncIterator[MailchimpHarness]:
    """The session's simulator, reset for this test."""
    async with httpx.AsyncClient(
        base_url=mailchimp_url, timeout=10, verify=trust_store()
    ) as control:
        driver = MailchimpDriver(
            mailchimp_url,
            store_id=MAILCHIMP_STORE,
            list_id=MAILCHIMP_LIST,
            api_key=MAILCHIMP_KEY,
            client=control,
        )
        harness = MailchimpHarness(driver)
        await harness.reset()
        yield harness
