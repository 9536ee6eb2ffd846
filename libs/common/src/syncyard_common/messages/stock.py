"""Stock commands to the gateway (read levels, set one level) and their results."""

import uuid
from typing import Literal

from syncyard_common.canonical import StockLevel
from syncyard_common.messages.envelope import Message


class GetStockV1(Message):
    type: Literal["gateway.stock.get.v1"] = "gateway.stock.get.v1"
    connection_id: uuid.UUID
    skus: list[str]
    location_id: str | None = None


class StockReadV1(Message):
    type: Literal["connector.stock.read.v1"] = "connector.stock.read.v1"
    levels: list[StockLevel]


class SetStockV1(Message):
    """Command: set the absolute level (a redelivery sets the same number again)."""

    type: Literal["gateway.stock.set.v1"] = "gateway.stock.set.v1"
    connection_id: uuid.UUID
    sku: str
    quantity: int
    location_id: str | None = None


class StockSetV1(Message):
    type: Literal["connector.stock.set.v1"] = "connector.stock.set.v1"
    sku: str
    quantity: int
