"""MplusKASSA (SOAP): the POS as target of web orders and debtors."""

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from syncyard_common.canonical import Customer, Order
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors.base import (
    Capabilities,
    ChangeIntake,
    Connector,
    CreatedOrder,
    Entity,
    UpsertedCustomer,
)
from syncyard_gateway.connectors.errors import ConnectorDataError, ConnectorTransientError
from syncyard_gateway.connectors.mplus import translate
from syncyard_gateway.connectors.mplus.client import MplusClient
from syncyard_gateway.connectors.pacing import UNPACED, Pacer

ORDER_OK = "CREATE-ORDER-RESULT-OK"
ORDER_EXISTS = "CREATE-ORDER-RESULT-EXT-ORDER-ID-ALREADY-EXISTS"


class MplusCredentials(BaseModel):
    """What the setup form asks for; ident and secret travel as query parameters."""

    model_config = ConfigDict(extra="forbid", title="MplusKASSA credentials")

    base_url: str = Field(
        description="API endpoint including its port, e.g. https://api.mpluskassa.nl:34567/",
        min_length=1,
    )
    ident: str = Field(min_length=1)
    secret: SecretStr
    branch_number: int = Field(default=1, ge=1, description="Branch that books web orders.")


class MplusConnector(Connector):
    name = "mplus"
    title = "MplusKASSA"
    credentials_model = MplusCredentials
    capabilities = Capabilities(
        reads=frozenset(),
        writes=frozenset({Entity.ORDERS, Entity.CUSTOMERS}),
        change_intake=ChangeIntake.POLLING,
        not_supported=[
            "images are not synced",
            "article numbers are numeric only: a SKU that is not numeric must be the PLU "
            "number of an article",
            "reading changes (polling by sync markers) is not implemented yet",
            "products, stock and categories are not written yet",
        ],
    )

    def __init__(
        self, credentials: BaseModel, *, http: httpx.AsyncClient, pacer: Pacer = UNPACED
    ) -> None:
        self.pacer = pacer
        if not isinstance(credentials, MplusCredentials):
            raise TypeError("MplusConnector needs MplusCredentials")
        self.credentials = credentials
        self._client = MplusClient(
            base_url=credentials.base_url,
            ident=credentials.ident,
            secret=credentials.secret.get_secret_value(),
            http=http,
        )

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
        body = translate.to_order(
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
        if existing_id is None and customer.email:
            # R11: a redelivered command must not create a second debtor.
            found = await self._client.find_relation(customer.email)
            if found is not None and _same_email(found.email, customer.email):
                existing_id = found.relation_number
        if existing_id is None:
            relation = translate.to_relation(customer, relation_number=None)
            customer_id, was_created = await self._client.create_relation(relation), True
        else:
            relation = translate.to_relation(customer, relation_number=existing_id)
            await self._client.update_relation(relation)
            customer_id, was_created = existing_id, False
        contact_id = None
        if customer.company_name:
            stored = await self._client.get_relation(customer_id)
            contact_id = translate.contact_number(stored)
        return UpsertedCustomer(
            customer_id=customer_id, was_created=was_created, contact_id=contact_id
        )

    async def find_products_by_sku(self, skus: list[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(sku for sku in skus if sku))
        if not wanted:
            return {}
        # Two calls: the simulator and the API combine filters with AND, and an empty
        # filter set would list the whole catalogue.
        articles = await self._client.get_products(article_numbers=[], plu_numbers=wanted)
        found = translate.sku_matches(wanted, articles)
        numeric = [
            int(sku) for sku in wanted if sku not in found and translate.is_article_number(sku)
        ]
        if numeric:
            articles = await self._client.get_products(article_numbers=numeric, plu_numbers=[])
            found = translate.sku_matches(wanted, articles) | found
        return found


def _same_email(stored: str | None, wanted: str) -> bool:
    return stored is not None and stored.casefold() == wanted.strip().casefold()
