"""Read-only look-ups in a connection (dry run): what the target has per SKU, e-mail, reference.

The same connector calls the look-up commands make, answered over HTTP; nothing is written."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.web import errors as web_errors
from syncyard_gateway.connections import credentials, errors, health, live
from syncyard_gateway.connections.remote_calls import NotForThisConnection, RemoteFailed
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base, by_name
from syncyard_gateway.connectors import errors as connector_errors

Key = Annotated[str, Field(min_length=1, max_length=255)]
Answer = dict[str, Any]


class LookupsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    keys: list[Key] = Field(
        min_length=1, max_length=50, description="SKUs, e-mail addresses or external references."
    )
    location_id: str | None = Field(
        default=None, max_length=64, description="Stock only: the location (empty: default)."
    )


class LookupsRead(BaseModel):
    entity: str
    results: list[Answer] = Field(description="One per distinct key, in the order given.")


class UnknownLookup(web_errors.Unprocessable):
    """A name outside the look-ups' list (the path parameter's enum)."""

    def __init__(self, reason: str) -> None:
        super().__init__("unknown_lookup", reason, field="entity")


class LookupNotSupported(NotForThisConnection):
    """A look-up of the list that this connection's connector cannot make."""

    def __init__(self, reason: str) -> None:
        super().__init__("lookup_not_supported", reason, field="entity")


async def _products(connector: base.Connector, keys: list[Key], _: str | None) -> list[Answer]:
    # The SKU → id map is what order lines use; the whole product is what an update compares.
    if not isinstance(connector, base.SkuLookup):
        raise LookupNotSupported(f"{connector.title} connections cannot look up products.")
    ids = await connector.find_products_by_sku(keys)
    whole = isinstance(connector, base.ProductTarget) and (
        base.Entity.PRODUCTS in connector.capabilities.writes
    )
    answers = []
    for key in keys:
        product = None
        if whole and key in ids:
            assert isinstance(connector, base.ProductTarget)
            found = await connector.find_product(key)
            product = found.model_dump(mode="json") if found is not None else None
        answers.append({"key": key, "product_id": ids.get(key), "product": product})
    return answers


async def _customers(connector: base.Connector, keys: list[Key], _: str | None) -> list[Answer]:
    _require(connector, base.Entity.CUSTOMERS, connector.capabilities.writes, "write")
    if not isinstance(connector, base.CustomerTarget):
        raise LookupNotSupported(f"{connector.title} connections cannot look up customers.")
    answers = []
    for key in keys:
        found = await connector.find_customer(key)
        answers.append(
            {"key": key, "customer": found.model_dump(mode="json") if found is not None else None}
        )
    return answers


async def _orders(connector: base.Connector, keys: list[Key], _: str | None) -> list[Answer]:
    _require(connector, base.Entity.ORDERS, connector.capabilities.writes, "write")
    if not isinstance(connector, base.OrderTarget):
        raise LookupNotSupported(f"{connector.title} connections cannot look up orders.")
    return [{"key": key, "order_id": await connector.find_order(key)} for key in keys]


async def _stock(connector: base.Connector, keys: list[Key], location: str | None) -> list[Answer]:
    _require(connector, base.Entity.STOCK, connector.capabilities.reads, "read")
    if not isinstance(connector, base.StockSource):
        raise LookupNotSupported(f"{connector.title} connections cannot read stock.")
    levels = {level.sku: level for level in await connector.get_stock(keys, location_id=location)}
    return [
        {"key": key, "level": levels[key].model_dump(mode="json") if key in levels else None}
        for key in keys
    ]


LOOKUPS: dict[base.Entity, Callable[[base.Connector, list[Key], str | None], Awaitable[Any]]] = {
    base.Entity.PRODUCTS: _products,
    base.Entity.CUSTOMERS: _customers,
    base.Entity.ORDERS: _orders,
    base.Entity.STOCK: _stock,
}


def _require(
    connector: base.Connector, entity: base.Entity, declared: frozenset[base.Entity], access: str
) -> None:
    if entity not in declared:
        raise LookupNotSupported(
            f"{connector.title} connections cannot {access} {entity.value}, "
            "so they have nothing to look up."
        )


def _entity(name: str) -> base.Entity:
    try:
        entity = base.Entity(name)
    except ValueError:
        entity = None
    if entity not in LOOKUPS:
        known = ", ".join(e.value for e in LOOKUPS)
        raise UnknownLookup(f"There is no look-up of {name!r}; use one of: {known}.")
    assert entity is not None
    return entity


async def look_up(
    *,
    session: AsyncSession,
    factory: live.ConnectorFactory,
    record: ConnectionRecord,
    entity_name: str,
    lookups_in: LookupsIn,
) -> LookupsRead:
    """Per distinct key what the remote system has now; nothing is stored or written."""
    entity = _entity(entity_name)
    by_name.get(record.connector)  # an unknown connector is a bug, not a 422
    keys = list(dict.fromkeys(lookups_in.keys))
    try:
        async with factory.use(record) as connector:
            answers = await LOOKUPS[entity](connector, keys, lookups_in.location_id)
    except live.KeysUnavailable:
        raise errors.CredentialKeysMissing() from None
    except credentials.CredentialsUndecryptable:
        raise errors.CredentialsUnreadable() from None
    except connector_errors.ConnectorAuthError as exc:
        async with session.begin():  # same as any other call: failing, one alert
            await health.record_failure(
                session, record=record, code=exc.code, reason=exc.reason, now=datetime.now(UTC)
            )
        raise RemoteFailed(exc.code, exc.reason) from None
    except connector_errors.UnsupportedOperation as exc:
        raise LookupNotSupported(exc.reason) from None
    except connector_errors.ConnectorError as exc:
        raise RemoteFailed(exc.code, exc.reason) from None
    return LookupsRead(entity=entity.value, results=answers)
