"""Category commands to the gateway and their results."""

import uuid
from typing import Literal

from pydantic import Field

from syncyard_common.canonical import Category
from syncyard_common.messages.envelope import Message


class UpsertCategoryV1(Message):
    type: Literal["gateway.category.upsert.v1"] = "gateway.category.upsert.v1"
    connection_id: uuid.UUID
    category: Category
    parent_id: str | None = Field(default=None, description="The parent's id in the target.")


class CategoryUpsertedV1(Message):
    type: Literal["connector.category.upserted.v1"] = "connector.category.upserted.v1"
    source_id: str
    category_id: str
