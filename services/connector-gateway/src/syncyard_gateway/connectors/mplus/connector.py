"""MplusKASSA (SOAP): the POS as source and target of orders, products, stock, debtors and
article groups, polled by sync marker."""

from datetime import datetime

import httpx
from pydantic import BaseModel

from syncyard_common.canonical import Category, Customer, Order, OrderStatus, Product, StockLevel
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.base import (
    ChangePage,
    Connector,
    CreatedOrder,
    Entity,
    UpsertedCustomer,
)
from syncyard_gateway.connectors.errors import (
    ConnectorDataError,
    ConnectorNotFound,
    ConnectorTransientError,
    UnsupportedOperation,
)
from syncyard_gateway.connectors.kit.credentials import own_credentials
from syncyard_gateway.connectors.mplus import categories, periods, translate, translate_orders
from syncyard_gateway.connectors.mplus.capabilities import CAPABILITIES, RATE_POLICY
from syncyard_gateway.connectors.mplus.changes import ChangeFeed
from syncyard_gateway.connectors.mplus.client import MplusClient
from syncyard_gateway.connectors.mplus.credentials import MplusCredentials
from syncyard_gateway.connectors.mplus.products import StoreProducts
from syncyard_gateway.connectors.pacing import UNPACED, Pacer, account_at

__all__ = ["MplusConnector", "MplusCredentials"]

ORDER_OK = "CREATE-ORDER-RESULT-OK"
ORDER_EXISTS = "CREATE-ORDER-RESULT-EXT-ORDER-ID-ALREADY-EXISTS"
CANCEL_DONE = frozenset({"CANCEL-ORDER-RESULT-OK", "CANCEL-ORDER-RESULT-ALREADY-CANCELLED"})
DELIVER_DONE = frozenset({"DELIVER-ORDER-RESULT-OK", "DELIVER-ORDER-RESULT-ALREADY-DELIVERED"})


