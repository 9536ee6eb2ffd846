"""The Ecwid simulator behind the connector contract suite (see harness.py)."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from syncyard_common.canonical import Address, Category, Customer, Order, Product
from syncyard_gateway.connectors.base import Connector
from syncyard_gateway.connectors.ecwid import EcwidConnector, EcwidCredentials
from tests.contract.simulators import ecwid_sim

WRITES = {"POST", "PUT", "DELETE"}


def _person(address: Address | None, company: str | None = None) -> dict[str, Any]:
    if address is None:
        return {"companyName": company} if company else {}
    person = {
        "name": address.full_name,
        "companyName": company or address.company,
        "street": address.line1,
        "city": address.city,
        "postalCode": address.postcode,
        "countryCode": address.country_code,
        "phone": address.phone,
    }
    return {key: value for key, value in person.items() if value}


def _money(product_price: Any) -> float:
    return float(product_price.to_decimal())


def product_body(product: Product) -> dict[str, Any]:
    """The product as a merchant would set it up in Ecwid's admin (options + combinations)."""
    body: dict[str, Any] = {
        "sku": product.sku,
        "name": product.name,
        "description": product.description or "",
        "enabled": product.is_active,
    }
    if product.price is not None:
        body["price"] = _money(product.price)
    body |= {"quantity": product.quantity} if product.quantity is not None else {"unlimited": True}
    if product.barcode:
        body["attributes"] = [{"name": "UPC", "type": "UPC", "value": product.barcode}]
    choices: dict[str, list[str]] = {}
    for variant in product.variants:
        for name, value in variant.attributes.items():
            if value not in choices.setdefault(name, []):
                choices[name].append(value)
    body["options"] = [
        {"name": name, "type": "SELECT", "choices": [{"text": value} for value in values]}
        for name, values in choices.items()
    ]
    body["combinations"] = []
    for variant in product.variants:
        row: dict[str, Any] = {
            "sku": variant.sku,
            "options": [{"name": k, "value": v} for k, v in variant.attributes.items()],
        }
        if variant.price is not None:
            row["price"] = _money(variant.price)
        row |= {"quantity": variant.quantity or 0}
        body["combinations"].append(row)
    return body


class EcwidHarness:
    """Seeds and inspects the Ecwid simulator through its `/_sim/` control API."""

    connector_class: type[Connector] = EcwidConnector

    def __init__(self, base_url: str, control: httpx.AsyncClient) -> None:
        self.base_url = base_url
        self._control = control

    def credentials(self) -> BaseModel:
        return EcwidCredentials(
            store_id=ecwid_sim.STORE_ID,
            access_token=SecretStr(ecwid_sim.TOKEN),
            client_secret=SecretStr(ecwid_sim.CLIENT_SECRET),
            base_url=self.base_url,
        )

    def wrong_credentials(self) -> BaseModel:
        wrong = SecretStr("secret_wrong_0000")
        return self.credentials().model_copy(update={"access_token": wrong})

    async def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = await self._control.request(method, path, json=body)
        response.raise_for_status()
        return response.json()

    async def reset(self) -> None:
        await self._call("POST", "/_sim/reset", {"seed": False})

    async def seed_product(self, product: Product) -> str:
        answer = await self._call("POST", "/_sim/products", product_body(product))
        return str(answer["products"][0]["id"])

    async def seed_customer(self, customer: Customer) -> str:
        billing = _person(customer.billing_address, customer.company_name)
        billing.setdefault("name", customer.full_name)
        body: dict[str, Any] = {"email": customer.email, "billingPerson": billing}
        if customer.shipping_address is not None:
            body["shippingAddresses"] = [_person(customer.shipping_address)]
        return str((await self._call("POST", "/_sim/customers", body))["id"])

    async def seed_order(self, order: Order) -> str:
        body: dict[str, Any] = {
            "email": order.email or (order.customer.email if order.customer else "") or "",
            "paymentStatus": "PAID" if order.financial_status == "paid" else "AWAITING_PAYMENT",
            "pricesIncludeTax": order.prices_include_tax,
            "billingPerson": _person(order.billing_address),
            "shippingPerson": _person(order.shipping_address),
            "items": [
                {
                    "sku": line.sku or "",
                    "name": line.name or line.sku or "",
                    "quantity": line.quantity,
                    "price": _money(line.unit_price),
                }
                for line in order.lines
            ],
            "orderComments": order.note or "",
        }
        if order.shipping_method:
            body["shippingOption"] = {"shippingMethodName": order.shipping_method}
        return str((await self._call("POST", "/_sim/orders", body))["orderNumber"])

    async def seed_category(self, category: Category, *, parent_id: str | None) -> str:
        body: dict[str, Any] = {"name": category.name, "description": category.description or ""}
        if parent_id is not None:
            body["parentId"] = int(parent_id)
        return str((await self._call("POST", "/_sim/categories", body))["id"])

    async def seed_stock(self, sku: str, quantity: int) -> None:
        await self._call("POST", "/_sim/stock", {"sku": sku, "quantity": quantity})

    async def touch(self, entity: str, record_id: str) -> None:
        # One second later: Ecwid's update times have one-second resolution.
        await self._call("POST", "/_sim/clock", {"seconds": 1})
        if entity == "stock":
            product = await self._product_holding(record_id)
            record_id = str(product["id"]) if product else record_id
            entity = "products"
        await self._call("POST", f"/_sim/{entity}/{record_id}/touch")

    async def stored(self, entity: str) -> list[dict[str, Any]]:
        return list((await self._call("GET", f"/_sim/{entity}"))["items"])

    async def _product_holding(self, sku: str) -> dict[str, Any] | None:
        for product in await self.stored("products"):
            if product["sku"] == sku or any(c.get("sku") == sku for c in product["combinations"]):
                return product
        return None

    async def stock_of(self, sku: str) -> int | None:
        product = await self._product_holding(sku)
        if product is None:
            return None
        holder = next((c for c in product["combinations"] if c.get("sku") == sku), product)
        return None if holder.get("unlimited") else int(holder.get("quantity", 0))

    async def write_requests(self) -> int:
        """Writing API calls that succeeded (a refused 429/5xx attempt wrote nothing)."""
        answer = await self._call("GET", "/_sim/requests")
        return sum(
            1 for r in answer["requests"] if r["method"] in WRITES and 200 <= r["status"] < 300
        )

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self._call("POST", "/_sim/faults", {"fail_next": {"status": status, "count": count}})

    def page_size(self) -> int:
        return 2

    def http(self) -> httpx.AsyncClient:
        return self._control


@pytest.fixture
async def ecwid_harness() -> AsyncIterator[EcwidHarness]:
    """The session's Ecwid simulator (one per test run), emptied for this test."""
    base_url = ecwid_sim.shared_url()
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as control:
        harness = EcwidHarness(base_url, control)
        await harness.reset()
        yield harness
