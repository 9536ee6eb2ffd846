"""Product commands to the gateway and their results."""

import uuid
from enum import StrEnum
from typing import Literal

from pydantic import Field

from syncyard_common.canonical import Product
from syncyard_common.messages.envelope import Message


class ArticleNumberRule(StrEnum):
    """How a SKU becomes a numeric article number in a POS that only has numeric ones."""

    SKU_OR_FAIL = "sku_or_fail"  # numeric SKU → article number; otherwise a clear error
    SKU_OR_PLU = "sku_or_plu"  # numeric SKU → article number; otherwise the SKU goes to the PLU


class ProductWriteOptions(Message):
    """What a product write needs beyond the product (from the flow's settings)."""

    article_number_rule: ArticleNumberRule = ArticleNumberRule.SKU_OR_FAIL
    category_ids: dict[str, str] = Field(
        default_factory=dict, description="Source category id → the target's category id."
    )
    location_id: str | None = Field(default=None, description="Where stock is kept, if chosen.")

    def linked_categories(self, category_ids: list[str]) -> list[str]:
        """The target's ids of the linked categories, in order. A source id with no link is
        left out, never passed on: the same number names another category in the target."""
        return [self.category_ids[c] for c in category_ids if c in self.category_ids]


class CheckProductsV1(Message):
    """Command: which of these SKUs exist in the target?"""

    type: Literal["gateway.products.check.v1"] = "gateway.products.check.v1"
    connection_id: uuid.UUID
    skus: list[str]


class ProductsCheckedV1(Message):
    type: Literal["connector.products.checked.v1"] = "connector.products.checked.v1"
    found: dict[str, str] = Field(description="SKU → the target's id for it.")
    missing: list[str]


class FindProductV1(Message):
    """Command: the target's product whose own or variant SKU is ``sku``."""

    type: Literal["gateway.product.find.v1"] = "gateway.product.find.v1"
    connection_id: uuid.UUID
    sku: str


class ProductFoundV1(Message):
    type: Literal["connector.product.found.v1"] = "connector.product.found.v1"
    sku: str
    product_id: str | None
    product: Product | None


class WriteProductV1(Message):
    """Command: create the product (``product_id`` None) or update only ``fields`` of it.

    A create looks the SKU up first, so a redelivery updates instead of duplicating."""

    type: Literal["gateway.product.write.v1"] = "gateway.product.write.v1"
    connection_id: uuid.UUID
    product: Product
    product_id: str | None = None
    fields: list[str] | None = Field(
        default=None, description="Canonical Product fields an update may overwrite; None: all."
    )
    options: ProductWriteOptions = Field(default_factory=ProductWriteOptions)


class ProductWrittenV1(Message):
    type: Literal["connector.product.written.v1"] = "connector.product.written.v1"
    sku: str
    product_id: str
    was_created: bool