class MplusConnector(Connector):
    name = "mplus"
    title = "MplusKASSA"
    credentials_model = MplusCredentials
    capabilities = CAPABILITIES
    rate_policy = RATE_POLICY

    @classmethod
    def budget_account(cls, credentials: BaseModel) -> str | None:
        """The installation (endpoint host and port) and the API user on it."""
        if not isinstance(credentials, MplusCredentials):
            return None
        return account_at(credentials.ident, credentials.base_url)

    def __init__(
        self, credentials: BaseModel, *, http: httpx.AsyncClient, pacer: Pacer = UNPACED
    ) -> None:
        self.pacer = pacer
        self.credentials = credentials = own_credentials(self, MplusCredentials, credentials)
        self._client = MplusClient(
            base_url=credentials.base_url,
            ident=credentials.ident,
            secret=credentials.secret.get_secret_value(),
            http=http,
            pacer=pacer,
        )
        self._products = StoreProducts(
            self._client,
            currency=credentials.currency,
            branch=credentials.branch_number,
            employee=credentials.employee_number,
        )
        self._feed = ChangeFeed(self._client, self._products, currency=credentials.currency)

    def order_currency(self) -> str:
        return self.credentials.currency

    async def test_connection(self) -> None:
        await self._client.get_api_version()

    async def find_order(self, external_reference: str) -> str | None:
        return await self._client.find_order(external_reference)

    async def create_order(
        self,
        order: Order,
        *,
        external_reference: str,
        idempotency_key: str,
        options: OrderCreateOptions,
    ) -> CreatedOrder:
        body = translate.to_order_body(
            order,
            external_reference=external_reference,
            options=options,
            branch_number=self.credentials.branch_number,
        )
        answer = await self._client.create_order(idempotency_key=idempotency_key, order=body)
        if answer.result == ORDER_OK and answer.order_id:
            return CreatedOrder(target_order_id=answer.order_id, was_replayed=answer.is_replay)
        if answer.result == ORDER_EXISTS:
            # R11: an earlier attempt (other key, lost answer) already made it: that is success.
            existing = await self._client.find_order(external_reference)
            if existing is None:
                raise ConnectorTransientError(
                    f"MplusKASSA says order {external_reference!r} exists but cannot find it yet.",
                    code="order_exists_not_found",
                )
            return CreatedOrder(target_order_id=existing, was_replayed=True)
        detail = f": {answer.error_message}" if answer.error_message else ""
        raise ConnectorDataError(
            f"MplusKASSA refused order {external_reference!r} ({answer.result}){detail}",
            code=answer.result or "create_order_failed",
        )

    async def find_customer(self, email: str) -> Customer | None:
        relation = await self._client.find_relation(email)
        if relation is None or not _same_email(relation.email, email):
            return None
        return translate.to_customer(relation)

    async def upsert_customer(
        self, customer: Customer, *, existing_id: str | None
    ) -> UpsertedCustomer:
        stored = None
        if existing_id is None and customer.email:
            # R11: a redelivered command must not create a second debtor.
            found = await self._client.find_relation(customer.email)
            if found is not None and _same_email(found.email, customer.email):
                existing_id, stored = found.relation_number, found
        if existing_id is None:
            relation = translate.to_relation(customer, relation_number=None)
            customer_id, was_created = await self._client.create_relation(relation), True
        else:
            relation = translate.to_relation(customer, relation_number=existing_id)
            # A returning customer whose details did not change costs no update call.
            if stored is None or not translate.is_stored_as(stored, relation):
                await self._client.update_relation(relation)
            customer_id, was_created = existing_id, False
        contact_id = None
        if customer.company_name:
            stored = await self._client.get_relation(customer_id)
            contact_id = translate.contact_number(stored)
        return UpsertedCustomer(
            customer_id=customer_id, was_created=was_created, contact_id=contact_id
        )

    async def get_customer(self, customer_id: str) -> Customer:
        relation = await self._client.get_relation(customer_id)
        if relation is None:
            raise ConnectorNotFound(f"MplusKASSA has no debtor {customer_id!r}.")
        return translate.to_customer(relation)

    # --- orders read back and their status ------------------------------------------------

    async def get_order(self, order_id: str) -> Order:
        order = await self._client.get_order(order_id)
        if order is None:
            raise ConnectorNotFound(f"MplusKASSA has no order {order_id!r}.")
        read = translate_orders.to_canonical_order(order, currency=self.credentials.currency)
        if not order.relation_number:  # 0 or none: a walk-in customer
            return read
        # A till order names its debtor by number only: the e-mail the other side matches
        # customers on lives on the relation.
        relation = await self._client.get_relation(str(order.relation_number))
        if relation is None:
            return read
        return translate_orders.with_debtor(read, translate.to_customer(relation))

    async def set_order_status(self, order_id: str, status: OrderStatus) -> None:
        if status is OrderStatus.CANCELLED:
            branch = self.credentials.branch_number
            result = await self._client.cancel_order(order_id, branch_number=branch)
            if result == "CANCEL-ORDER-RESULT-NOT-FOUND":
                raise ConnectorNotFound(f"MplusKASSA has no order {order_id!r} to cancel.")
            if result not in CANCEL_DONE:
                raise ConnectorDataError(
                    f"MplusKASSA refused to cancel order {order_id!r} ({result}).", code=result
                )
            return
        if status is OrderStatus.SHIPPED:
            result, message = await self._client.deliver_order(order_id)
            if result in DELIVER_DONE:
                return
            if await self._client.get_order(order_id) is None:
                raise ConnectorNotFound(f"MplusKASSA has no order {order_id!r} to deliver.")
            detail = f": {message}" if message else ""
            raise ConnectorDataError(
                f"MplusKASSA refused to deliver order {order_id!r} ({result}){detail}", code=result
            )
        raise UnsupportedOperation(
            f"MplusKASSA orders cannot be marked {status.value}: a payment is booked with a "
            "payment method and an amount, which a status change does not carry."
        )

    # --- change polling -------------------------------------------------------------------

    async def read_changes(
        self, entity: Entity, cursor: str | None, *, limit: int = 100
    ) -> ChangePage:
        if entity not in self.capabilities.reads:
            raise UnsupportedOperation(f"MplusKASSA cannot read changes of {entity.value}.")
        return await self._feed.read(entity, cursor, limit=limit)

    async def read_period(
        self,
        entity: Entity,
        start: datetime | None,
        end: datetime | None,
        cursor: str | None,
        *,
        limit: int = 100,
    ) -> ChangePage:
        return await periods.read_period(
            self._client,
            entity,
            start,
            end,
            cursor,
            limit=limit,
            currency=self.credentials.currency,
        )

    # --- products -------------------------------------------------------------------------

    async def find_products_by_sku(self, skus: list[str]) -> dict[str, str]:
        """SKU → its article number, which also identifies the product holding it."""
        found = await self._products.articles_by_sku(skus)
        return {sku: str(article) for sku, (_, article) in found.items()}

    async def find_product(self, sku: str) -> Product | None:
        return await self._products.find_product(sku)

    async def get_product(self, product_id: str) -> Product:
        return await self._products.get_product(product_id)

    async def create_product(self, product: Product, *, options: ProductWriteOptions) -> str:
        return await self._products.create_product(product, options=options)

    async def update_product(
        self,
        product_id: str,
        product: Product,
        *,
        fields: frozenset[str] | None,
        options: ProductWriteOptions,
    ) -> None:
        await self._products.update_product(product_id, product, fields=fields, options=options)

    # --- stock and categories -------------------------------------------------------------

    async def get_stock(self, skus: list[str], *, location_id: str | None) -> list[StockLevel]:
        return await self._products.get_stock(skus, location_id=location_id)

    async def set_stock(self, sku: str, quantity: int, *, location_id: str | None) -> None:
        await self._products.set_stock(sku, quantity, location_id=location_id)

    async def get_category(self, category_id: str) -> Category:
        return await categories.get_category(self._client, category_id)

    async def upsert_category(self, category: Category, *, parent_id: str | None) -> str:
        return await categories.upsert_category(self._client, category, parent_id=parent_id)


def _same_email(stored: str | None, wanted: str) -> bool:
    return stored is not None and stored.casefold() == wanted.strip().casefold()
