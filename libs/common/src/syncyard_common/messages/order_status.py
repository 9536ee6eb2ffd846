"""Order status commands to the gateway (a booked order's status back to its source)."""

import uuid
from typing import Literal

from syncyard_common.canonical import OrderStatus
from syncyard_common.messages.envelope import Message


class SetOrderStatusV1(Message):
    type: Literal["gateway.order.status.set.v1"] = "gateway.order.status.set.v1"
    connection_id: uuid.UUID
    order_id: str
    status: OrderStatus


class OrderStatusSetV1(Message):
    type: Literal["connector.order.status.set.v1"] = "connector.order.status.set.v1"
    order_id: str
    status: OrderStatus
