"""Product commands to the gateway and their results."""

import uuid
from typing import Literal

from pydantic import Field

from syncyard_common.messages.envelope import Message


class CheckProductsV1(Message):
    """Command: which of these SKUs exist in the target?"""

    type: Literal["gateway.products.check.v1"] = "gateway.products.check.v1"
    connection_id: uuid.UUID
    skus: list[str]


class ProductsCheckedV1(Message):
    type: Literal["connector.products.checked.v1"] = "connector.products.checked.v1"
    found: dict[str, str] = Field(description="SKU → the target's id for it.")
    missing: list[str]
